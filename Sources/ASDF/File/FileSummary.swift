import Arrays

/// What `roman info` shows of any ASDF file: versions, tags used, every array with its storage,
/// and the scalar metadata values.
public struct FileSummary: Sendable, Encodable {
    public struct ArrayEntry: Sendable, Encodable {
        public var path: String
        public var datatype: String
        public var byteorder: String
        public var shape: [Int]
        /// "block", "inline" or "streamed".
        public var storage: String
        public var block: Int?
        public var compression: String
        /// Bytes the array's block occupies in the file (shared by views of one block).
        public var storedBytes: Int
        /// Bytes of the array's elements once decoded.
        public var decodedBytes: Int
    }

    public struct BlockEntry: Sendable, Encodable {
        public var offset: Int
        public var compression: String
        public var usedBytes: UInt64
        public var dataBytes: UInt64
        public var checksum: String?
        public var streamed: Bool
    }

    public var path: String?
    public var fileBytes: Int?
    public var formatVersion: String
    public var standardVersion: String
    public var usedBlockIndex: Bool
    /// Tag URI -> number of nodes carrying it.
    public var tags: [String: Int]
    public var blocks: [BlockEntry]
    public var arrays: [ArrayEntry]
    /// Tree path -> scalar value as text (tagged scalars get their tag's short name in brackets).
    public var metadata: [MetadataEntry]

    public struct MetadataEntry: Sendable, Encodable {
        public var path: String
        public var value: String
        public var type: String
    }

    public init(_ file: ASDFFile, fileBytes: Int? = nil) {
        path = file.path
        self.fileBytes = fileBytes
        formatVersion = file.formatVersion
        standardVersion = file.standardVersion
        usedBlockIndex = file.usedBlockIndex
        blocks = file.blocks.map { header in
            BlockEntry(offset: header.offset,
                       compression: BlockCompression(headerLabel: header.compressionLabel)?.rawValue ?? "?",
                       usedBytes: header.usedSize, dataBytes: header.dataSize,
                       checksum: header.hasChecksum ? hex(header.checksum) : nil, streamed: header.isStreamed)
        }
        var tags: [String: Int] = [:]
        if let root = file.rootTag { tags[root, default: 0] += 1 }
        var arrays: [ArrayEntry] = []
        var metadata: [MetadataEntry] = []
        let blocks = file.blocks
        func walk(_ node: Node, _ path: String, shownTag: String?) {
            switch node {
            case .tagged(let tag, let inner):
                tags[tag, default: 0] += 1
                walk(inner, path, shownTag: tag)
            case .ndarray(let a):
                tags[Tag.ndarray, default: 0] += 1
                let stored = a.sourceBlock.flatMap { blocks.indices.contains($0) ? Int(blocks[$0].usedSize) : nil }
                arrays.append(ArrayEntry(
                    path: path, datatype: a.array.dataType.displayName, byteorder: a.array.byteOrder.rawValue,
                    shape: a.array.shape, storage: "\(a.storage)", block: a.sourceBlock,
                    compression: (a.storage == .inline ? nil : a.compression)?.rawValue ?? "none",
                    storedBytes: stored ?? 0, decodedBytes: a.array.byteCount))
            case .sequence(let items):
                if items.allSatisfy({ TreeEmitter.scalarText($0) != nil }), !items.isEmpty {
                    metadata.append(MetadataEntry(path: path, value: "[" + items.map { Self.text($0) }.joined(separator: ", ") + "]",
                                                  type: Self.shortTag(shownTag) ?? "list"))
                } else {
                    for (i, item) in items.enumerated() { walk(item, path.isEmpty ? "\(i)" : "\(path)/\(i)", shownTag: nil) }
                }
            case .mapping(let m):
                for (k, v) in m { walk(v, path.isEmpty ? k.description : "\(path)/\(k)", shownTag: nil) }
            default:
                metadata.append(MetadataEntry(path: path, value: Self.text(node), type: Self.shortTag(shownTag) ?? Self.kind(node)))
            }
        }
        walk(file.tree, "", shownTag: nil)
        self.tags = tags
        self.arrays = arrays
        self.metadata = metadata
    }

    static func text(_ node: Node) -> String {
        switch node {
        case .string(let s), .timestamp(let s): s
        default: TreeEmitter.scalarText(node) ?? ""
        }
    }

    static func kind(_ node: Node) -> String {
        switch node {
        case .null: "null"
        case .bool: "bool"
        case .int: "int"
        case .float: "float"
        case .string: "str"
        case .timestamp: "timestamp"
        default: "?"
        }
    }

    /// `tag:stsci.edu:asdf/time/time-1.4.0` -> `time-1.4.0`.
    static func shortTag(_ tag: String?) -> String? {
        guard let tag else { return nil }
        return tag.split(separator: "/").last.map(String.init)
    }

    /// A human-readable report.
    public var text: String {
        var lines: [String] = []
        let size = fileBytes.map { " (\(ByteCount.format($0)))" } ?? ""
        lines.append("\(path ?? "(memory)")\(size)")
        lines.append("ASDF \(formatVersion), standard \(standardVersion), \(blocks.count) block(s)"
                     + (blocks.isEmpty ? "" : usedBlockIndex ? ", block index used" : ", blocks walked (no valid index)"))
        lines.append("")
        lines.append("Tags:")
        for (tag, count) in tags.sorted(by: { $0.key < $1.key }) { lines.append("  \(tag)  x\(count)") }
        lines.append("")
        lines.append("Arrays:")
        if arrays.isEmpty { lines.append("  (none)") }
        let rows = arrays.map { a in
            [a.path, a.datatype + (a.byteorder == "big" && a.datatype != "bool8" ? " (big)" : ""),
             "(" + a.shape.map(String.init).joined(separator: ", ") + ")",
             a.block.map { "block \($0)" } ?? a.storage, a.compression,
             ByteCount.format(a.storedBytes), ByteCount.format(a.decodedBytes)]
        }
        lines += Table.render(header: ["path", "datatype", "shape", "storage", "compression", "on disk", "decoded"], rows: rows)
            .map { "  " + $0 }
        lines.append("")
        lines.append("Metadata:")
        for entry in metadata {
            lines.append("  \(entry.path) = \(entry.value)" + (["str", "int", "float", "bool", "null"].contains(entry.type) ? "" : "  [\(entry.type)]"))
        }
        return lines.joined(separator: "\n")
    }
}

/// Byte counts for people: `335.5 MB`.
public enum ByteCount {
    public static func format(_ bytes: Int) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000, unit < units.count - 1 { value /= 1000; unit += 1 }
        return unit == 0 ? "\(bytes) B" : String(format1: value) + " " + units[unit]
    }
}

/// Left-aligned text columns.
public enum Table {
    public static func render(header: [String], rows: [[String]]) -> [String] {
        guard !rows.isEmpty else { return [] }
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            zip(row, widths).map { $0.padding(toLength: $1) }.joined(separator: "  ").trimmingTrailingSpaces()
        }
    }
}

extension String {
    init(format1 value: Double) {
        let scaled = (value * 10).rounded() / 10
        self = "\(scaled)"
    }

    func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }

    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
