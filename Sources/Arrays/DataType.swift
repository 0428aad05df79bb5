/// The type of one array element, as the ASDF `ndarray` datatype names it.
///
/// Covers every scalar type Roman products use, fixed-length ASCII and UCS-4 strings, and
/// structured (record) types whose fields are packed with no padding.
public indirect enum DataType: Sendable, Hashable {
    case bool8, int8, uint8, int16, uint16, int32, uint32, int64, uint64
    case float16, float32, float64, complex64, complex128
    /// A string of `length` bytes, code points below 128, padded with NUL.
    case ascii(length: Int)
    /// A string of `length` UCS-4 code points (4 bytes each, in the array's byte order).
    case ucs4(length: Int)
    /// A structured element made of named fields laid out one after the other.
    case record([RecordField])

    /// Every scalar (non-string, non-record) type.
    public static let scalarTypes: [DataType] = [
        .bool8, .int8, .uint8, .int16, .uint16, .int32, .uint32, .int64, .uint64,
        .float16, .float32, .float64, .complex64, .complex128,
    ]

    /// Bytes per element.
    public var itemSize: Int {
        switch self {
        case .bool8, .int8, .uint8: 1
        case .int16, .uint16, .float16: 2
        case .int32, .uint32, .float32: 4
        case .int64, .uint64, .float64, .complex64: 8
        case .complex128: 16
        case .ascii(let length): length
        case .ucs4(let length): 4 * length
        case .record(let fields): fields.reduce(0) { $0 + $1.byteSize }
        }
    }

    /// The ASDF name of a scalar type (`float32`...); nil for strings and records.
    public var scalarName: String? {
        switch self {
        case .bool8: "bool8"
        case .int8: "int8"
        case .uint8: "uint8"
        case .int16: "int16"
        case .uint16: "uint16"
        case .int32: "int32"
        case .uint32: "uint32"
        case .int64: "int64"
        case .uint64: "uint64"
        case .float16: "float16"
        case .float32: "float32"
        case .float64: "float64"
        case .complex64: "complex64"
        case .complex128: "complex128"
        case .ascii, .ucs4, .record: nil
        }
    }

    /// The scalar type with the ASDF name `name`.
    public init?(scalarName name: String) {
        guard let match = DataType.scalarTypes.first(where: { $0.scalarName == name }) else { return nil }
        self = match
    }

    /// The size in bytes of the unit that byte order applies to (1 for bytes and ASCII, half the
    /// item size for complex numbers, 4 for UCS-4); nil for records, whose fields have their own.
    public var swapUnit: Int? {
        switch self {
        case .complex64: 4
        case .complex128: 8
        case .ascii: 1
        case .ucs4: 4
        case .record: nil
        default: itemSize
        }
    }

    /// Whether this is a structured (record) type.
    public var isRecord: Bool {
        if case .record = self { return true }
        return false
    }

    /// A short human-readable name: `float32`, `ascii[7]`, `ucs4[5]`, `record{x:float32,...}`.
    public var displayName: String {
        switch self {
        case .ascii(let n): "ascii[\(n)]"
        case .ucs4(let n): "ucs4[\(n)]"
        case .record(let fields): "record{" + fields.map { "\($0.name):\($0.dataType.displayName)" }.joined(separator: ",") + "}"
        default: scalarName ?? "?"
        }
    }
}

/// One field of a record data type.
public struct RecordField: Sendable, Hashable {
    public var name: String
    public var dataType: DataType
    /// Overrides the array's byte order for this field when set.
    public var byteOrder: ByteOrder?
    /// Sub-array shape of the field (empty for a scalar field).
    public var shape: [Int]

    public init(name: String, dataType: DataType, byteOrder: ByteOrder? = nil, shape: [Int] = []) {
        self.name = name
        self.dataType = dataType
        self.byteOrder = byteOrder
        self.shape = shape
    }

    /// Bytes the field occupies in each record.
    public var byteSize: Int { dataType.itemSize * shape.reduce(1, *) }
}
