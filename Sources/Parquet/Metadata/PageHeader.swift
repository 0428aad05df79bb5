/// The header of a v1 data page (`DataPageHeader`). The body holds repetition levels,
/// definition levels (each with a 4-byte length prefix) and the values, compressed together.
public struct DataPageHeader: ThriftStruct, Equatable {
    /// Values in the page, nulls included.
    public var numValues: Int32
    public var encoding: ParquetEncoding
    public var definitionLevelEncoding: ParquetEncoding
    public var repetitionLevelEncoding: ParquetEncoding
    public var statistics: Statistics?

    public init(numValues: Int32, encoding: ParquetEncoding, definitionLevelEncoding: ParquetEncoding = .rle,
                repetitionLevelEncoding: ParquetEncoding = .rle, statistics: Statistics? = nil) {
        self.numValues = numValues
        self.encoding = encoding
        self.definitionLevelEncoding = definitionLevelEncoding
        self.repetitionLevelEncoding = repetitionLevelEncoding
        self.statistics = statistics
    }

    public func writeFields(to writer: inout ThriftCompactWriter) {
        writer.writeI32Field(1, numValues)
        writer.writeI32Field(2, encoding.rawValue)
        writer.writeI32Field(3, definitionLevelEncoding.rawValue)
        writer.writeI32Field(4, repetitionLevelEncoding.rawValue)
        if let statistics { writer.writeStructField(5, statistics) }
    }

    public init(from reader: inout ThriftCompactReader) throws(ThriftError) {
        let name = "DataPageHeader"
        var fields = [Int32?](repeating: nil, count: 5)
        var statistics: Statistics?
        try reader.readStruct { r, id, type throws(ThriftError) in
            switch id {
            case 1...4: fields[Int(id)] = try r.i32Field(type, name, id)
            case 5: statistics = try r.structField(type, name, id)
            default: return false
            }
            return true
        }
        self.init(numValues: try requiredField(fields[1], name, "num_values"),
                  encoding: ParquetEncoding(rawValue: try requiredField(fields[2], name, "encoding")),
                  definitionLevelEncoding: ParquetEncoding(rawValue: try requiredField(fields[3], name, "definition_level_encoding")),
                  repetitionLevelEncoding: ParquetEncoding(rawValue: try requiredField(fields[4], name, "repetition_level_encoding")),
                  statistics: statistics)
    }
}

/// The header of a v2 data page (`DataPageHeaderV2`): levels come first, uncompressed and
/// without length prefixes (their byte lengths are here); only the values may be compressed.
public struct DataPageHeaderV2: ThriftStruct, Equatable {
    public var numValues: Int32
    public var numNulls: Int32
    public var numRows: Int32
    public var encoding: ParquetEncoding
    public var definitionLevelsByteLength: Int32
    public var repetitionLevelsByteLength: Int32
    /// Whether the values section is compressed with the chunk's codec (default true).
    public var isCompressed: Bool
    public var statistics: Statistics?

    public init(numValues: Int32, numNulls: Int32, numRows: Int32, encoding: ParquetEncoding, definitionLevelsByteLength: Int32,
                repetitionLevelsByteLength: Int32, isCompressed: Bool = true, statistics: Statistics? = nil) {
        self.numValues = numValues
        self.numNulls = numNulls
        self.numRows = numRows
        self.encoding = encoding
        self.definitionLevelsByteLength = definitionLevelsByteLength
        self.repetitionLevelsByteLength = repetitionLevelsByteLength
        self.isCompressed = isCompressed
        self.statistics = statistics
    }

    public func writeFields(to writer: inout ThriftCompactWriter) {
        writer.writeI32Field(1, numValues)
        writer.writeI32Field(2, numNulls)
        writer.writeI32Field(3, numRows)
        writer.writeI32Field(4, encoding.rawValue)
        writer.writeI32Field(5, definitionLevelsByteLength)
        writer.writeI32Field(6, repetitionLevelsByteLength)
        writer.writeBoolField(7, isCompressed)
        if let statistics { writer.writeStructField(8, statistics) }
    }

    public init(from reader: inout ThriftCompactReader) throws(ThriftError) {
        let name = "DataPageHeaderV2"
        var fields = [Int32?](repeating: nil, count: 7)
        var isCompressed = true
        var statistics: Statistics?
        try reader.readStruct { r, id, type throws(ThriftError) in
            switch id {
            case 1...6: fields[Int(id)] = try r.i32Field(type, name, id)
            case 7: isCompressed = try r.boolField(type, name, id)
            case 8: statistics = try r.structField(type, name, id)
            default: return false
            }
            return true
        }
        self.init(numValues: try requiredField(fields[1], name, "num_values"), numNulls: try requiredField(fields[2], name, "num_nulls"),
                  numRows: try requiredField(fields[3], name, "num_rows"),
                  encoding: ParquetEncoding(rawValue: try requiredField(fields[4], name, "encoding")),
                  definitionLevelsByteLength: try requiredField(fields[5], name, "definition_levels_byte_length"),
                  repetitionLevelsByteLength: try requiredField(fields[6], name, "repetition_levels_byte_length"),
                  isCompressed: isCompressed, statistics: statistics)
    }
}

