/// A key-value metadata pair (`KeyValue`): file-level metadata such as `ARROW:schema`,
/// `table_meta_yaml` or `roman.meta.*` keys.
public struct KeyValue: ThriftStruct, Equatable, Hashable {
    public var key: String
    /// The value (optional in the format; nil when absent).
    public var value: String?

    public init(key: String, value: String?) {
        self.key = key
        self.value = value
    }

    public func writeFields(to writer: inout ThriftCompactWriter) {
        writer.writeStringField(1, key)
        if let value { writer.writeStringField(2, value) }
    }

    public init(from reader: inout ThriftCompactReader) throws(ThriftError) {
        var key: String?
        var value: String?
        try reader.readStruct { r, id, type throws(ThriftError) in
            switch id {
            case 1: key = try r.stringField(type, "KeyValue", id)
            case 2: value = try r.stringField(type, "KeyValue", id)
            default: return false
            }
            return true
        }
        self.init(key: try requiredField(key, "KeyValue", "key"), value: value)
    }
}

/// The sort order of a column's statistics (`ColumnOrder` union).
public enum ColumnOrder: ThriftStruct, Equatable {
    /// The order defined by the logical/physical type (unsigned for unsigned integers).
    case typeDefined
    /// IEEE 754 totalOrder for floating-point columns.
    case ieee754TotalOrder
    /// Another member of the union, by field id.
    case other(fieldID: Int16)

    public func writeFields(to writer: inout ThriftCompactWriter) {
        let id: Int16 = switch self {
        case .typeDefined: 1
        case .ieee754TotalOrder: 2
        case .other(let id): id
        }
        writer.writeStructField(id) { _ in }
    }

    public init(from reader: inout ThriftCompactReader) throws(ThriftError) {
        var order: ColumnOrder = .other(fieldID: 0)
        try reader.readStruct { r, id, type throws(ThriftError) in
            order = id == 1 ? .typeDefined : id == 2 ? .ieee754TotalOrder : .other(fieldID: id)
            try r.skip(type)
            return true
        }
        self = order
    }
}

/// The footer (`FileMetaData`): schema, row groups and key-value metadata.
public struct FileMetaData: ThriftStruct, Equatable {
    /// Format version: writers should write 1; pyarrow writes 2; readers accept both.
    public var version: Int32
    /// The depth-first flattened schema; element 0 is the root.
    public var schema: [SchemaElement]
    public var numRows: Int64
    public var rowGroups: [RowGroup]
    public var keyValueMetadata: [KeyValue]?
    /// `<application> version <version> (build <hash>)`.
    public var createdBy: String?
    /// One per leaf column, in schema order; required when statistics are written.
    public var columnOrders: [ColumnOrder]?

    public init(version: Int32, schema: [SchemaElement], numRows: Int64, rowGroups: [RowGroup],
                keyValueMetadata: [KeyValue]?, createdBy: String?, columnOrders: [ColumnOrder]?) {
        self.version = version
        self.schema = schema
        self.numRows = numRows
        self.rowGroups = rowGroups
        self.keyValueMetadata = keyValueMetadata
        self.createdBy = createdBy
        self.columnOrders = columnOrders
    }

    public func writeFields(to writer: inout ThriftCompactWriter) {
        writer.writeI32Field(1, version)
        writer.writeStructListField(2, schema)
        writer.writeI64Field(3, numRows)
        writer.writeStructListField(4, rowGroups)
        if let keyValueMetadata { writer.writeStructListField(5, keyValueMetadata) }
        if let createdBy { writer.writeStringField(6, createdBy) }
        if let columnOrders { writer.writeStructListField(7, columnOrders) }
    }

    public init(from reader: inout ThriftCompactReader) throws(ThriftError) {
        let name = "FileMetaData"
        var version: Int32?, schema: [SchemaElement]?, numRows: Int64?, rowGroups: [RowGroup]?
        var keyValues: [KeyValue]?, createdBy: String?, orders: [ColumnOrder]?
        try reader.readStruct { r, id, type throws(ThriftError) in
            switch id {
            case 1: version = try r.i32Field(type, name, id)
            case 2: schema = try r.structListField(type, name, id)
            case 3: numRows = try r.i64Field(type, name, id)
            case 4: rowGroups = try r.structListField(type, name, id)
            case 5: keyValues = try r.structListField(type, name, id)
            case 6: createdBy = try r.stringField(type, name, id)
            case 7: orders = try r.structListField(type, name, id)
            default: return false
            }
            return true
        }
        self.init(version: try requiredField(version, name, "version"), schema: try requiredField(schema, name, "schema"),
                  numRows: try requiredField(numRows, name, "num_rows"), rowGroups: try requiredField(rowGroups, name, "row_groups"),
                  keyValueMetadata: keyValues, createdBy: createdBy, columnOrders: orders)
    }
}
