// A minimal FlatBuffers encoder and decoder for the Arrow IPC schema message (google/flatbuffers
// `docs/source/internals.md`, "FlatBuffers binary format"): little-endian scalars; a table starts
// with a signed 32-bit offset back to its vtable (u16 vtable size, u16 table size, one u16 field
// offset per slot, 0 = absent); references are unsigned 32-bit offsets forward from where they
// are stored; strings and vectors start with a u32 count, strings end with a zero byte.

/// A table to serialize: fields by vtable slot.
struct FlatBufferTable {
    enum Field {
        case bool(slot: Int, Bool)
        case uint8(slot: Int, UInt8)
        case int16(slot: Int, Int16)
        case int32(slot: Int, Int32)
        case int64(slot: Int, Int64)
        case string(slot: Int, String)
        case table(slot: Int, FlatBufferTable)
        case tables(slot: Int, [FlatBufferTable])

        var slot: Int {
            switch self {
            case .bool(let s, _), .uint8(let s, _), .int16(let s, _), .int32(let s, _), .int64(let s, _),
                 .string(let s, _), .table(let s, _), .tables(let s, _): s
            }
        }

        /// Bytes of the field inside its table (references are 4-byte offsets).
        var inlineSize: Int {
            switch self {
            case .bool, .uint8: 1
            case .int16: 2
            case .int32, .string, .table, .tables: 4
            case .int64: 8
            }
        }
    }

    var fields: [Field]

    init(_ fields: [Field]) { self.fields = fields }
}

/// Serializes a `FlatBufferTable` tree front to back: each table is preceded by its vtable and
/// followed by the objects it references, so every reference points forward.
struct FlatBufferBuilder {
    private(set) var bytes: [UInt8] = []

    /// The buffer for `root`: a u32 offset to the root table, then the tables; padded to 8 bytes.
    static func serialize(_ root: FlatBufferTable) -> [UInt8] {
        var builder = FlatBufferBuilder()
        builder.append(UInt32(0))
        let position = builder.write(root)
        builder.patchReference(at: 0, to: position)
        builder.align(8)
        return builder.bytes
    }

    private mutating func write(_ table: FlatBufferTable) -> Int {
        let slotCount = (table.fields.map(\.slot).max() ?? -1) + 1
        align(2)
        let vtable = bytes.count
        append(UInt16(4 + 2 * slotCount))
        append(UInt16(0))
        for _ in 0..<slotCount { append(UInt16(0)) }
        align(table.fields.contains { $0.inlineSize == 8 } ? 8 : 4)
        let start = bytes.count
        append(Int32(start - vtable))
        // Largest fields first keeps the padding small.
        var references: [(position: Int, field: FlatBufferTable.Field)] = []
        for field in table.fields.sorted(by: { $0.inlineSize > $1.inlineSize }) {
            align(field.inlineSize)
            let position = bytes.count
            storeUInt16(UInt16(position - start), at: vtable + 4 + 2 * field.slot)
            switch field {
            case .bool(_, let v): append(UInt8(v ? 1 : 0))
            case .uint8(_, let v): append(v)
            case .int16(_, let v): append(v)
            case .int32(_, let v): append(v)
            case .int64(_, let v): append(v)
            case .string, .table, .tables:
                append(UInt32(0))
                references.append((position, field))
            }
        }
        storeUInt16(UInt16(bytes.count - start), at: vtable + 2)
        for (position, field) in references {
            switch field {
            case .string(_, let text):
                align(4)
                patchReference(at: position, to: bytes.count)
                append(UInt32(text.utf8.count))
                bytes.append(contentsOf: text.utf8)
                bytes.append(0)
            case .table(_, let child):
                patchReference(at: position, to: write(child))
            case .tables(_, let children):
                align(4)
                patchReference(at: position, to: bytes.count)
                append(UInt32(children.count))
                let elements = bytes.count
                for _ in children { append(UInt32(0)) }
                for (i, child) in children.enumerated() {
                    patchReference(at: elements + 4 * i, to: write(child))
                }
            default:
                break
            }
        }
        return start
    }

