/// A time unit of the TIME and TIMESTAMP logical types (`TimeUnit` union).
public enum TimeUnit: Int16, Sendable, Equatable {
    case milliseconds = 1
    case microseconds = 2
    case nanoseconds = 3
}

/// The logical type annotation of a schema leaf (`LogicalType` union in parquet.thrift;
/// `LogicalTypes.md`). Types this library does not interpret keep their union field id.
public enum LogicalType: Sendable, Equatable {
    case string
    case map
    case list
    case enumeration
    case decimal(scale: Int32, precision: Int32)
    case date
    case time(isAdjustedToUTC: Bool, unit: TimeUnit?)
    case timestamp(isAdjustedToUTC: Bool, unit: TimeUnit?)
    case integer(bitWidth: Int8, isSigned: Bool)
    case unknown
    case json
    case bson
    case uuid
    case float16
    /// Any other member of the union (variant, geometry...), by field id.
    case other(fieldID: Int16)

    func write(to writer: inout ThriftCompactWriter) {
        func empty(_ id: Int16) { writer.writeStructField(id) { _ in } }
        func timeLike(_ id: Int16, _ adjusted: Bool, _ unit: TimeUnit?) {
            writer.writeStructField(id) { w in
                w.writeBoolField(1, adjusted)
                if let unit { w.writeStructField(2) { $0.writeStructField(unit.rawValue) { _ in } } }
            }
        }
        switch self {
        case .string: empty(1)
        case .map: empty(2)
        case .list: empty(3)
        case .enumeration: empty(4)
        case .decimal(let scale, let precision):
            writer.writeStructField(5) { w in
                w.writeI32Field(1, scale)
                w.writeI32Field(2, precision)
            }
        case .date: empty(6)
        case .time(let adjusted, let unit): timeLike(7, adjusted, unit)
        case .timestamp(let adjusted, let unit): timeLike(8, adjusted, unit)
        case .integer(let bitWidth, let isSigned):
            writer.writeStructField(10) { w in
                w.writeI8Field(1, bitWidth)
                w.writeBoolField(2, isSigned)
            }
        case .unknown: empty(11)
        case .json: empty(12)
        case .bson: empty(13)
        case .uuid: empty(14)
        case .float16: empty(15)
        case .other(let id): empty(id)
        }
    }

    static func read(from reader: inout ThriftCompactReader) throws(ThriftError) -> LogicalType? {
        var result: LogicalType?
        try reader.readStruct { r, id, type throws(ThriftError) in
            guard type == .struct else { return false }
            switch id {
            case 5:
                var scale: Int32?, precision: Int32?
                try r.readStruct { r, id, type throws(ThriftError) in
                    switch id {
                    case 1: scale = try r.i32Field(type, "DecimalType", id)
                    case 2: precision = try r.i32Field(type, "DecimalType", id)
                    default: return false
                    }
                    return true
                }
                result = .decimal(scale: try requiredField(scale, "DecimalType", "scale"),
                                  precision: try requiredField(precision, "DecimalType", "precision"))
            case 7, 8:
                let (adjusted, unit) = try readTimeLike(&r)
                result = id == 7 ? .time(isAdjustedToUTC: adjusted, unit: unit) : .timestamp(isAdjustedToUTC: adjusted, unit: unit)
            case 10:
                var bitWidth: Int8?, isSigned: Bool?
                try r.readStruct { r, id, type throws(ThriftError) in
                    switch id {
                    case 1: bitWidth = try r.i8Field(type, "IntType", id)
                    case 2: isSigned = try r.boolField(type, "IntType", id)
                    default: return false
                    }
                    return true
                }
                result = .integer(bitWidth: try requiredField(bitWidth, "IntType", "bitWidth"),
                                  isSigned: try requiredField(isSigned, "IntType", "isSigned"))
            default:
                try r.skip(type)
                let simple: [Int16: LogicalType] = [1: .string, 2: .map, 3: .list, 4: .enumeration, 6: .date, 11: .unknown,
                                                    12: .json, 13: .bson, 14: .uuid, 15: .float16]
                result = simple[id] ?? .other(fieldID: id)
            }
            return true
        }
        return result
    }

