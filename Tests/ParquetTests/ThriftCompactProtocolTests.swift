import Testing
@testable import Parquet

/// The Thrift compact encoder and decoder against bytes fixed by the specification and by
/// pyarrow (formats.md §4.2, §4.8), and the metadata structs through them.
@Suite struct ThriftCompactProtocolTests {
    private func decode<T: ThriftStruct>(_ type: T.Type, _ bytes: [UInt8]) throws(ThriftError) -> T {
        var result: Result<T, ThriftError>!
        bytes.withUnsafeBytes { raw in
            var reader = ThriftCompactReader(raw)
            result = Result { () throws(ThriftError) in try T(from: &reader) }
        }
        return try result.get()
    }

    @Test func varintAndZigzagMatchTheSpecification() throws {
        var writer = ThriftCompactWriter()
        writer.writeVarint(50399)
        #expect(writer.bytes == [0xDF, 0x89, 0x03])
        var zigzag = ThriftCompactWriter()
        for value: Int32 in [0, -1, 1, -2, 2147483647, -2147483648] { zigzag.writeI32(value) }
        #expect(zigzag.bytes == [0x00, 0x01, 0x02, 0x03, 0xFE, 0xFF, 0xFF, 0xFF, 0x0F, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F])
        let values: [Int32] = try zigzag.bytes.withUnsafeBytes { raw in
            var reader = ThriftCompactReader(raw)
            return try (0..<6).map { _ in try reader.readI32() }
        }
        #expect(values == [0, -1, 1, -2, .max, .min])
    }

    /// pyarrow's v1 data page header for 3 INT32 values (formats.md §4.2), byte for byte.
    @Test func dataPageHeaderMatchesPyarrowBytes() throws {
        let expected: [UInt8] = [0x15, 0x00, 0x15, 0x1C, 0x15, 0x1C, 0x2C, 0x15, 0x06, 0x15, 0x00, 0x15, 0x06, 0x15, 0x06, 0x1C, 0x00, 0x00, 0x00]
        let header = PageHeader(type: .dataPage, uncompressedPageSize: 14, compressedPageSize: 14,
                                dataPageHeader: DataPageHeader(numValues: 3, encoding: .plain, statistics: Statistics()))
        #expect(header.thriftEncoded() == expected)
        let decoded = try decode(PageHeader.self, expected)
        #expect(decoded == header)
        #expect(decoded.dataPageHeader?.definitionLevelEncoding == .rle)
    }

    @Test func fieldHeadersSwitchToLongFormAndBoolsLiveInTheHeader() throws {
        var writer = ThriftCompactWriter()
        writer.writeBoolField(1, true)
        writer.writeBoolField(2, false)
        writer.writeI16Field(20, -3)   // delta 18 > 15: long form
        writer.writeI64Field(4, 7)     // negative delta: long form
        writer.writeDoubleField(5, 1.5)
        #expect(writer.bytes == [0x11, 0x12, 0x04, 0x28, 0x05, 0x06, 0x08, 0x0E, 0x17, 0, 0, 0, 0, 0, 0, 0xF8, 0x3F])
    }

    @Test func listsOfFifteenOrMoreUseTheLongHeader() throws {
        var writer = ThriftCompactWriter()
        writer.writeI32ListField(2, Array(0..<15))
        #expect(Array(writer.bytes.prefix(3)) == [0x29, 0xF5, 0x0F])
        writer.writeI32ListField(3, [1, 2])
        #expect(Array(writer.bytes.suffix(3)) == [0x25, 0x02, 0x04])
    }

    /// A footer carrying fields this library does not know (SizeStatistics, encoding stats,
    /// encryption, a map and a set) decodes with those fields skipped and the rest intact.
    @Test func unknownFieldsAreSkipped() throws {
        let column = ColumnMetaData(type: .int32, encodings: [.rle, .plain], pathInSchema: ["a"], codec: .uncompressed, numValues: 3,
                                    totalUncompressedSize: 65, totalCompressedSize: 65, dataPageOffset: 4,
                                    statistics: Statistics(nullCount: 0, maxValue: [3, 0, 0, 0], minValue: [1, 0, 0, 0]))
        var writer = ThriftCompactWriter()
        writer.writeI32Field(1, 2)
        writer.writeStructListField(2, [SchemaElement(repetition: .required, name: "schema", numChildren: 1),
                                        SchemaElement(type: .int32, repetition: .optional, name: "a")])
        writer.writeI64Field(3, 3)
        writer.fieldHeader(4, .list)
        writer.listHeader(.struct, count: 1)
        writer.beginStruct()                     // RowGroup
        writer.fieldHeader(1, .list)
        writer.listHeader(.struct, count: 1)
        writer.beginStruct()                     // ColumnChunk
        writer.writeI64Field(2, 0)
        writer.writeStructField(3) { w in        // ColumnMetaData + unknown 13, 16, 17
            column.writeFields(to: &w)
            w.fieldHeader(13, .list)
            w.listHeader(.struct, count: 1)
            w.beginStruct()
            w.writeI32Field(1, 0)
            w.writeI32Field(2, 0)
            w.writeI32Field(3, 1)
            w.endStruct()
            w.writeStructField(16) { s in
                s.writeI64Field(1, 12)
                s.fieldHeader(3, .list)
                s.listHeader(.i64, count: 2)
                s.writeI64(0)
                s.writeI64(3)
            }
            w.fieldHeader(17, .map)
            w.writeVarint(1)
            w.appendRaw([0x88])               // binary -> binary
            w.writeString("k")
            w.writeString("v")
            w.fieldHeader(18, .set)
            w.listHeader(.booleanTrue, count: 2)
            w.appendRaw([1, 0])
            w.fieldHeader(19, .uuid)
            w.appendRaw([UInt8](repeating: 7, count: 16))
        }
        writer.endStruct()
        writer.writeI64Field(2, 65)
        writer.writeI64Field(3, 3)
        writer.endStruct()
        writer.writeStringField(6, "parquet-cpp-arrow version 26.0.1")
        writer.writeStructField(8) { $0.writeStructField(1) { $0.writeBinaryField(1, [1, 2]) } }
        writer.writeBinaryField(9, [9, 9, 9])
        writer.endStructTopLevel()

        let metadata = try decode(FileMetaData.self, writer.bytes)
        #expect(metadata.version == 2 && metadata.numRows == 3)
        #expect(metadata.schema.map(\.name) == ["schema", "a"])
        #expect(metadata.rowGroups.count == 1 && metadata.rowGroups[0].totalByteSize == 65)
        #expect(metadata.rowGroups[0].columns[0].metaData == column)
        #expect(metadata.createdBy == "parquet-cpp-arrow version 26.0.1")
    }