    private mutating func align(_ alignment: Int) {
        while bytes.count % alignment != 0 { bytes.append(0) }
    }

    private mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private mutating func storeUInt16(_ value: UInt16, at offset: Int) {
        bytes[offset] = UInt8(truncatingIfNeeded: value)
        bytes[offset + 1] = UInt8(truncatingIfNeeded: value >> 8)
    }

    private mutating func patchReference(at offset: Int, to target: Int) {
        let value = UInt32(target - offset)
        for k in 0..<4 { bytes[offset + k] = UInt8(truncatingIfNeeded: value >> UInt32(8 * k)) }
    }
}

/// Reads tables of a FlatBuffers buffer, checking every offset against the buffer (a bad buffer
/// gives nil, never a crash).
struct FlatBufferReader {
    let bytes: [UInt8]

    /// A table at a byte position.
    struct Table {
        let position: Int
        let vtable: Int
        let vtableSize: Int
    }

    /// The root table.
    var root: Table? { reference(at: 0).flatMap(table(at:)) }

    func table(at position: Int) -> Table? {
        guard let offset = int32(at: position) else { return nil }
        let vtable = position - Int(offset)
        guard let size = uint16(at: vtable), size >= 4, vtable + Int(size) <= bytes.count else { return nil }
        return Table(position: position, vtable: vtable, vtableSize: Int(size))
    }

    /// Where field `slot` of `table` is stored, or nil when absent.
    func fieldPosition(_ table: Table, slot: Int) -> Int? {
        let entry = 4 + 2 * slot
        guard entry + 2 <= table.vtableSize, let offset = uint16(at: table.vtable + entry), offset != 0 else { return nil }
        return table.position + Int(offset)
    }

    func uint8(_ table: Table, slot: Int) -> UInt8? {
        fieldPosition(table, slot: slot).flatMap { $0 < bytes.count ? bytes[$0] : nil }
    }

    func int16(_ table: Table, slot: Int) -> Int16? {
        fieldPosition(table, slot: slot).flatMap { uint16(at: $0) }.map { Int16(bitPattern: $0) }
    }

    func int32(_ table: Table, slot: Int) -> Int32? {
        fieldPosition(table, slot: slot).flatMap { int32(at: $0) }
    }

    func string(_ table: Table, slot: Int) -> String? {
        guard let start = fieldPosition(table, slot: slot).flatMap(reference(at:)), let count = int32(at: start),
              count >= 0, start + 4 + Int(count) <= bytes.count else { return nil }
        return String(decoding: bytes[(start + 4)..<(start + 4 + Int(count))], as: UTF8.self)
    }

    func childTable(_ table: Table, slot: Int) -> Table? {
        fieldPosition(table, slot: slot).flatMap(reference(at:)).flatMap(table(at:))
    }

    /// The tables of a vector-of-tables field (empty when absent or malformed).
    func tables(_ table: Table, slot: Int) -> [Table] {
        guard let start = fieldPosition(table, slot: slot).flatMap(reference(at:)), let count = int32(at: start),
              count >= 0, start + 4 + 4 * Int(count) <= bytes.count else { return [] }
        return (0..<Int(count)).compactMap { reference(at: start + 4 + 4 * $0).flatMap(self.table(at:)) }
    }

    /// The position a u32 forward reference at `offset` points to.
    private func reference(at offset: Int) -> Int? {
        guard let value = int32(at: offset) else { return nil }
        let target = offset + Int(UInt32(bitPattern: value))
        return target < bytes.count ? target : nil
    }

    private func uint16(at offset: Int) -> UInt16? {
        guard offset >= 0, offset + 2 <= bytes.count else { return nil }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    private func int32(at offset: Int) -> Int32? {
        guard offset >= 0, offset + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for k in 0..<4 { value |= UInt32(bytes[offset + k]) << UInt32(8 * k) }
        return Int32(bitPattern: value)
    }
}
