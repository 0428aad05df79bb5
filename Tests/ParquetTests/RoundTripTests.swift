import Foundation
import InteropSupport
import Testing
@testable import Parquet

/// Tables written and read back by this library: every type × PLAIN / dictionary × every codec
/// × with and without nulls × one and several row groups and pages.
@Suite struct RoundTripTests {
    static let codecs: [ParquetCompression] = [.none, .snappy, .zstd(level: 3), .gzip(level: 6), .lz4Raw]

    private func expectSameTable(_ read: ParquetTable, _ written: ParquetTable, _ label: String) {
        #expect(read.columns.map(\.name) == written.columns.map(\.name), "\(label)")
        for (a, b) in zip(read.columns, written.columns) {
            #expect(a.values.isBitwiseEqual(to: b.values), "\(label): column \(b.name) values differ")
            #expect(a.validity == b.validity, "\(label): column \(b.name) validity differs")
            #expect(a.unit == b.unit && a.description == b.description, "\(label): column \(b.name) unit or description differs")
        }
        #expect(read.keyValueMetadata == written.keyValueMetadata, "\(label)")
        #expect(read.tableMeta == written.tableMeta, "\(label)")
    }

    @Test(arguments: [false, true])
    func everyTypeEncodingAndCodecRoundTrips(nulls: Bool) throws {
        var table = ParquetFixtures.everyType(rows: 1000, nulls: nulls)
        table.columns[3].unit = "pix"
        table.columns[4].description = "a \"quoted\"\ndescription"
        for codec in Self.codecs {
            for dictionary in [false, true] {
                for (rowGroupSize, pageSize) in [(1000, 1 << 20), (300, 256)] {
                    let options = ParquetWriteOptions(compression: codec, rowGroupSize: rowGroupSize, dictionary: dictionary,
                                                      dataPageSize: pageSize, pageChecksums: true)
                    let label = "\(codec) dictionary \(dictionary) groups of \(rowGroupSize) pages of \(pageSize) B nulls \(nulls)"
                    let bytes = try ParquetWriter.encode(table, options: options)
                    let reader = try ParquetReader(bytes: bytes)
                    #expect(reader.rowGroupCount == (1000 + rowGroupSize - 1) / rowGroupSize, "\(label)")
                    expectSameTable(try reader.readTable(), table, label)
                    // The dictionary is used where it pays (low-cardinality columns) and only then.
                    let encodings = reader.columnMetaData(rowGroup: 0, column: 5).encodings
                    #expect(encodings.contains(.rleDictionary) == dictionary, "\(label): \(encodings)")
                    #expect(!reader.columnMetaData(rowGroup: 0, column: 4).encodings.contains(.rleDictionary), "\(label)")
                    #expect(reader.columnMetaData(rowGroup: 0, column: 0).codec == codec.codec)
                }
            }
        }
    }

    @Test func writesAtomicallyToAFileAndReadsItMapped() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("catalog.parquet")
        let table = ParquetFixtures.everyType(rows: 50, nulls: true)
        try ParquetWriter.write(table, to: path, options: ParquetWriteOptions(compression: .zstd()))
        let reader = try ParquetReader(path: path)
        expectSameTable(try reader.readTable(), table, "file")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["catalog.parquet"])
        // Reading a subset keeps the file's column order.
        let subset = try reader.readTable(columns: ["u64", "flag"])
        #expect(subset.columns.map(\.name) == ["flag", "u64"])
        #expect(throws: ParquetError.self) { try reader.readTable(columns: ["nope"]) }
    }

    @Test func optionalColumnsWithoutNullsAndEmptyTables() throws {
        let column = ParquetColumn(name: "x", values: .int32([1, 2, 3]), validity: [true, true, true])
        let bytes = try ParquetWriter.encode(ParquetTable(columns: [column]))
        let reader = try ParquetReader(bytes: bytes)
        #expect(reader.columns[0].isOptional)
        #expect(try reader.readColumn(0) == ParquetColumn(name: "x", values: .int32([1, 2, 3])))
        // pyarrow's layout: every column OPTIONAL, all rows defined.
        let plain = ParquetTable(columns: [ParquetColumn(name: "a", values: .uint16([1, 2])), ParquetColumn(name: "b", values: .string(["x", "y"]))],
                                 keyValuePairs: [(key: "k", value: "v")])
        let nullable = try ParquetReader(bytes: ParquetWriter.encode(plain, options: ParquetWriteOptions(optionalColumns: true)))
        #expect(nullable.columns.allSatisfy { $0.isOptional })
        #expect(try nullable.readTable() == plain)
        let allNull = ParquetColumn(name: "x", values: .float64([0, 0]), validity: [false, false])
        #expect(try ParquetReader(bytes: ParquetWriter.encode(ParquetTable(columns: [allNull]))).readColumn(0) == allNull)
        let empty = ParquetTable(columns: [ParquetColumn(name: "e", values: .string([]))])
        let emptyReader = try ParquetReader(bytes: ParquetWriter.encode(empty))
        #expect(emptyReader.rowCount == 0 && emptyReader.rowGroupCount == 0)
        #expect(try emptyReader.readTable().columns == empty.columns)
    }

    @Test func invalidTablesAreRejected() throws {
        let a = ParquetColumn(name: "a", values: .int8([1, 2]))
        #expect(throws: ParquetError.self) { try ParquetWriter.encode(ParquetTable(columns: [a, ParquetColumn(name: "b", values: .int8([1]))])) }
        #expect(throws: ParquetError.self) { try ParquetWriter.encode(ParquetTable(columns: [a, a])) }
        #expect(throws: ParquetError.self) { try ParquetWriter.encode(ParquetTable(columns: [ParquetColumn(name: "", values: .int8([]))])) }
        #expect(throws: ParquetError.self) {
            try ParquetWriter.encode(ParquetTable(columns: [ParquetColumn(name: "v", values: .int8([1]), validity: [true, false])]))
        }
        #expect(throws: ParquetError.self) { try ParquetWriter.encode(ParquetTable(columns: [a]), options: ParquetWriteOptions(rowGroupSize: 0)) }
        #expect(throws: ParquetError.self) { try ParquetWriter.write(ParquetTable(columns: [a]), to: "/nonexistent-dir/x.parquet") }
    }

    /// The v1 page of a nullable INT32 column [1, 2, 3] has pyarrow's body (formats.md §4.8):
    /// definition levels `02 00 00 00 06 01`, then the PLAIN values.
    @Test func dataPageBodyMatchesPyarrow() throws {
        let table = ParquetTable(columns: [ParquetColumn(name: "a", values: .int32([1, 2, 3]), validity: [true, true, true])])
        let bytes = try ParquetWriter.encode(table, options: ParquetWriteOptions(dictionary: false, arrowSchema: false, astropyMetadata: false))
        #expect(Array(bytes.prefix(4)) == Array("PAR1".utf8))
        let (header, headerLength) = try ParquetFixtures.pageHeader(in: bytes, at: 4)
        #expect(header.type == .dataPage && header.compressedPageSize == 18 && header.uncompressedPageSize == 18)
        let body = Array(bytes[(4 + headerLength)..<(4 + headerLength + 18)])
        #expect(body == [2, 0, 0, 0, 6, 1, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0])
        let metadata = try ParquetReader(bytes: bytes).metadata
        #expect(metadata.version == 1 && metadata.columnOrders == [.typeDefined])
        #expect(metadata.rowGroups[0].columns[0].metaData?.totalCompressedSize == Int64(headerLength + 18))
    }
}

