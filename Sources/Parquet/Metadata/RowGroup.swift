/// Where and how one column chunk is stored (`ColumnMetaData`). Sizes count every page of the
/// chunk including page headers; `numValues` counts nulls too.
public struct ColumnMetaData: ThriftStruct, Equatable {
    public var type: ParquetPhysicalType
    /// Every encoding used in the chunk, level encodings included.
    public var encodings: [ParquetEncoding]
    /// The path of the leaf in the schema (`["ra"]` for a flat column).
    public var pathInSchema: [String]
    public var codec: ParquetCompressionCodec
    public var numValues: Int64
    public var totalUncompressedSize: Int64
    public var totalCompressedSize: Int64
    public var keyValueMetadata: [KeyValue]?
    /// File offset of the first data page.
    public var dataPageOffset: Int64
    public var indexPageOffset: Int64?
    /// File offset of the dictionary page, when there is one.
    public var dictionaryPageOffset: Int64?
    public var statistics: Statistics?

    public init(type: ParquetPhysicalType, encodings: [ParquetEncoding], pathInSchema: [String], codec: ParquetCompressionCodec,
                numValues: Int64, totalUncompressedSize: Int64, totalCompressedSize: Int64, dataPageOffset: Int64,
                dictionaryPageOffset: Int64? = nil, statistics: Statistics? = nil) {
        self.type = type
        self.encodings = encodings
        self.pathInSchema = pathInSchema
        self.codec = codec
        self.numValues = numValues
        self.totalUncompressedSize = totalUncompressedSize
        self.totalCompressedSize = totalCompressedSize
        self.dataPageOffset = dataPageOffset
        self.dictionaryPageOffset = dictionaryPageOffset
        self.statistics = statistics
    }

    public func writeFields(to writer: inout ThriftCompactWriter) {
        writer.writeI32Field(1, type.rawValue)
        writer.writeI32ListField(2, encodings.map(\.rawValue))
        writer.writeStringListField(3, pathInSchema)
        writer.writeI32Field(4, codec.rawValue)
        writer.writeI64Field(5, numValues)
        writer.writeI64Field(6, totalUncompressedSize)
        writer.writeI64Field(7, totalCompressedSize)
        if let keyValueMetadata { writer.writeStructListField(8, keyValueMetadata) }
        writer.writeI64Field(9, dataPageOffset)
        if let indexPageOffset { writer.writeI64Field(10, indexPageOffset) }
        if let dictionaryPageOffset { writer.writeI64Field(11, dictionaryPageOffset) }
        if let statistics { writer.writeStructField(12, statistics) }
    }

    public init(from reader: inout ThriftCompactReader) throws(ThriftError) {
        let name = "ColumnMetaData"
        var type: Int32?, encodings: [Int32]?, path: [String]?, codec: Int32?
        var numValues: Int64?, uncompressed: Int64?, compressed: Int64?, dataPageOffset: Int64?
        var keyValues: [KeyValue]?, indexPageOffset: Int64?, dictionaryPageOffset: Int64?, statistics: Statistics?
        try reader.readStruct { r, id, fieldType throws(ThriftError) in
            switch id {
            case 1: type = try r.i32Field(fieldType, name, id)
            case 2: encodings = try r.i32ListField(fieldType, name, id)
            case 3: path = try r.stringListField(fieldType, name, id)
            case 4: codec = try r.i32Field(fieldType, name, id)
            case 5: numValues = try r.i64Field(fieldType, name, id)
            case 6: uncompressed = try r.i64Field(fieldType, name, id)
            case 7: compressed = try r.i64Field(fieldType, name, id)
            case 8: keyValues = try r.structListField(fieldType, name, id)
            case 9: dataPageOffset = try r.i64Field(fieldType, name, id)
            case 10: indexPageOffset = try r.i64Field(fieldType, name, id)
            case 11: dictionaryPageOffset = try r.i64Field(fieldType, name, id)
            case 12: statistics = try r.structField(fieldType, name, id)
            default: return false
            }
            return true
        }
        self.init(type: ParquetPhysicalType(rawValue: try requiredField(type, name, "type")),
                  encodings: try requiredField(encodings, name, "encodings").map(ParquetEncoding.init(rawValue:)),
                  pathInSchema: try requiredField(path, name, "path_in_schema"),
                  codec: ParquetCompressionCodec(rawValue: try requiredField(codec, name, "codec")),
                  numValues: try requiredField(numValues, name, "num_values"),
                  totalUncompressedSize: try requiredField(uncompressed, name, "total_uncompressed_size"),
                  totalCompressedSize: try requiredField(compressed, name, "total_compressed_size"),
                  dataPageOffset: try requiredField(dataPageOffset, name, "data_page_offset"),
                  dictionaryPageOffset: dictionaryPageOffset, statistics: statistics)
        self.keyValueMetadata = keyValues
        self.indexPageOffset = indexPageOffset
    }
}

