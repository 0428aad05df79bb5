/// Column-chunk or page statistics (`Statistics` in parquet.thrift). Values are the PLAIN
/// encoding of one value (byte arrays without their length prefix); their order is the column's
/// (`ColumnOrder`: unsigned for unsigned integers, IEEE rules for floats).
public struct Statistics: ThriftStruct, Equatable {
    /// Deprecated signed-order maximum (1).
    public var max: [UInt8]?
    /// Deprecated signed-order minimum (2).
    public var min: [UInt8]?
    /// Nulls in the chunk (3); writers should always write it.
    public var nullCount: Int64?
    /// Distinct values (4).
    public var distinctCount: Int64?
    /// Maximum in the column's sort order (5).
    public var maxValue: [UInt8]?
    /// Minimum in the column's sort order (6).
    public var minValue: [UInt8]?
    /// Whether `maxValue` is an actual value rather than a bound (7).
    public var isMaxValueExact: Bool?
    /// Whether `minValue` is an actual value rather than a bound (8).
    public var isMinValueExact: Bool?
    /// NaN values in a floating-point chunk (9).
    public var nanCount: Int64?

    public init(max: [UInt8]? = nil, min: [UInt8]? = nil, nullCount: Int64? = nil, distinctCount: Int64? = nil,
                maxValue: [UInt8]? = nil, minValue: [UInt8]? = nil, isMaxValueExact: Bool? = nil,
                isMinValueExact: Bool? = nil, nanCount: Int64? = nil) {
        self.max = max
        self.min = min
        self.nullCount = nullCount
        self.distinctCount = distinctCount
        self.maxValue = maxValue
        self.minValue = minValue
        self.isMaxValueExact = isMaxValueExact
        self.isMinValueExact = isMinValueExact
        self.nanCount = nanCount
    }

    public func writeFields(to writer: inout ThriftCompactWriter) {
        if let max { writer.writeBinaryField(1, max) }
        if let min { writer.writeBinaryField(2, min) }
        if let nullCount { writer.writeI64Field(3, nullCount) }
        if let distinctCount { writer.writeI64Field(4, distinctCount) }
        if let maxValue { writer.writeBinaryField(5, maxValue) }
        if let minValue { writer.writeBinaryField(6, minValue) }
        if let isMaxValueExact { writer.writeBoolField(7, isMaxValueExact) }
        if let isMinValueExact { writer.writeBoolField(8, isMinValueExact) }
        if let nanCount { writer.writeI64Field(9, nanCount) }
    }

    public init(from reader: inout ThriftCompactReader) throws(ThriftError) {
        self.init()
        let name = "Statistics"
        try reader.readStruct { r, id, type throws(ThriftError) in
            switch id {
            case 1: max = try r.binaryField(type, name, id)
            case 2: min = try r.binaryField(type, name, id)
            case 3: nullCount = try r.i64Field(type, name, id)
            case 4: distinctCount = try r.i64Field(type, name, id)
            case 5: maxValue = try r.binaryField(type, name, id)
            case 6: minValue = try r.binaryField(type, name, id)
            case 7: isMaxValueExact = try r.boolField(type, name, id)
            case 8: isMinValueExact = try r.boolField(type, name, id)
            case 9: nanCount = try r.i64Field(type, name, id)
            default: return false
            }
            return true
        }
    }
}

/// Unwraps a required field read from a struct, or names it in the error.
func requiredField<T>(_ value: T?, _ structName: String, _ field: String) throws(ThriftError) -> T {
    guard let value else { throw .missingRequiredField(structName: structName, field: field) }
    return value
}
