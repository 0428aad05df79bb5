import ASDF
import Foundation
import Parquet

/// `roman-bench parquet`: writes and reads a catalog-like table (`--rows` rows, default 1,000,000,
/// × 50 columns of float32/float64/int/bool, as the L4 source catalogs) with our Parquet code and
/// with pyarrow (scripts/python/parquet_bench.py), same data and the same codec settings
/// (dictionary encoding, statistics, 1 Mi-row groups; zstd level 1, gzip level 6), uncompressed,
/// snappy and zstd. Both readers read pyarrow's file.
struct ParquetBenchmark {
    let options: BenchOptions

    /// The codecs compared, with the level handed to both sides.
    static let codecs: [(name: String, compression: ParquetCompression, level: Int32?)] = [
        ("none", .none, nil), ("snappy", .snappy, nil), ("zstd", .zstd(level: 1), 1),
    ]

    func run() throws {
        try FileManager.default.createDirectory(atPath: options.directory, withIntermediateDirectories: true)
        let rows = options.rows
        let me = CommandLine.arguments[0]
        let script = "scripts/python/parquet_bench.py"
        print("machine: \(MachineInfo.describe())")
        let input = options.directory + "/catalog_\(rows)_input.parquet"
        let table = Self.catalog(rows: rows)
        if !FileManager.default.fileExists(atPath: input) {
            try ParquetWriter.write(table, to: input, options: ParquetWriteOptions(dictionary: false, durable: false))
        }
        let dataBytes = Self.dataBytes(table)
        print("table: \(rows) rows x \(table.columns.count) columns, \(ByteCount.format(dataBytes)) in memory; input \(input)")

        var lines: [[String]] = []
        func record(_ group: String, _ ours: Measure.Result, _ theirs: Measure.Result) {
            let ratio = String(format: "%.2fx", theirs.seconds / ours.seconds)
            for (label, result, speedup) in [(group, ours, ratio), ("", theirs, "1.00x")] {
                lines.append([label, result.label, String(format: "%.3f s", result.seconds),
                              String(format: "%.0f MB/s", Double(dataBytes) / result.seconds / 1e6),
                              String(format: "%.2f M rows/s", Double(rows) / result.seconds / 1e6),
                              ByteCount.format(result.peakRSSBytes), speedup])
            }
        }
        for codec in Self.codecs {
            let ours = options.directory + "/catalog_ours_\(codec.name).parquet"
            let theirs = options.directory + "/catalog_pyarrow_\(codec.name).parquet"
            let level = codec.level.map { ["--level", String($0)] } ?? []
            let pyWrite = try Measure.best(options.repeats, "pyarrow") {
                [options.python, script, "write", input, theirs, "--compression", codec.name] + level
            }
            let ourWrite = try Measure.best(options.repeats, "ours") { [me, "case", "parquet-write", input, ours, codec.name] }
            let sizes = "file \(ByteCount.format(ourWrite.detail["bytes"] as? Int ?? 0)) vs \(ByteCount.format(pyWrite.detail["bytes"] as? Int ?? 0))"
            record("write \(codec.name) (\(sizes))", ourWrite, pyWrite)
            let pyRead = try Measure.best(options.repeats, "pyarrow") { [options.python, script, "read", theirs] }
            let ourRead = try Measure.best(options.repeats, "ours") { [me, "case", "parquet-read", theirs] }
            guard ourRead.detail["id_sum"] as? String == pyRead.detail["id_sum"] as? String else {
                throw BenchError("id sums differ: ours \(ourRead.detail["id_sum"] ?? "?") pyarrow \(pyRead.detail["id_sum"] ?? "?")")
            }
            record("read pyarrow's \(codec.name) file", ourRead, pyRead)
        }
        print("")
        let header = ["benchmark", "implementation", "time (best of \(options.repeats))", "throughput", "rows", "peak RSS", "speed-up"]
        for line in Table.render(header: header, rows: lines) { print(line) }
    }

