/// The element types of `ParquetColumnValues` and how each is stored: the Parquet physical type
/// and annotations exactly as pyarrow 26 writes them (formats.md §4.5), the astropy ECSV
/// datatype name, and the Arrow type of `ARROW:schema`.
public enum ParquetValueKind: String, Sendable, CaseIterable {
    case bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float16, float32, float64, string

    /// The physical type on disk.
    public var physicalType: ParquetPhysicalType {
        switch self {
        case .bool: .boolean
        case .int8, .int16, .int32, .uint8, .uint16, .uint32: .int32
        case .int64, .uint64: .int64
        case .float16: .fixedLenByteArray
        case .float32: .float
        case .float64: .double
        case .string: .byteArray
        }
    }

    /// `type_length` (FIXED_LEN_BYTE_ARRAY only).
    public var typeLength: Int32? { self == .float16 ? 2 : nil }

    /// The logical type annotation (none for the types whose physical type says it all).
    public var logicalType: LogicalType? {
        switch self {
        case .int8: .integer(bitWidth: 8, isSigned: true)
        case .int16: .integer(bitWidth: 16, isSigned: true)
        case .uint8: .integer(bitWidth: 8, isSigned: false)
        case .uint16: .integer(bitWidth: 16, isSigned: false)
        case .uint32: .integer(bitWidth: 32, isSigned: false)
        case .uint64: .integer(bitWidth: 64, isSigned: false)
        case .float16: .float16
        case .string: .string
        case .bool, .int32, .int64, .float32, .float64: nil
        }
    }

    /// The legacy converted type written next to the logical type.
    public var convertedType: ParquetConvertedType? {
        switch self {
        case .int8: .int8
        case .int16: .int16
        case .uint8: .uint8
        case .uint16: .uint16
        case .uint32: .uint32
        case .uint64: .uint64
        case .string: .utf8
        case .bool, .int32, .int64, .float16, .float32, .float64: nil
        }
    }

    /// The astropy/ECSV datatype name (`table_meta_yaml`).
    public var ecsvDatatype: String {
        switch self {
        case .string: "string"
        default: rawValue
        }
    }

    /// Bytes per value in memory and in PLAIN encoding (nil for variable-length strings; bool
    /// is bit-packed in PLAIN).
    var plainWidth: Int? {
        switch self {
        case .bool: nil
        case .int8, .int16, .int32, .uint8, .uint16, .uint32, .float32: 4
        case .int64, .uint64, .float64: 8
        case .float16: 2
        case .string: nil
        }
    }

    /// The element type of a schema leaf, from its physical type and annotations (the logical
    /// type first, then the converted type). Nil for leaves this library cannot represent.
    public init?(_ element: SchemaElement) {
        let converted = element.convertedType
        switch element.type {
        case .boolean?:
            self = .bool
        case .int32?:
            switch element.logicalType {
            case .integer(let width, let signed)?:
                switch (width, signed) {
                case (8, true): self = .int8
                case (16, true): self = .int16
                case (8, false): self = .uint8
                case (16, false): self = .uint16
                case (32, false): self = .uint32
                default: self = .int32
                }
            default:
                let legacy: [ParquetConvertedType: ParquetValueKind] = [.int8: .int8, .int16: .int16, .uint8: .uint8,
                                                                         .uint16: .uint16, .uint32: .uint32]
                self = converted.flatMap { legacy[$0] } ?? .int32
            }
        case .int64?:
            if case .integer(_, false)? = element.logicalType { self = .uint64 }
            else if element.logicalType == nil && converted == .uint64 { self = .uint64 }
            else { self = .int64 }
        case .float?:
            self = .float32
        case .double?:
            self = .float64
        case .fixedLenByteArray?:
            guard element.logicalType == .float16, element.typeLength == 2 else { return nil }
            self = .float16
        case .byteArray?:
            switch element.logicalType {
            case .string?, .json?, .enumeration?: self = .string
            case nil where converted == .utf8 || converted == .json || converted == .enum: self = .string
            default: return nil
            }
        default:
            return nil
        }
    }
}
