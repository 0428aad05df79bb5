import Foundation
import InteropSupport
import Testing
@testable import Parquet

/// Our files read by pyarrow and astropy, and pyarrow's and astropy's files read by us
/// (scripts/python/parquet_tool.py).
@Suite(.serialized) struct PyarrowInteropTests {
    @Test func pyarrowReadsOurFiles() throws {
        let directory = try TemporaryDirectory()
        var table = ParquetFixtures.everyType(rows: 300, nulls: true)
        table.columns[2].unit = "nJy"
        table.columns[11].unit = "deg"
        let configurations: [(String, ParquetWriteOptions)] = [
            ("plain.parquet", ParquetWriteOptions(dictionary: false)),
            ("dictionary_groups.parquet", ParquetWriteOptions(rowGroupSize: 120, dataPageSize: 200)),
            ("snappy.parquet", ParquetWriteOptions(compression: .snappy)),
            ("zstd.parquet", ParquetWriteOptions(compression: .zstd(level: 5), rowGroupSize: 100)),
            ("gzip.parquet", ParquetWriteOptions(compression: .gzip(level: 9), dictionary: false, pageChecksums: true)),
            ("lz4.parquet", ParquetWriteOptions(compression: .lz4Raw)),
            ("nullable.parquet", ParquetWriteOptions(optionalColumns: true, rowGroupSize: 200)),
        ]
        for (name, options) in configurations {
            let path = directory.file(name)
            try ParquetWriter.write(table, to: path, options: options)
            guard let dump = try ParquetFixtures.tool("dump", path) else { return }
            let fields = try #require(dump["fields"] as? [[String: Any]])
            #expect(fields.count == table.columns.count, "\(name)")
            for (field, column) in zip(fields, table.columns) {
                #expect(field["name"] as? String == column.name, "\(name)")
                #expect(field["type"] as? String == ParquetFixtures.arrowTypeName(column.values.kind), "\(name) \(column.name)")
                #expect(field["nullable"] as? Bool == (column.validity != nil || options.optionalColumns), "\(name) \(column.name)")
                let cells = (field["cells"] as? [Any])?.map { $0 as? String }
                #expect(cells == ParquetFixtures.cells(column), "\(name) \(column.name)")
                let metadata = field["metadata"] as? [String: String] ?? [:]
                #expect(metadata["unit"] == column.unit, "\(name) \(column.name)")
            }
            let schemaMetadata = try #require(dump["schema_metadata"] as? [String: String])
            #expect(schemaMetadata["roman.meta.filename"] == "test_cat.parquet" && schemaMetadata["table::len::name"] == "1200")
            #expect(schemaMetadata["table_meta_yaml"]?.hasPrefix("datatype:\n- {name: \"flag\"") == true)
            try checkStatistics(dump, table, options: options, label: name)
        }
    }

    /// pyarrow's view of our statistics: null counts, and min/max equal to the extremes of the
    /// valid non-NaN values of each row group.
    private func checkStatistics(_ dump: [String: Any], _ table: ParquetTable, options: ParquetWriteOptions, label: String) throws {
        let groups = try #require(dump["row_groups"] as? [[String: Any]])
        #expect(groups.count == (table.rowCount + options.rowGroupSize - 1) / options.rowGroupSize, "\(label)")
        var start = 0
        for group in groups {
            let rows = try #require(group["num_rows"] as? Int)
            let chunks = try #require(group["columns"] as? [[String: Any]])
            for (chunk, column) in zip(chunks, table.columns) {
                let slice = ParquetColumn(name: column.name, values: column.values.slice(start..<(start + rows)),
                                          validity: column.validity.map { Array($0[start..<(start + rows)]) })
                #expect(chunk["null_count"] as? Int == slice.nullCount, "\(label) \(column.name)")
                // pyarrow names LZ4_RAW "LZ4".
                let codec = options.compression == .lz4Raw ? "LZ4" : options.compression.codec.description
                #expect(chunk["codec"] as? String == codec, "\(label) \(column.name)")
                let (low, high) = Self.extremes(slice)
                #expect(chunk["min"] as? String == low, "\(label) \(column.name) min")
                #expect(chunk["max"] as? String == high, "\(label) \(column.name) max")
            }
            start += rows
        }
    }