    // MARK: Child-process cases

    /// Reads `input` (not timed) and times writing it to `output` with `codec`.
    static func write(input: String, output: String, codec: String) throws -> [String: Any] {
        guard let compression = codecs.first(where: { $0.name == codec })?.compression else { throw BenchError("unknown codec \(codec)") }
        let table = try ParquetReader(path: input).readTable()
        let clock = ContinuousClock()
        let start = clock.now
        try ParquetWriter.write(table, to: output, options: ParquetWriteOptions(compression: compression, durable: false))
        let seconds = (clock.now - start).seconds
        let size = (try FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
        return ["seconds": seconds, "bytes": size, "rows": table.rowCount]
    }

    /// Times reading every column of `path` and summing its `id` column.
    static func read(_ path: String) throws -> [String: Any] {
        let clock = ContinuousClock()
        let start = clock.now
        let table = try ParquetReader(path: path).readTable()
        var sum: Int64 = 0
        if case .int64(let ids)? = table["id"]?.values { sum = ids.reduce(0, &+) }
        let seconds = (clock.now - start).seconds
        return ["seconds": seconds, "rows": table.rowCount, "id_sum": String(sum)]
    }

    // MARK: Data

    /// A source-catalog-like table: ids, positions, centroids, ~30 float32 photometry columns,
    /// float64 shape/sky columns, integer flags (few distinct values) and booleans; 50 columns.
    static func catalog(rows: Int) -> ParquetTable {
        var state: UInt64 = 0x5EED
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        func uniform() -> Double { Double(next()) / Double(1 << 53) }
        var columns = [
            ParquetColumn(name: "id", values: .int64((0..<rows).map { Int64($0) + 1 })),
            ParquetColumn(name: "ra", values: .float64((0..<rows).map { _ in 80 + uniform() }), unit: "deg"),
            ParquetColumn(name: "dec", values: .float64((0..<rows).map { _ in -30 + uniform() }), unit: "deg"),
            ParquetColumn(name: "x_centroid", values: .float32((0..<rows).map { _ in Float(uniform() * 4088) }), unit: "pix"),
            ParquetColumn(name: "y_centroid", values: .float32((0..<rows).map { _ in Float(uniform() * 4088) }), unit: "pix"),
        ]
        for k in 0..<30 {
            let name = (k % 2 == 0 ? "flux_" : "flux_err_") + "ap\(k / 2)"
            columns.append(ParquetColumn(name: name, values: .float32((0..<rows).map { _ in Float(uniform() * 1000) }), unit: "nJy"))
        }
        for k in 0..<8 {
            columns.append(ParquetColumn(name: "shape_\(k)", values: .float64((0..<rows).map { _ in uniform() }), unit: k < 4 ? "arcsec" : nil))
        }
        columns.append(ParquetColumn(name: "flags", values: .int32((0..<rows).map { _ in Int32(next() % 4 == 0 ? 1 << (next() % 8) : 0) })))
        columns.append(ParquetColumn(name: "warning_flags", values: .int32((0..<rows).map { _ in Int32(next() % 16) })))
        columns.append(ParquetColumn(name: "n_pixels", values: .int16((0..<rows).map { _ in Int16(next() % 500) })))
        for name in ["is_extended", "is_saturated", "is_blended", "is_edge"] {
            columns.append(ParquetColumn(name: name, values: .bool((0..<rows).map { _ in next() % 5 == 0 })))
        }
        return ParquetTable(columns: columns, keyValueMetadata: [KeyValue(key: "roman.meta.filename", value: "bench_cat.parquet")])
    }

    /// In-memory size of the values (the throughput's numerator).
    static func dataBytes(_ table: ParquetTable) -> Int {
        table.columns.reduce(0) { total, column in
            let width = switch column.values.kind {
            case .bool, .int8, .uint8: 1
            case .int16, .uint16, .float16: 2
            case .int32, .uint32, .float32: 4
            default: 8
            }
            return total + width * column.count
        }
    }
}
