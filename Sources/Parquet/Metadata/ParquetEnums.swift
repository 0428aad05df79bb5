// The enums of apache/parquet-format `src/main/thrift/parquet.thrift`. Each is a raw i32 with
// named constants, so values this library does not know survive reading and can be named in
// errors instead of failing the whole footer.

/// How values are laid out on disk (`Type`).
public struct ParquetPhysicalType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
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

    public var description: String {
        switch rawValue {
        case 0: "BOOLEAN"
        case 1: "INT32"
        case 2: "INT64"
        case 3: "INT96"
        case 4: "FLOAT"
        case 5: "DOUBLE"
        case 6: "BYTE_ARRAY"
        case 7: "FIXED_LEN_BYTE_ARRAY"
        default: "Type(\(rawValue))"
        }
    }
}

/// The legacy type annotation (`ConvertedType`), still written next to the logical type.
public struct ParquetConvertedType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
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

    public var description: String {
        switch rawValue {
        case 0: "UTF8"
        case 1: "MAP"
        case 2: "MAP_KEY_VALUE"
        case 3: "LIST"
        case 4: "ENUM"
        case 5: "DECIMAL"
        case 6: "DATE"
        case 11: "UINT_8"
        case 12: "UINT_16"
        case 13: "UINT_32"
        case 14: "UINT_64"
        case 15: "INT_8"
        case 16: "INT_16"
        case 17: "INT_32"
        case 18: "INT_64"
        case 19: "JSON"
        default: "ConvertedType(\(rawValue))"
        }
    }
}

/// Whether a schema field may be null or repeat (`FieldRepetitionType`).
public struct ParquetRepetition: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let required = Self(rawValue: 0)
    public static let optional = Self(rawValue: 1)
    public static let repeated = Self(rawValue: 2)

    public var description: String {
        switch rawValue {
        case 0: "REQUIRED"
        case 1: "OPTIONAL"
        case 2: "REPEATED"
        default: "FieldRepetitionType(\(rawValue))"
        }
    }
}

/// How the values of a page are encoded (`Encoding`; `Encodings.md`).
public struct ParquetEncoding: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
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

    public var description: String {
        switch rawValue {
        case 0: "PLAIN"
        case 2: "PLAIN_DICTIONARY"
        case 3: "RLE"
        case 4: "BIT_PACKED"
        case 5: "DELTA_BINARY_PACKED"
        case 6: "DELTA_LENGTH_BYTE_ARRAY"
        case 7: "DELTA_BYTE_ARRAY"
        case 8: "RLE_DICTIONARY"
        case 9: "BYTE_STREAM_SPLIT"
        case 10: "ALP"
        default: "Encoding(\(rawValue))"
        }
    }
}

/// The codec of page bodies (`CompressionCodec`; `Compression.md`).
public struct ParquetCompressionCodec: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
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

    public var description: String {
        switch rawValue {
        case 0: "UNCOMPRESSED"
        case 1: "SNAPPY"
        case 2: "GZIP"
        case 3: "LZO"
        case 4: "BROTLI"
        case 5: "LZ4"
        case 6: "ZSTD"
        case 7: "LZ4_RAW"
        default: "CompressionCodec(\(rawValue))"
        }
    }
}

/// The kind of a page (`PageType`).
public struct ParquetPageType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let dataPage = Self(rawValue: 0)
    public static let indexPage = Self(rawValue: 1)
    public static let dictionaryPage = Self(rawValue: 2)
    public static let dataPageV2 = Self(rawValue: 3)

    public var description: String {
        switch rawValue {
        case 0: "DATA_PAGE"
        case 1: "INDEX_PAGE"
        case 2: "DICTIONARY_PAGE"
        case 3: "DATA_PAGE_V2"
        default: "PageType(\(rawValue))"
        }
    }
}
