import Foundation

/// The `ARROW:schema` key-value entry: base64 of an Arrow IPC encapsulated message (0xFFFFFFFF,
/// u32 metadata length, a FlatBuffers `Message` whose header is a `Schema`, padded to 8 bytes;
/// apache/arrow `format/Message.fbs`, `format/Schema.fbs`, `docs/source/format/Columnar.rst`
/// "Encapsulated message format"). pyarrow takes Arrow field metadata from it; roman_datamodels
/// puts each column's unit there as `{"unit": ...}`.
enum ArrowSchema {
    static let key = "ARROW:schema"

    /// Arrow `Type` union members used here (position in the union, NONE = 0).
    private enum TypeID: UInt8 {
        case int = 2, floatingPoint = 3, utf8 = 5, bool = 6
    }

    /// `MetadataVersion.V5`.
    private static let metadataVersion: Int16 = 4
    /// `MessageHeader.Schema`.
    private static let schemaHeader: UInt8 = 1

    /// The base64 value for `table`: one field per column (nullable when `nullable` says so), with `{"unit": unit}` field metadata for columns that have a unit, and the
    /// file's other key-value pairs as the schema's metadata (pyarrow shows a file's key-value
    /// metadata only when the stored schema carries it too).
    static func encode(_ table: ParquetTable, schemaMetadata: [KeyValue], nullable: (ParquetColumn) -> Bool) -> String {
        let fields = table.columns.map { column -> FlatBufferTable in
            let (typeID, type) = arrowType(column.values.kind)
            var fields: [FlatBufferTable.Field] = [
                .string(slot: 0, column.name),
                .bool(slot: 1, nullable(column)),
                .uint8(slot: 2, typeID.rawValue),
                .table(slot: 3, type),
                .tables(slot: 5, []),
            ]
            if let unit = column.unit {
                fields.append(.tables(slot: 6, [keyValue("unit", unit)]))
            }
            return FlatBufferTable(fields)
        }
        let metadata = schemaMetadata.map { keyValue($0.key, $0.value ?? "") }
        let schema = FlatBufferTable([.int16(slot: 0, 0), .tables(slot: 1, fields), .tables(slot: 2, metadata)])
        let message = FlatBufferTable([
            .int16(slot: 0, metadataVersion), .uint8(slot: 1, schemaHeader), .table(slot: 2, schema), .int64(slot: 3, 0),
        ])
        let flatbuffer = FlatBufferBuilder.serialize(message)
        var bytes: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF]
        withUnsafeBytes(of: UInt32(flatbuffer.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: flatbuffer)
        return Data(bytes).base64EncodedString()
    }

    /// Field name -> field metadata from an `ARROW:schema` value (nil when it does not decode).
    static func fieldMetadata(_ base64: String) -> [String: [String: String]]? {
        guard let data = Data(base64Encoded: base64), data.count > 8 else { return nil }
        var bytes = [UInt8](data)
        // Skip the continuation marker (absent in pre-1.0 streams) and the length.
        bytes.removeFirst(bytes.starts(with: [0xFF, 0xFF, 0xFF, 0xFF]) ? 8 : 4)
        let reader = FlatBufferReader(bytes: bytes)
        guard let message = reader.root, reader.uint8(message, slot: 1) == schemaHeader,
              let schema = reader.childTable(message, slot: 2) else { return nil }
        var result: [String: [String: String]] = [:]
        for field in reader.tables(schema, slot: 1) {
            guard let name = reader.string(field, slot: 0) else { continue }
            var metadata: [String: String] = [:]
            for pair in reader.tables(field, slot: 6) {
                if let key = reader.string(pair, slot: 0) { metadata[key] = reader.string(pair, slot: 1) ?? "" }
            }
            result[name] = metadata
        }
        return result
    }

    private static func keyValue(_ key: String, _ value: String) -> FlatBufferTable {
        FlatBufferTable([.string(slot: 0, key), .string(slot: 1, value)])
    }

    /// The Arrow type of a column kind: `Int{bitWidth, is_signed}`, `FloatingPoint{precision}`
    /// (HALF 0, SINGLE 1, DOUBLE 2), `Utf8`, `Bool`.
    private static func arrowType(_ kind: ParquetValueKind) -> (TypeID, FlatBufferTable) {
        func integer(_ bits: Int32, _ signed: Bool) -> (TypeID, FlatBufferTable) {
            (.int, FlatBufferTable([.int32(slot: 0, bits), .bool(slot: 1, signed)]))
        }
        func floating(_ precision: Int16) -> (TypeID, FlatBufferTable) {
            (.floatingPoint, FlatBufferTable([.int16(slot: 0, precision)]))
        }
        switch kind {
        case .bool: return (.bool, FlatBufferTable([]))
        case .int8: return integer(8, true)
        case .int16: return integer(16, true)
        case .int32: return integer(32, true)
        case .int64: return integer(64, true)
        case .uint8: return integer(8, false)
        case .uint16: return integer(16, false)
        case .uint32: return integer(32, false)
        case .uint64: return integer(64, false)
        case .float16: return floating(0)
        case .float32: return floating(1)
        case .float64: return floating(2)
        case .string: return (.utf8, FlatBufferTable([]))
        }
    }
}
