import Foundation
import Testing
import InteropSupport
@testable import Parquet

/// Tables and comparisons shared by the Parquet tests.
enum ParquetFixtures {
    /// A table with every element type: `rows` rows, extremes, NaN, ±0 and infinities in the float
    /// columns, low-cardinality columns (so dictionaries pay off) next to unique ones, and nulls
    /// in every other column when `nulls` (null rows hold zero, as the reader returns them).
    static func everyType(rows: Int, nulls: Bool, seed: UInt64 = 1) -> ParquetTable {
        var rng = SplitMix64(seed: seed)
        func pick<T>(_ special: [T], _ random: () -> T) -> [T] {
            (0..<rows).map { $0 < special.count ? special[$0] : random() }
        }
        var columns: [ParquetColumn] = [
            ParquetColumn(name: "flag", values: .bool((0..<rows).map { _ in rng.next() & 1 == 1 })),
            ParquetColumn(name: "i8", values: .int8(pick([.min, .max, 0]) { Int8(truncatingIfNeeded: rng.next() % 7) })),
            ParquetColumn(name: "i16", values: .int16(pick([.min, .max]) { Int16(truncatingIfNeeded: rng.next()) })),
            ParquetColumn(name: "i32", values: .int32(pick([.min, .max, -1]) { Int32(truncatingIfNeeded: rng.next() % 5) - 2 })),
            ParquetColumn(name: "i64", values: .int64(pick([.min, .max]) { Int64(bitPattern: rng.next()) })),
            ParquetColumn(name: "u8", values: .uint8(pick([.max, 0]) { UInt8(truncatingIfNeeded: rng.next() % 3) })),
            ParquetColumn(name: "u16", values: .uint16(pick([.max]) { UInt16(truncatingIfNeeded: rng.next()) })),
            ParquetColumn(name: "u32", values: .uint32(pick([.max, 1 << 31]) { UInt32(truncatingIfNeeded: rng.next() % 4) })),
            ParquetColumn(name: "u64", values: .uint64(pick([.max, 1 << 63]) { rng.next() })),
            ParquetColumn(name: "f16", values: .float16(pick([.nan, -0.0, .infinity, .greatestFiniteMagnitude]) {
                Float16(Double(rng.next() % 1000) / 7)
            })),
            ParquetColumn(name: "f32", values: .float32(pick([.nan, -0.0, 0.0, -.infinity]) { Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()) & 0x3FFF_FFFF) })),
            ParquetColumn(name: "f64", values: .float64(pick([.nan, .infinity, -0.0, .leastNonzeroMagnitude]) { Double(rng.next() % 5) * 0.25 })),
            ParquetColumn(name: "name", values: .string(pick(["", "é✓ ünïcode", String(repeating: "long", count: 300)]) {
                "src_\(rng.next() % 6)"
            })),
        ]
        if nulls {
            for k in columns.indices where k % 2 == 1 {
                let validity = (0..<rows).map { _ in rng.next() % 4 != 0 }
                columns[k] = withNulls(columns[k], validity)
            }
        }
        return ParquetTable(columns: columns, keyValueMetadata: [KeyValue(key: "roman.meta.filename", value: "test_cat.parquet")],
                            tableMeta: ["aperture_radii": .array([.double(1.5), .double(2.5)])])
    }

    /// `column` with `validity`, the values of null rows set to what the reader returns there (zero).
    static func withNulls(_ column: ParquetColumn, _ validity: [Bool]) -> ParquetColumn {
        func clear<T>(_ values: [T], _ zero: T) -> [T] { zip(values, validity).map { $1 ? $0 : zero } }
        var result = column
        result.validity = validity
        switch column.values {
        case .bool(let v): result.values = .bool(clear(v, false))
        case .int8(let v): result.values = .int8(clear(v, 0))
        case .int16(let v): result.values = .int16(clear(v, 0))
        case .int32(let v): result.values = .int32(clear(v, 0))
        case .int64(let v): result.values = .int64(clear(v, 0))
        case .uint8(let v): result.values = .uint8(clear(v, 0))
        case .uint16(let v): result.values = .uint16(clear(v, 0))
        case .uint32(let v): result.values = .uint32(clear(v, 0))
        case .uint64(let v): result.values = .uint64(clear(v, 0))
        case .float16(let v): result.values = .float16(clear(v, 0))
        case .float32(let v): result.values = .float32(clear(v, 0))
        case .float64(let v): result.values = .float64(clear(v, 0))
        case .string(let v): result.values = .string(clear(v, ""))
        }
        return result
    }

    /// The cell texts of a column (see scripts/python/parquet_tool.py): booleans "true"/"false",
    /// integers in decimal, floats as hex bit patterns of their width, strings as is, nulls nil.
    static func cells(_ column: ParquetColumn) -> [String?] {
        func hex<T: BinaryInteger>(_ bits: T, digits: Int) -> String {
            let text = String(bits, radix: 16)
            return String(repeating: "0", count: max(0, digits - text.count)) + text
        }
        let texts: [String]
        switch column.values {
        case .bool(let v): texts = v.map { $0 ? "true" : "false" }
        case .int8(let v): texts = v.map { String($0) }
        case .int16(let v): texts = v.map { String($0) }
        case .int32(let v): texts = v.map { String($0) }
        case .int64(let v): texts = v.map { String($0) }
        case .uint8(let v): texts = v.map { String($0) }
        case .uint16(let v): texts = v.map { String($0) }
        case .uint32(let v): texts = v.map { String($0) }
        case .uint64(let v): texts = v.map { String($0) }
        case .float16(let v): texts = v.map { hex($0.bitPattern, digits: 4) }
        case .float32(let v): texts = v.map { hex($0.bitPattern, digits: 8) }
        case .float64(let v): texts = v.map { hex($0.bitPattern, digits: 16) }
        case .string(let v): texts = v
        }
        guard let validity = column.validity else { return texts }
        return zip(texts, validity).map { $1 ? $0 : nil }
    }

    /// The pyarrow type name of a kind (`str(field.type)`).
    static func arrowTypeName(_ kind: ParquetValueKind) -> String {
        switch kind {
        case .float16: "halffloat"
        case .float32: "float"
        case .float64: "double"
        default: kind.rawValue
        }
    }

    /// Rewrites a file's footer: decodes it, lets `change` edit it, and re-encodes it in place.
    static func rewritingFooter(_ bytes: [UInt8], _ change: (inout FileMetaData) -> Void) throws -> [UInt8] {
        let length = Int(UInt32(bytes[bytes.count - 8]) | UInt32(bytes[bytes.count - 7]) << 8
                         | UInt32(bytes[bytes.count - 6]) << 16 | UInt32(bytes[bytes.count - 5]) << 24)
        let start = bytes.count - 8 - length
        var metadata = try bytes[start..<(bytes.count - 8)].withUnsafeBytes { raw in
            var reader = ThriftCompactReader(raw)
            return try FileMetaData(from: &reader)
        }
        change(&metadata)
        let footer = metadata.thriftEncoded()
        var result = Array(bytes[0..<start]) + footer
        withUnsafeBytes(of: UInt32(footer.count).littleEndian) { result.append(contentsOf: $0) }
        return result + Array("PAR1".utf8)
    }

    /// Decodes the page header at `offset` of `bytes`, with its encoded length.
    static func pageHeader(in bytes: [UInt8], at offset: Int) throws -> (PageHeader, Int) {
        try bytes[offset...].withUnsafeBytes { raw in
            var reader = ThriftCompactReader(raw)
            let header = try PageHeader(from: &reader)
            return (header, reader.position)
        }
    }

    /// Runs `parquet_tool.py COMMAND ARGUMENT` and decodes its JSON output.
    static func tool(_ command: String, _ argument: String) throws -> [String: Any]? {
        guard let output = try PythonTools.run([PythonTools.script("parquet_tool.py"), command, argument]) else { return nil }
        guard output.status == 0 else {
            throw ToolFailure(message: "parquet_tool.py \(command) failed: \(output.stderr.suffix(3000))")
        }
        return try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
    }

    struct ToolFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
