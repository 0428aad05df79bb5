// The enums of apache/parquet-format `src/main/thrift/parquet.thrift`. Each is a raw i32 with
// named constants, so values this library does not know survive reading and can be named in
// errors instead of failing the whole footer.

/// A Thrift enum kept as its raw i32, printed with the specification's names.
public protocol ParquetThriftEnum: RawRepresentable, Hashable, Sendable, CustomStringConvertible where RawValue == Int32 {
    /// The specification's name of each known value.
    static var names: [Int32: String] { get }
}

extension ParquetThriftEnum {
    public var description: String {
        Self.names[rawValue] ?? "\(String(describing: Self.self).replacingOccurrences(of: "Parquet", with: ""))(\(rawValue))"
    }
}

/// How values are laid out on disk (`Type`).
public struct ParquetPhysicalType: ParquetThriftEnum {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let boolean = Self(rawValue: 0)
    public static let int32 = Self(rawValue: 1)
    public static let int64 = Self(rawValue: 2)
    public static let int96 = Self(rawValue: 3)
    public static let float = Self(rawValue: 4)
    public static let double = Self(rawValue: 5)
    public static let byteArray = Self(rawValue: 6)
    public static let fixedLenByteArray = Self(rawValue: 7)

    public static let names: [Int32: String] = [
        0: "BOOLEAN", 1: "INT32", 2: "INT64", 3: "INT96", 4: "FLOAT", 5: "DOUBLE", 6: "BYTE_ARRAY",
        7: "FIXED_LEN_BYTE_ARRAY",
    ]
}

/// The legacy type annotation (`ConvertedType`), still written next to the logical type.
public struct ParquetConvertedType: ParquetThriftEnum {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let utf8 = Self(rawValue: 0)
    public static let map = Self(rawValue: 1)
    public static let mapKeyValue = Self(rawValue: 2)
    public static let list = Self(rawValue: 3)
    public static let `enum` = Self(rawValue: 4)
    public static let decimal = Self(rawValue: 5)
    public static let date = Self(rawValue: 6)
    public static let uint8 = Self(rawValue: 11)
    public static let uint16 = Self(rawValue: 12)
    public static let uint32 = Self(rawValue: 13)
    public static let uint64 = Self(rawValue: 14)
    public static let int8 = Self(rawValue: 15)
    public static let int16 = Self(rawValue: 16)
    public static let int32 = Self(rawValue: 17)
    public static let int64 = Self(rawValue: 18)
    public static let json = Self(rawValue: 19)

    public static let names: [Int32: String] = [
        0: "UTF8", 1: "MAP", 2: "MAP_KEY_VALUE", 3: "LIST", 4: "ENUM", 5: "DECIMAL", 6: "DATE", 11: "UINT_8",
        12: "UINT_16", 13: "UINT_32", 14: "UINT_64", 15: "INT_8", 16: "INT_16", 17: "INT_32", 18: "INT_64",
        19: "JSON",
    ]
}

/// Whether a schema field may be null or repeat (`FieldRepetitionType`).
public struct ParquetRepetition: ParquetThriftEnum {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let required = Self(rawValue: 0)
    public static let optional = Self(rawValue: 1)
    public static let repeated = Self(rawValue: 2)

    public static let names: [Int32: String] = [
        0: "REQUIRED", 1: "OPTIONAL", 2: "REPEATED",
    ]
}

/// How the values of a page are encoded (`Encoding`; `Encodings.md`).
public struct ParquetEncoding: ParquetThriftEnum {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let plain = Self(rawValue: 0)
    public static let plainDictionary = Self(rawValue: 2)
    public static let rle = Self(rawValue: 3)
    public static let bitPacked = Self(rawValue: 4)
    public static let deltaBinaryPacked = Self(rawValue: 5)
    public static let deltaLengthByteArray = Self(rawValue: 6)
    public static let deltaByteArray = Self(rawValue: 7)
    public static let rleDictionary = Self(rawValue: 8)
    public static let byteStreamSplit = Self(rawValue: 9)
    public static let alp = Self(rawValue: 10)

    public static let names: [Int32: String] = [
        0: "PLAIN", 2: "PLAIN_DICTIONARY", 3: "RLE", 4: "BIT_PACKED", 5: "DELTA_BINARY_PACKED",
        6: "DELTA_LENGTH_BYTE_ARRAY", 7: "DELTA_BYTE_ARRAY", 8: "RLE_DICTIONARY", 9: "BYTE_STREAM_SPLIT", 10: "ALP",
    ]
}

/// The codec of page bodies (`CompressionCodec`; `Compression.md`).
public struct ParquetCompressionCodec: ParquetThriftEnum {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let uncompressed = Self(rawValue: 0)
    public static let snappy = Self(rawValue: 1)
    public static let gzip = Self(rawValue: 2)
    public static let lzo = Self(rawValue: 3)
    public static let brotli = Self(rawValue: 4)
    public static let lz4 = Self(rawValue: 5)
    public static let zstd = Self(rawValue: 6)
    public static let lz4Raw = Self(rawValue: 7)

    public static let names: [Int32: String] = [
        0: "UNCOMPRESSED", 1: "SNAPPY", 2: "GZIP", 3: "LZO", 4: "BROTLI", 5: "LZ4", 6: "ZSTD", 7: "LZ4_RAW",
    ]
}

/// The kind of a page (`PageType`).
public struct ParquetPageType: ParquetThriftEnum {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let dataPage = Self(rawValue: 0)
    public static let indexPage = Self(rawValue: 1)
    public static let dictionaryPage = Self(rawValue: 2)
    public static let dataPageV2 = Self(rawValue: 3)

    public static let names: [Int32: String] = [
        0: "DATA_PAGE", 1: "INDEX_PAGE", 2: "DICTIONARY_PAGE", 3: "DATA_PAGE_V2",
    ]
}