/// Column-chunk statistics follow the column's sort order and the float rules of parquet.thrift.
@Suite struct StatisticsTests {
    private func statistics(_ column: ParquetColumn) throws -> Statistics {
        let reader = try ParquetReader(bytes: ParquetWriter.encode(ParquetTable(columns: [column])))
        return try #require(reader.columnMetaData(rowGroup: 0, column: 0).statistics)
    }

    @Test func unsignedColumnsUseUnsignedOrder() throws {
        let stats = try statistics(ParquetColumn(name: "u", values: .uint32([1, .max, 7])))
        #expect(stats.minValue == [1, 0, 0, 0] && stats.maxValue == [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(stats.min == nil && stats.max == nil)
        let signed = try statistics(ParquetColumn(name: "i", values: .int32([1, -1, 7])))
        #expect(signed.minValue == [0xFF, 0xFF, 0xFF, 0xFF] && signed.min == signed.minValue && signed.maxValue == [7, 0, 0, 0])
        let narrow = try statistics(ParquetColumn(name: "u8", values: .uint8([200, 3])))
        #expect(narrow.minValue == [3, 0, 0, 0] && narrow.maxValue == [200, 0, 0, 0])
    }

    @Test func floatsIgnoreNaNAndSignZeros() throws {
        let stats = try statistics(ParquetColumn(name: "f", values: .float64([.nan, 0.0, 1.5, .nan]), validity: [true, true, true, true]))
        #expect(stats.minValue == StatisticsBuilder.encode(-0.0 as Double) && stats.maxValue == StatisticsBuilder.encode(1.5 as Double))
        #expect(stats.nanCount == 2 && stats.nullCount == 0)
        let zeros = try statistics(ParquetColumn(name: "z", values: .float32([-0.0, 0.0, -0.0])))
        #expect(zeros.minValue == StatisticsBuilder.encode(-0.0 as Float) && zeros.maxValue == StatisticsBuilder.encode(0.0 as Float))
        let allNaN = try statistics(ParquetColumn(name: "n", values: .float16([.nan, .nan])))
        #expect(allNaN.minValue == nil && allNaN.maxValue == nil && allNaN.nanCount == 2)
        let withNulls = try statistics(ParquetColumn(name: "m", values: .float64([0, 9, 2]), validity: [false, true, true]))
        #expect(withNulls.nullCount == 1 && withNulls.minValue == StatisticsBuilder.encode(2.0 as Double))
    }

    @Test func stringsAndBooleans() throws {
        let strings = try statistics(ParquetColumn(name: "s", values: .string(["b", "é", "a", "Z"])))
        #expect(strings.minValue == Array("Z".utf8) && strings.maxValue == Array("é".utf8) && strings.min == nil)
        let flags = try statistics(ParquetColumn(name: "b", values: .bool([true, true])))
        #expect(flags.minValue == [1] && flags.maxValue == [1])
        let none = try ParquetReader(bytes: ParquetWriter.encode(ParquetTable(columns: [ParquetColumn(name: "s", values: .int8([1]))]),
                                                                 options: ParquetWriteOptions(statistics: false)))
        #expect(none.columnMetaData(rowGroup: 0, column: 0).statistics == nil && none.metadata.columnOrders == nil)
    }
}