    private static func readTimeLike(_ reader: inout ThriftCompactReader) throws(ThriftError) -> (Bool, TimeUnit?) {
        var adjusted = false
        var unit: TimeUnit?
        try reader.readStruct { r, id, type throws(ThriftError) in
            switch id {
            case 1: adjusted = try r.boolField(type, "TimeType", id)
            case 2:
                try r.require(type, is: .struct, "TimeType", id)
                try r.readStruct { r, id, type throws(ThriftError) in
                    unit = TimeUnit(rawValue: id)
                    try r.skip(type)
                    return true
                }
            default: return false
            }
            return true
        }
        return (adjusted, unit)
    }
}

/// One node of the depth-first flattened schema (`SchemaElement`). Element 0 is the root group
/// (`numChildren` = number of columns); the leaves carry a physical type.
public struct SchemaElement: ThriftStruct, Equatable {
    public var type: ParquetPhysicalType?
    /// Bytes per value of a FIXED_LEN_BYTE_ARRAY.
    public var typeLength: Int32?
    public var repetition: ParquetRepetition?
    public var name: String
    /// Children of a group (nil for leaves).
    public var numChildren: Int32?
    public var convertedType: ParquetConvertedType?
    public var scale: Int32?
    public var precision: Int32?
    public var fieldID: Int32?
    public var logicalType: LogicalType?

    public init(type: ParquetPhysicalType? = nil, typeLength: Int32? = nil, repetition: ParquetRepetition? = nil,
                name: String, numChildren: Int32? = nil, convertedType: ParquetConvertedType? = nil,
                logicalType: LogicalType? = nil) {
        self.type = type
        self.typeLength = typeLength
        self.repetition = repetition
        self.name = name
        self.numChildren = numChildren
        self.convertedType = convertedType
        self.logicalType = logicalType
    }

    public func writeFields(to writer: inout ThriftCompactWriter) {
        if let type { writer.writeI32Field(1, type.rawValue) }
        if let typeLength { writer.writeI32Field(2, typeLength) }
        if let repetition { writer.writeI32Field(3, repetition.rawValue) }
        writer.writeStringField(4, name)
        if let numChildren { writer.writeI32Field(5, numChildren) }
        if let convertedType { writer.writeI32Field(6, convertedType.rawValue) }
        if let scale { writer.writeI32Field(7, scale) }
        if let precision { writer.writeI32Field(8, precision) }
        if let fieldID { writer.writeI32Field(9, fieldID) }
        if let logicalType {
            writer.fieldHeader(10, .struct)
            writer.beginStruct()
            logicalType.write(to: &writer)
            writer.endStruct()
        }
    }

    public init(from reader: inout ThriftCompactReader) throws(ThriftError) {
        var name: String?
        self.init(name: "")
        let structName = "SchemaElement"
        try reader.readStruct { r, id, type throws(ThriftError) in
            switch id {
            case 1: self.type = ParquetPhysicalType(rawValue: try r.i32Field(type, structName, id))
            case 2: typeLength = try r.i32Field(type, structName, id)
            case 3: repetition = ParquetRepetition(rawValue: try r.i32Field(type, structName, id))
            case 4: name = try r.stringField(type, structName, id)
            case 5: numChildren = try r.i32Field(type, structName, id)
            case 6: convertedType = ParquetConvertedType(rawValue: try r.i32Field(type, structName, id))
            case 7: scale = try r.i32Field(type, structName, id)
            case 8: precision = try r.i32Field(type, structName, id)
            case 9: fieldID = try r.i32Field(type, structName, id)
            case 10:
                try r.require(type, is: .struct, structName, id)
                logicalType = try LogicalType.read(from: &r)
            default: return false
            }
            return true
        }
        self.name = try requiredField(name, structName, "name")
    }
}
