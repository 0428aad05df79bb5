import OrderedCollections

/// `core/software-1.0.0`: the name and version of a program (e.g. `asdf_library`).
public struct Software: Sendable, Equatable {
    public var name: String
    public var version: String
    public var author: String?
    public var homepage: String?

    public init(name: String, version: String, author: String? = nil, homepage: String? = nil) {
        self.name = name
        self.version = version
        self.author = author
        self.homepage = homepage
    }

    /// Reads a software node; nil unless it has string `name` and `version`.
    public init?(node: Node) {
        guard let name = node["name"]?.stringValue, let version = node["version"]?.stringValue else { return nil }
        self.init(name: name, version: version, author: node["author"]?.stringValue, homepage: node["homepage"]?.stringValue)
    }

    public var node: Node {
        var m = OrderedDictionary<Node.MappingKey, Node>()
        if let author { m["author"] = .string(author) }
        if let homepage { m["homepage"] = .string(homepage) }
        m["name"] = .string(name)
        m["version"] = .string(version)
        return .tagged(Tag.software, .mapping(m))
    }
}