    /// The cells of the smallest and largest valid non-NaN values (zeros as -0.0 / +0.0).
    private static func extremes(_ column: ParquetColumn) -> (String?, String?) {
        func pick<T: Comparable>(_ values: [T], _ isNaN: (T) -> Bool) -> (T, T)? {
            let valid = values.indices.filter { column.validity?[$0] ?? true }.map { values[$0] }.filter { !isNaN($0) }
            guard let low = valid.min(), let high = valid.max() else { return nil }
            return (low, high)
        }
        func texts<T>(_ pair: (T, T)?, _ wrap: ([T]) -> ParquetColumnValues) -> (String?, String?) {
            guard let pair else { return (nil, nil) }
            let cells = ParquetFixtures.cells(ParquetColumn(name: "", values: wrap([pair.0, pair.1])))
            return (cells[0], cells[1])
        }
        func floats<T: BinaryFloatingPoint>(_ values: [T], _ wrap: ([T]) -> ParquetColumnValues) -> (String?, String?) {
            texts(pick(values, { $0.isNaN }).map { ($0.0 == 0 ? -0.0 : $0.0, $0.1 == 0 ? 0.0 : $0.1) }, wrap)
        }
        switch column.values {
        case .bool(let v): return texts(pick(v.map { $0 ? 1 : 0 }, { _ in false }).map { ($0.0 == 1, $0.1 == 1) }, ParquetColumnValues.bool)
        case .int8(let v): return texts(pick(v, { _ in false }), ParquetColumnValues.int8)
        case .int16(let v): return texts(pick(v, { _ in false }), ParquetColumnValues.int16)
        case .int32(let v): return texts(pick(v, { _ in false }), ParquetColumnValues.int32)
        case .int64(let v): return texts(pick(v, { _ in false }), ParquetColumnValues.int64)
        case .uint8(let v): return texts(pick(v, { _ in false }), ParquetColumnValues.uint8)
        case .uint16(let v): return texts(pick(v, { _ in false }), ParquetColumnValues.uint16)
        case .uint32(let v): return texts(pick(v, { _ in false }), ParquetColumnValues.uint32)
        case .uint64(let v): return texts(pick(v, { _ in false }), ParquetColumnValues.uint64)
        case .float16(let v): return floats(v, ParquetColumnValues.float16)
        case .float32(let v): return floats(v, ParquetColumnValues.float32)
        case .float64(let v): return floats(v, ParquetColumnValues.float64)
        case .string(let v):
            let valid = v.indices.filter { column.validity?[$0] ?? true }.map { v[$0] }
            let low = valid.min { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            let high = valid.max { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            return (low, high)
        }
    }

    @Test func astropyReadsUnitsDescriptionsAndMeta() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("catalog.parquet")
        let table = ParquetTable(
            columns: [
                ParquetColumn(name: "ra", values: .float64([10.5, 11.25, 12.0]), unit: "deg", description: "Right ascension"),
                ParquetColumn(name: "flux_psf", values: .float32([1.5, .nan, 3.5]), unit: "nJy", description: "PSF flux: \"fit\"\nsecond line"),
                ParquetColumn(name: "x_centroid", values: .float16([1, 2, 3]), unit: "pix"),
                ParquetColumn(name: "id", values: .uint32([1, 2, .max])),
                ParquetColumn(name: "label", values: .string(["a", "bé", "yes"])),
                ParquetColumn(name: "flag", values: .bool([true, false, true]), validity: [true, true, true]),
                ParquetColumn(name: "n", values: .int16([-1, 0, 1]), unit: "mag"),
            ],
            keyValueMetadata: [KeyValue(key: "roman.meta.exposure.start_time", value: "2020-01-01T00:00:00.000")],
            tableMeta: [
                "aperture_radii": .array([.int(1), .double(2.5), .double(1e-5)]),
                "name": .string("yes"),
                "time": .string("1:20"),
                "empty": .string(""),
                "missing": .null,
                "bad": .double(.nan),
                "big": .double(1e300),
                "flags": .map(["on": .bool(true), "count": .int(-3)]),
            ])
        try ParquetWriter.write(table, to: path)
        guard let result = try ParquetFixtures.tool("astropy", path) else { return }
        let columns = try #require(result["columns"] as? [[String: Any]])
        #expect(columns.map { $0["name"] as? String } == table.columns.map(\.name))
        let dtypes = ["float64", "float32", "float16", "uint32", "<U3", "bool", "int16"]
        for ((entry, column), dtype) in zip(zip(columns, table.columns), dtypes) {
            #expect(entry["unit"] as? String == column.unit, "\(column.name)")
            #expect(entry["description"] as? String == column.description, "\(column.name)")
            #expect((entry["dtype"] as? String)?.hasSuffix(dtype.replacingOccurrences(of: "<", with: "")) == true, "\(column.name): \(entry["dtype"] ?? "")")
            #expect((entry["cells"] as? [Any])?.map { $0 as? String } == ParquetFixtures.cells(column).map { $0 }, "\(column.name)")
        }
        let meta = try #require(result["meta"] as? [String: Any])
        #expect((meta["aperture_radii"] as? [Any])?.count == 3)
        #expect((meta["aperture_radii"] as? [Any])?.first as? Int == 1)
        #expect(((meta["aperture_radii"] as? [Any])?[2] as? [String: String])?["float"] == "3ee4f8b588e368f1")
        #expect(meta["name"] as? String == "yes" && meta["time"] as? String == "1:20" && meta["empty"] as? String == "")
        let nanBits = UInt64((meta["bad"] as? [String: String])?["float"] ?? "", radix: 16)
        #expect(meta["missing"] is NSNull && nanBits.map { Double(bitPattern: $0).isNaN } == true)
        #expect((meta["big"] as? [String: String])?["float"] == String(1e300.bitPattern, radix: 16))
        #expect((meta["flags"] as? [String: Any])?["on"] as? Bool == true && (meta["flags"] as? [String: Any])?["count"] as? Int == -3)
        // And we read back what we wrote.
        var readMeta = try ParquetReader(path: path).readTable().tableMeta
        var writtenMeta = table.tableMeta
        writtenMeta.removeValue(forKey: "bad")
        guard case .double(let nan)? = readMeta.removeValue(forKey: "bad"), nan.isNaN else { Issue.record("NaN meta value lost"); return }
        #expect(readMeta == writtenMeta)
    }

    @Test func weReadPyarrowAndAstropyFiles() throws {
        let directory = try TemporaryDirectory()
        guard let made = try ParquetFixtures.tool("make", directory.path) else { return }
        #expect((made["files"] as? [String])?.count ?? 0 >= 15)
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory.file("manifest.json")))) as? [String: [String: Any]])
        for (name, expected) in manifest.sorted(by: { $0.key < $1.key }) {
            guard let cells = expected["cells"] as? [String: [Any]], let types = expected["types"] as? [String: String] else { continue }
            let reader = try ParquetReader(path: directory.file(name))
            let table = try reader.readTable()
            #expect(Set(table.columns.map(\.name)) == Set(cells.keys), "\(name)")
            for column in table.columns {
                #expect(ParquetFixtures.arrowTypeName(column.values.kind) == types[column.name], "\(name) \(column.name)")
                #expect(ParquetFixtures.cells(column) == cells[column.name]?.map { $0 as? String }, "\(name) \(column.name)")
            }
            #expect(table.keyValueMetadata.isEmpty, "\(name): \(table.keyValueMetadata.map(\.key))")
        }
        // Several row groups and v2 pages really were exercised.
        #expect(try ParquetReader(path: directory.file("v2_zstd_groups.parquet")).rowGroupCount == 4)
        let v2 = try ParquetReader(path: directory.file("v2_snappy.parquet"))
        let offset = Int(v2.columnMetaData(rowGroup: 0, column: 2).dataPageOffset)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: directory.file("v2_snappy.parquet"))))
        #expect(try ParquetFixtures.pageHeader(in: bytes, at: offset).0.type == .dataPageV2)
        #expect(try ParquetReader(path: directory.file("checksums.parquet")).metadata.rowGroups.count == 1)

        let astropy = try ParquetReader(path: directory.file("astropy.parquet")).readTable()
        #expect(astropy["ra"]?.unit == "deg" && astropy["flux"]?.unit == "nJy" && astropy["flux"]?.description == "PSF flux")
        #expect(astropy["id"]?.unit == nil && astropy["ra"]?.values == .float64([10.5, 11.25, 12.0]))
        #expect(astropy.tableMeta == ["aperture_radii": .array([.int(1), .int(2)]), "origin": .string("test")])

        let fieldUnits = try ParquetReader(path: directory.file("field_units.parquet")).readTable()
        #expect(fieldUnits["x"]?.unit == "pix" && fieldUnits["y"]?.unit == nil)
        #expect(fieldUnits.keyValueMetadata == [KeyValue(key: "roman.meta.filename", value: "a.parquet")])

        let nested = try #require(throws: ParquetError.self) { try ParquetReader(path: directory.file("nested.parquet")) }
        #expect(nested.column == "lists" && nested.file == directory.file("nested.parquet"))
        guard case .unsupportedType = nested.problem else { Issue.record("got \(nested)"); return }
    }
}

extension ParquetColumnValues {
    /// Rows `range` of the column.
    func slice(_ range: Range<Int>) -> ParquetColumnValues {
        switch self {
        case .bool(let v): .bool(Array(v[range]))
        case .int8(let v): .int8(Array(v[range]))
        case .int16(let v): .int16(Array(v[range]))
        case .int32(let v): .int32(Array(v[range]))
        case .int64(let v): .int64(Array(v[range]))
        case .uint8(let v): .uint8(Array(v[range]))
        case .uint16(let v): .uint16(Array(v[range]))
        case .uint32(let v): .uint32(Array(v[range]))
        case .uint64(let v): .uint64(Array(v[range]))
        case .float16(let v): .float16(Array(v[range]))
        case .float32(let v): .float32(Array(v[range]))
        case .float64(let v): .float64(Array(v[range]))
        case .string(let v): .string(Array(v[range]))
        }
    }
}
