import Arrays
import ASDF
import OrderedCollections

/// An astropy `Table` as asdf-astropy stores it (`tag:astropy.org:astropy/table/table-1.3.0`
/// with `!table/column-1.2.0` columns): used by L3 `individual_image_meta` and by the ASDF form
/// of source catalogs.
public struct AstropyTable: Sendable {
    public struct Column: Sendable {
        public var name: String
        public var data: NDArray
        public var unit: String?
        public var description: String?

        public init(name: String, data: NDArray, unit: String? = nil, description: String? = nil) {
            self.name = name
            self.data = data
            self.unit = unit
            self.description = description
        }
    }

    public static let tag = "tag:astropy.org:astropy/table/table-1.3.0"
    public static let columnTag = "tag:stsci.edu:asdf/table/column-1.2.0"

    public var columns: [Column]
    public var meta: Node

    public init(columns: [Column], meta: Node = .mapping([:])) {
        self.columns = columns
        self.meta = meta
    }

    /// Reads a table node; nil if it is not one.
    public init?(node: Node) {
        guard let tag = node.tag, tag.hasPrefix("tag:astropy.org:astropy/table/table-"),
              let columnNodes = node["columns"]?.sequenceValue else { return nil }
        var columns: [Column] = []
        for column in columnNodes {
            guard let name = column["name"]?.stringValue, let data = column["data"]?.arrayValue?.array else { return nil }
            columns.append(Column(name: name, data: data, unit: column["unit"]?.stringValue, description: column["description"]?.stringValue))
        }
        self.columns = columns
        meta = node["meta"] ?? .mapping([:])
    }

    public var node: Node {
        let columnNodes: [Node] = columns.map { column in
            var m = OrderedDictionary<Node.MappingKey, Node>()
            m["data"] = .ndarray(ArrayNode(column.data))
            if let description = column.description { m["description"] = .string(description) }
            m["name"] = .string(column.name)
            if let unit = column.unit { m["unit"] = Unit(unit).node }
            return .tagged(Self.columnTag, .mapping(m))
        }
        var table = OrderedDictionary<Node.MappingKey, Node>()
        table["colnames"] = .sequence(columns.map { .string($0.name) })
        table["columns"] = .sequence(columnNodes)
        // asdf-astropy leaves out empty metadata.
        if let m = meta.mappingValue, m.isEmpty {} else { table["meta"] = meta }
        table["qtable"] = false
        return .tagged(Self.tag, .mapping(table))
    }
}
