import OrderedCollections

/// `history` of an ASDF file: the extensions used to write it and free-form entries
/// (`core/history_entry-1.0.0`). Older files have a plain list of entries.
public struct History: Sendable {
    /// One `history_entry`.
    public struct Entry: Sendable {
        public var description: String
        /// When, as an ISO 8601 date-time (text as written).
        public var time: String?
        public var software: [Software]

        public init(description: String, time: String? = nil, software: [Software] = []) {
            self.description = description
            self.time = time
            self.software = software
        }

        public init?(node: Node) {
            guard let description = node["description"]?.stringValue else { return nil }
            self.description = description
            time = node["time"]?.stringValue
            switch node["software"] {
            case .some(let s) where s.sequenceValue != nil: software = s.sequenceValue!.compactMap(Software.init(node:))
            case .some(let s): software = Software(node: s).map { [$0] } ?? []
            case .none: software = []
            }
        }

        public var node: Node {
            var m = OrderedDictionary<Node.MappingKey, Node>()
            m["description"] = .string(description)
            if !software.isEmpty { m["software"] = software.count == 1 ? software[0].node : .sequence(software.map(\.node)) }
            if let time { m["time"] = .timestamp(time) }
            return .tagged(Tag.historyEntry, .mapping(m))
        }
    }

    /// One `extension_metadata` record.
    public struct ExtensionMetadata: Sendable {
        public var extensionClass: String
        public var extensionURI: String?
        public var software: Software?
        public var manifestSoftware: Software?

        public init(extensionClass: String, extensionURI: String? = nil, software: Software? = nil, manifestSoftware: Software? = nil) {
            self.extensionClass = extensionClass
            self.extensionURI = extensionURI
            self.software = software
            self.manifestSoftware = manifestSoftware
        }

        public init?(node: Node) {
            guard let extensionClass = node["extension_class"]?.stringValue else { return nil }
            self.extensionClass = extensionClass
            extensionURI = node["extension_uri"]?.stringValue
            software = node["software"].flatMap(Software.init(node:))
            manifestSoftware = node["manifest_software"].flatMap(Software.init(node:))
        }

        public var node: Node {
            var m = OrderedDictionary<Node.MappingKey, Node>()
            m["extension_class"] = .string(extensionClass)
            if let extensionURI { m["extension_uri"] = .string(extensionURI) }
            if let manifestSoftware { m["manifest_software"] = manifestSoftware.node }
            if let software { m["software"] = software.node }
            return .tagged(Tag.extensionMetadata, .mapping(m))
        }
    }

    public var extensions: [ExtensionMetadata]
    public var entries: [Entry]

    public init(extensions: [ExtensionMetadata] = [], entries: [Entry] = []) {
        self.extensions = extensions
        self.entries = entries
    }

    /// Reads `history` in either form.
    public init(node: Node) {
        if let list = node.sequenceValue {
            extensions = []
            entries = list.compactMap(Entry.init(node:))
        } else {
            extensions = node["extensions"]?.sequenceValue?.compactMap(ExtensionMetadata.init(node:)) ?? []
            entries = node["entries"]?.sequenceValue?.compactMap(Entry.init(node:)) ?? []
        }
    }

    public var node: Node {
        var m = OrderedDictionary<Node.MappingKey, Node>()
        if !extensions.isEmpty { m["extensions"] = .sequence(extensions.map(\.node)) }
        if !entries.isEmpty { m["entries"] = .sequence(entries.map(\.node)) }
        return .mapping(m)
    }
}