/// The header of a dictionary page (`DictionaryPageHeader`): the body is the PLAIN-encoded
/// dictionary values.
public struct DictionaryPageHeader: ThriftStruct, Equatable {
    public var numValues: Int32
    /// PLAIN (PLAIN_DICTIONARY is the deprecated spelling of the same thing).
    public var encoding: ParquetEncoding
    public var isSorted: Bool?

    public init(numValues: Int32, encoding: ParquetEncoding = .plain, isSorted: Bool? = nil) {
        self.numValues = numValues
        self.encoding = encoding
        self.isSorted = isSorted
    }

    public func writeFields(to writer: inout ThriftCompactWriter) {
        writer.writeI32Field(1, numValues)
        writer.writeI32Field(2, encoding.rawValue)
        if let isSorted { writer.writeBoolField(3, isSorted) }
    }

    public init(from reader: inout ThriftCompactReader) throws(ThriftError) {
        let name = "DictionaryPageHeader"
        var numValues: Int32?, encoding: Int32?, isSorted: Bool?
        try reader.readStruct { r, id, type throws(ThriftError) in
            switch id {
            case 1: numValues = try r.i32Field(type, name, id)
            case 2: encoding = try r.i32Field(type, name, id)
            case 3: isSorted = try r.boolField(type, name, id)
            default: return false
            }
            return true
        }
        self.init(numValues: try requiredField(numValues, name, "num_values"),
                  encoding: ParquetEncoding(rawValue: try requiredField(encoding, name, "encoding")), isSorted: isSorted)
    }
}

/// The header in front of every page (`PageHeader`). Sizes are of the body only.
public struct PageHeader: ThriftStruct, Equatable {
    public var type: ParquetPageType
    public var uncompressedPageSize: Int32
    public var compressedPageSize: Int32
    /// CRC-32 of the page body as stored (optional).
    public var crc: Int32?
    public var dataPageHeader: DataPageHeader?
    public var dictionaryPageHeader: DictionaryPageHeader?
    public var dataPageHeaderV2: DataPageHeaderV2?

    public init(type: ParquetPageType, uncompressedPageSize: Int32, compressedPageSize: Int32, crc: Int32? = nil,
                dataPageHeader: DataPageHeader? = nil, dictionaryPageHeader: DictionaryPageHeader? = nil,
                dataPageHeaderV2: DataPageHeaderV2? = nil) {
        self.type = type
        self.uncompressedPageSize = uncompressedPageSize
        self.compressedPageSize = compressedPageSize
        self.crc = crc
        self.dataPageHeader = dataPageHeader
        self.dictionaryPageHeader = dictionaryPageHeader
        self.dataPageHeaderV2 = dataPageHeaderV2
    }

    public func writeFields(to writer: inout ThriftCompactWriter) {
        writer.writeI32Field(1, type.rawValue)
        writer.writeI32Field(2, uncompressedPageSize)
        writer.writeI32Field(3, compressedPageSize)
        if let crc { writer.writeI32Field(4, crc) }
        if let dataPageHeader { writer.writeStructField(5, dataPageHeader) }
        if let dictionaryPageHeader { writer.writeStructField(7, dictionaryPageHeader) }
        if let dataPageHeaderV2 { writer.writeStructField(8, dataPageHeaderV2) }
    }

    public init(from reader: inout ThriftCompactReader) throws(ThriftError) {
        let name = "PageHeader"
        var fields = [Int32?](repeating: nil, count: 5)
        var v1: DataPageHeader?, dictionary: DictionaryPageHeader?, v2: DataPageHeaderV2?
        try reader.readStruct { r, id, type throws(ThriftError) in
            switch id {
            case 1...4: fields[Int(id)] = try r.i32Field(type, name, id)
            case 5: v1 = try r.structField(type, name, id)
            case 7: dictionary = try r.structField(type, name, id)
            case 8: v2 = try r.structField(type, name, id)
            default: return false
            }
            return true
        }
        self.init(type: ParquetPageType(rawValue: try requiredField(fields[1], name, "type")),
                  uncompressedPageSize: try requiredField(fields[2], name, "uncompressed_page_size"),
                  compressedPageSize: try requiredField(fields[3], name, "compressed_page_size"), crc: fields[4],
                  dataPageHeader: v1, dictionaryPageHeader: dictionary, dataPageHeaderV2: v2)
    }
}
