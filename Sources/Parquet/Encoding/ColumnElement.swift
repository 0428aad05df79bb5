/// A Swift element type stored as fixed-width PLAIN values: every case of `ParquetColumnValues`
/// except bool (bit-packed) and string (length-prefixed).
///
/// `Stored` is the little-endian value on disk: INT32 for 8/16/32-bit integers (unsigned values
/// zero-extended, so uint32 keeps its bits), INT64 for 64-bit integers, the IEEE value for
/// floats, the 2 bytes of an IEEE half for FLOAT16.
protocol ColumnElement: BitwiseCopyable, Comparable, AdditiveArithmetic, Sendable {
    associatedtype Stored: BitwiseCopyable
    /// The value from its stored form (narrowing integers truncate, as pyarrow does).
    init(stored: Stored)
    /// The stored form.
    var stored: Stored { get }
    /// The value's bits, zero-extended: the dictionary key (so -0.0, +0.0 and NaN payloads stay
    /// distinct and the dictionary is lossless).
    var dictionaryKey: UInt64 { get }
    /// Whether statistics leave the value out (NaN).
    var isNaNValue: Bool { get }
    /// Statistics rule for floats (`parquet.thrift` ColumnOrder): a zero minimum is written as -0.0
    /// and a zero maximum as +0.0.
    var asStatisticsMinimum: Self { get }
    var asStatisticsMaximum: Self { get }
    static var kind: ParquetValueKind { get }
    /// The typed column.
    static func wrap(_ values: [Self]) -> ParquetColumnValues
}

extension ColumnElement {
    var isNaNValue: Bool { false }
    var asStatisticsMinimum: Self { self }
    var asStatisticsMaximum: Self { self }
    /// True when the stored form is the value itself (bulk copies instead of conversions).
    static var storedIsSelf: Bool { Stored.self == Self.self }
}

extension ColumnElement where Self: FixedWidthInteger {
    var dictionaryKey: UInt64 { UInt64(truncatingIfNeeded: self) & (Self.bitWidth == 64 ? ~0 : (UInt64(1) << UInt64(Self.bitWidth)) - 1) }
}

extension ColumnElement where Self: BinaryFloatingPoint {
    var isNaNValue: Bool { isNaN }
    var asStatisticsMinimum: Self { self == 0 ? -Self.zero : self }
    var asStatisticsMaximum: Self { self == 0 ? Self.zero : self }
}

extension Int8: ColumnElement {
    init(stored: Int32) { self.init(truncatingIfNeeded: stored) }
    var stored: Int32 { Int32(self) }
    static var kind: ParquetValueKind { .int8 }
    static func wrap(_ values: [Int8]) -> ParquetColumnValues { .int8(values) }
}

extension Int16: ColumnElement {
    init(stored: Int32) { self.init(truncatingIfNeeded: stored) }
    var stored: Int32 { Int32(self) }
    static var kind: ParquetValueKind { .int16 }
    static func wrap(_ values: [Int16]) -> ParquetColumnValues { .int16(values) }
}

extension Int32: ColumnElement {
    init(stored: Int32) { self = stored }
    var stored: Int32 { self }
    static var kind: ParquetValueKind { .int32 }
    static func wrap(_ values: [Int32]) -> ParquetColumnValues { .int32(values) }
}

extension Int64: ColumnElement {
    init(stored: Int64) { self = stored }
    var stored: Int64 { self }
    static var kind: ParquetValueKind { .int64 }
    static func wrap(_ values: [Int64]) -> ParquetColumnValues { .int64(values) }
}

extension UInt8: ColumnElement {
    init(stored: UInt32) { self.init(truncatingIfNeeded: stored) }
    var stored: UInt32 { UInt32(self) }
    static var kind: ParquetValueKind { .uint8 }
    static func wrap(_ values: [UInt8]) -> ParquetColumnValues { .uint8(values) }
}

extension UInt16: ColumnElement {
    init(stored: UInt32) { self.init(truncatingIfNeeded: stored) }
    var stored: UInt32 { UInt32(self) }
    static var kind: ParquetValueKind { .uint16 }
    static func wrap(_ values: [UInt16]) -> ParquetColumnValues { .uint16(values) }
}

extension UInt32: ColumnElement {
    init(stored: UInt32) { self = stored }
    var stored: UInt32 { self }
    static var kind: ParquetValueKind { .uint32 }
    static func wrap(_ values: [UInt32]) -> ParquetColumnValues { .uint32(values) }
}

extension UInt64: ColumnElement {
    init(stored: UInt64) { self = stored }
    var stored: UInt64 { self }
    static var kind: ParquetValueKind { .uint64 }
    static func wrap(_ values: [UInt64]) -> ParquetColumnValues { .uint64(values) }
}

extension Float16: ColumnElement {
    init(stored: Float16) { self = stored }
    var stored: Float16 { self }
    var dictionaryKey: UInt64 { UInt64(bitPattern) }
    static var kind: ParquetValueKind { .float16 }
    static func wrap(_ values: [Float16]) -> ParquetColumnValues { .float16(values) }
}

extension Float: ColumnElement {
    init(stored: Float) { self = stored }
    var stored: Float { self }
    var dictionaryKey: UInt64 { UInt64(bitPattern) }
    static var kind: ParquetValueKind { .float32 }
    static func wrap(_ values: [Float]) -> ParquetColumnValues { .float32(values) }
}

extension Double: ColumnElement {
    init(stored: Double) { self = stored }
    var stored: Double { self }
    var dictionaryKey: UInt64 { bitPattern }
    static var kind: ParquetValueKind { .float64 }
    static func wrap(_ values: [Double]) -> ParquetColumnValues { .float64(values) }
}
