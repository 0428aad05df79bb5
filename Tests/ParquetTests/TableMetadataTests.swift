import Foundation
import Testing
@testable import Parquet

/// The `table_meta_yaml` and `ARROW:schema` key-value entries on their own.
@Suite struct TableMetadataTests {
    @Test func yamlScalarsAreWrittenSoPyYAMLReadsThemBack() {
        #expect(MetaValueYAML.float(1e-5) == "1.0e-05")
        #expect(MetaValueYAML.float(1e20) == "1.0e+20")
        #expect(MetaValueYAML.float(2.5) == "2.5" && MetaValueYAML.float(3) == "3.0")
        #expect(MetaValueYAML.float(.nan) == ".nan" && MetaValueYAML.float(-.infinity) == "-.inf")
        #expect(MetaValueYAML.quoted("yes") == "\"yes\"")
        #expect(MetaValueYAML.quoted("a \"b\"\\\n\u{7}") == "\"a \\\"b\\\"\\\\\\n\\x07\"")
        #expect(MetaValueYAML.quoted("line\u{2028}break") == "\"line\\u2028break\"")
        #expect(MetaValueYAML.flow(.map(["k": .array([.int(1), .null, .bool(false)])])) == "{\"k\": [1, null, false]}")
    }

    @Test func yamlDecodesWhatItEncodesAndAstropyLayouts() throws {
        let table = ParquetTable(
            columns: [ParquetColumn(name: "ra", values: .float64([]), unit: "deg", description: "α: \"x\"\n"),
                      ParquetColumn(name: "1:20", values: .int8([]))],
            tableMeta: ["a": .array([.int(1), .double(1e-5)]), "b": .map(["on": .string("on"), "n": .null]), "c": .bool(true)])
        let text = TableMetaYAML.encode(table)
        #expect(text.hasPrefix("datatype:\n- {name: \"ra\", unit: \"deg\", datatype: float64, description: "))
        let decoded = try TableMetaYAML.decode(text)
        #expect(decoded.columns["ra"] == TableMetaYAML.ColumnEntry(unit: "deg", description: "α: \"x\"\n"))
        #expect(decoded.columns["1:20"] == TableMetaYAML.ColumnEntry(unit: nil, description: nil))
        #expect(decoded.meta == table.tableMeta)
        // astropy's own block-style omap, with YAML 1.1 scalars.
        let astropy = """
            datatype:
            - {name: x, unit: nJy, datatype: float32, description: PSF flux}
            meta: !!omap
            - aperture_radii: [1, 2.5]
            - {flag: yes}
            - {when: ~}
            - {octal: '010'}
            """
        let parsed = try TableMetaYAML.decode(astropy)
        #expect(parsed.columns["x"] == TableMetaYAML.ColumnEntry(unit: "nJy", description: "PSF flux"))
        #expect(parsed.meta == ["aperture_radii": .array([.int(1), .double(2.5)]), "flag": .bool(true), "when": .null, "octal": .string("010")])
        #expect(throws: ParquetError.self) { try TableMetaYAML.decode("datatype: [") }
    }

    /// The Arrow schema message: encapsulation, and a FlatBuffers round trip of names, types and
    /// field metadata.
    @Test func arrowSchemaMessageRoundTrips() throws {
        let table = ParquetTable(columns: [
            ParquetColumn(name: "ra", values: .float64([]), unit: "deg"),
            ParquetColumn(name: "flag", values: .bool([]), validity: []),
            ParquetColumn(name: "id", values: .uint64([])),
        ])
        let encoded = ArrowSchema.encode(table, schemaMetadata: [KeyValue(key: "k", value: "v")]) { $0.validity != nil }
        let bytes = try #require(Data(base64Encoded: encoded)).map { $0 }
        #expect(Array(bytes.prefix(4)) == [0xFF, 0xFF, 0xFF, 0xFF])
        let length = Int(bytes[4]) | Int(bytes[5]) << 8 | Int(bytes[6]) << 16 | Int(bytes[7]) << 24
        #expect(length == bytes.count - 8 && length % 8 == 0)
        let metadata = try #require(ArrowSchema.fieldMetadata(encoded))
        #expect(metadata == ["ra": ["unit": "deg"], "flag": [:], "id": [:]])

        let reader = FlatBufferReader(bytes: Array(bytes.dropFirst(8)))
        let message = try #require(reader.root)
        #expect(reader.int16(message, slot: 0) == 4 && reader.uint8(message, slot: 1) == 1)
        let schema = try #require(reader.childTable(message, slot: 2))
        let fields = reader.tables(schema, slot: 1)
        #expect(fields.map { reader.uint8($0, slot: 2) } == [3, 6, 2])           // FloatingPoint, Bool, Int
        #expect(fields.map { reader.uint8($0, slot: 1) } == [0, 1, 0])           // nullable
        let int = try #require(reader.childTable(fields[2], slot: 3))
        #expect(reader.int32(int, slot: 0) == 64 && reader.uint8(int, slot: 1) == 0)
        let double = try #require(reader.childTable(fields[0], slot: 3))
        #expect(reader.int16(double, slot: 0) == 2)
        #expect(reader.tables(schema, slot: 2).map { reader.string($0, slot: 0) } == ["k"])
        // Garbage decodes to nil, not a crash.
        #expect(ArrowSchema.fieldMetadata("not base64!") == nil)
        #expect(ArrowSchema.fieldMetadata(Data([0xFF, 0xFF, 0xFF, 0xFF, 8, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x7F, 1, 2, 3, 4]).base64EncodedString()) == nil)
    }
}