    @Test func everyStructRoundTrips() throws {
        let statistics = Statistics(max: [2], min: [1], nullCount: 4, distinctCount: 2, maxValue: [2], minValue: [1],
                                    isMaxValueExact: true, isMinValueExact: false, nanCount: 0)
        #expect(try decode(Statistics.self, statistics.thriftEncoded()) == statistics)
        let logicalTypes: [LogicalType] = [.string, .integer(bitWidth: 16, isSigned: false), .float16, .decimal(scale: 2, precision: 9),
                                           .timestamp(isAdjustedToUTC: true, unit: .microseconds), .time(isAdjustedToUTC: false, unit: .nanoseconds),
                                           .date, .json, .uuid, .other(fieldID: 16)]
        for logical in logicalTypes {
            var element = SchemaElement(type: .int32, typeLength: 2, repetition: .optional, name: "c", convertedType: .uint16, logicalType: logical)
            element.fieldID = 7
            #expect(try decode(SchemaElement.self, element.thriftEncoded()) == element)
        }
        let v2 = PageHeader(type: .dataPageV2, uncompressedPageSize: 10, compressedPageSize: 8, crc: -5,
                            dataPageHeaderV2: DataPageHeaderV2(numValues: 5, numNulls: 1, numRows: 5, encoding: .rleDictionary,
                                                               definitionLevelsByteLength: 2, repetitionLevelsByteLength: 0, isCompressed: false))
        #expect(try decode(PageHeader.self, v2.thriftEncoded()) == v2)
        let dictionary = PageHeader(type: .dictionaryPage, uncompressedPageSize: 4, compressedPageSize: 4,
                                    dictionaryPageHeader: DictionaryPageHeader(numValues: 1, isSorted: true))
        #expect(try decode(PageHeader.self, dictionary.thriftEncoded()) == dictionary)
        let footer = FileMetaData(version: 1, schema: [SchemaElement(name: "schema", numChildren: 0)], numRows: 0, rowGroups: [],
                                  keyValueMetadata: [KeyValue(key: "k", value: nil), KeyValue(key: "ARROW:schema", value: "x")],
                                  createdBy: nil, columnOrders: [.typeDefined, .ieee754TotalOrder])
        #expect(try decode(FileMetaData.self, footer.thriftEncoded()) == footer)
    }

    @Test func malformedInputGivesTypedErrors() throws {
        let header = PageHeader(type: .dataPage, uncompressedPageSize: 14, compressedPageSize: 14,
                                dataPageHeader: DataPageHeader(numValues: 3, encoding: .plain)).thriftEncoded()
        for length in 0..<header.count {
            #expect(throws: ThriftError.self) { try decode(PageHeader.self, Array(header.prefix(length))) }
        }
        #expect(throws: ThriftError.truncated(expected: "field header", offset: 0)) { try decode(PageHeader.self, []) }
        #expect(throws: ThriftError.invalidType(14, offset: 0)) { try decode(PageHeader.self, [0x1E]) }
        #expect(throws: ThriftError.missingRequiredField(structName: "PageHeader", field: "compressed_page_size")) {
            try decode(PageHeader.self, [0x15, 0x00, 0x15, 0x02, 0x00])
        }
        #expect(throws: ThriftError.unexpectedFieldType(structName: "PageHeader", field: 2, found: .binary)) {
            try decode(PageHeader.self, [0x15, 0x00, 0x18, 0x00, 0x00])
        }
        // A list claiming more elements than there are bytes.
        #expect(throws: ThriftError.invalidLength(1000, offset: 1)) { try decode(FileMetaData.self, [0x29, 0xFC, 0xE8, 0x07]) }
        // Unknown structs nested deeper than the decoder allows.
        let deep = [UInt8](repeating: 0xFC, count: 200) + [UInt8](repeating: 0, count: 201)
        #expect(throws: ThriftError.nestingTooDeep(offset: 64)) { try decode(Statistics.self, deep) }
        // An over-long varint.
        #expect(throws: ThriftError.invalidVarint(offset: 1)) { try decode(Statistics.self, [0x36] + [UInt8](repeating: 0xFF, count: 11)) }
    }
}