/// One column of one row group (`ColumnChunk`).
public struct ColumnChunk: ThriftStruct, Equatable {
    /// A separate file holding the chunk (not supported when reading; never written).
    public var filePath: String?
    /// Deprecated; written as 0.
    public var fileOffset: Int64
    /// The chunk's metadata (optional in the IDL, but writers must write it).
    public var metaData: ColumnMetaData?

    public init(fileOffset: Int64 = 0, metaData: ColumnMetaData?) {
        self.fileOffset = fileOffset
        self.metaData = metaData
    }

    public func writeFields(to writer: inout ThriftCompactWriter) {
        if let filePath { writer.writeStringField(1, filePath) }
        writer.writeI64Field(2, fileOffset)
        if let metaData { writer.writeStructField(3, metaData) }
    }

    public init(from reader: inout ThriftCompactReader) throws(ThriftError) {
        let name = "ColumnChunk"
        var filePath: String?, fileOffset: Int64?, metaData: ColumnMetaData?
        try reader.readStruct { r, id, type throws(ThriftError) in
            switch id {
            case 1: filePath = try r.stringField(type, name, id)
            case 2: fileOffset = try r.i64Field(type, name, id)
            case 3: metaData = try r.structField(type, name, id)
            default: return false
            }
            return true
        }
        self.init(fileOffset: fileOffset ?? 0, metaData: metaData)
        self.filePath = filePath
    }
}

/// A horizontal slice of the table (`RowGroup`): one chunk per leaf column, in schema order.
public struct RowGroup: ThriftStruct, Equatable {
    public var columns: [ColumnChunk]
    /// Uncompressed bytes of all the column data.
    public var totalByteSize: Int64
    public var numRows: Int64
    /// File offset of the group's first page.
    public var fileOffset: Int64?
    public var totalCompressedSize: Int64?
    public var ordinal: Int16?

    public init(columns: [ColumnChunk], totalByteSize: Int64, numRows: Int64, fileOffset: Int64? = nil,
                totalCompressedSize: Int64? = nil, ordinal: Int16? = nil) {
        self.columns = columns
        self.totalByteSize = totalByteSize
        self.numRows = numRows
        self.fileOffset = fileOffset
        self.totalCompressedSize = totalCompressedSize
        self.ordinal = ordinal
    }

    public func writeFields(to writer: inout ThriftCompactWriter) {
        writer.writeStructListField(1, columns)
        writer.writeI64Field(2, totalByteSize)
        writer.writeI64Field(3, numRows)
        if let fileOffset { writer.writeI64Field(5, fileOffset) }
        if let totalCompressedSize { writer.writeI64Field(6, totalCompressedSize) }
        if let ordinal { writer.writeI16Field(7, ordinal) }
    }

    public init(from reader: inout ThriftCompactReader) throws(ThriftError) {
        let name = "RowGroup"
        var columns: [ColumnChunk]?, totalByteSize: Int64?, numRows: Int64?
        var fileOffset: Int64?, totalCompressed: Int64?, ordinal: Int16?
        try reader.readStruct { r, id, type throws(ThriftError) in
            switch id {
            case 1: columns = try r.structListField(type, name, id)
            case 2: totalByteSize = try r.i64Field(type, name, id)
            case 3: numRows = try r.i64Field(type, name, id)
            case 5: fileOffset = try r.i64Field(type, name, id)
            case 6: totalCompressed = try r.i64Field(type, name, id)
            case 7: ordinal = try r.i16Field(type, name, id)
            default: return false
            }
            return true
        }
        self.init(columns: try requiredField(columns, name, "columns"), totalByteSize: try requiredField(totalByteSize, name, "total_byte_size"),
                  numRows: try requiredField(numRows, name, "num_rows"), fileOffset: fileOffset,
                  totalCompressedSize: totalCompressed, ordinal: ordinal)
    }
}
