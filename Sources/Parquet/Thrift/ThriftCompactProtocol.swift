// The Thrift compact protocol, the only encoding of Parquet's footer and page headers.
// Specification: apache/thrift `doc/specs/thrift-compact-protocol.md` (varints are ULEB128,
// signed integers zigzag-mapped, struct fields carry a delta-coded id and a type nibble, bools
// live in the field header, lists carry a size/type header, doubles are little-endian).

/// The type nibble of a compact-protocol field header or list header.
public enum ThriftType: UInt8, Sendable, CustomStringConvertible {
    case booleanTrue = 1
    case booleanFalse = 2
    case i8 = 3
    case i16 = 4
    case i32 = 5
    case i64 = 6
    case double = 7
    case binary = 8
    case list = 9
    case set = 10
    case map = 11
    case `struct` = 12
    case uuid = 13

    /// True for the two boolean nibbles (a struct field's value lives in its header).
    public var isBoolean: Bool { self == .booleanTrue || self == .booleanFalse }

    public var description: String {
        switch self {
        case .booleanTrue, .booleanFalse: "bool"
        case .i8: "i8"
        case .i16: "i16"
        case .i32: "i32"
        case .i64: "i64"
        case .double: "double"
        case .binary: "binary"
        case .list: "list"
        case .set: "set"
        case .map: "map"
        case .struct: "struct"
        case .uuid: "uuid"
        }
    }
}

/// Why compact-protocol bytes could not be decoded.
public enum ThriftError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input ended while `expected` was being read at byte `offset`.
    case truncated(expected: String, offset: Int)
    /// A varint longer than its integer type allows, at byte `offset`.
    case invalidVarint(offset: Int)
    /// A type nibble that names no compact-protocol type, at byte `offset`.
    case invalidType(UInt8, offset: Int)
    /// A field of a known struct came with a type other than the schema's.
    case unexpectedFieldType(structName: String, field: Int16, found: ThriftType)
    /// A required field was absent.
    case missingRequiredField(structName: String, field: String)
    /// A length or count that is negative or larger than the remaining input, at byte `offset`.
    case invalidLength(Int64, offset: Int)
    /// Structs nested deeper than the decoder allows (protects the stack from crafted input).
    case nestingTooDeep(offset: Int)
    /// A value outside the range its field allows.
    case valueOutOfRange(structName: String, field: String, value: Int64)

    public var description: String {
        switch self {
        case .truncated(let expected, let offset): "input ends at byte \(offset) while reading \(expected)"
        case .invalidVarint(let offset): "varint at byte \(offset) is too long"
        case .invalidType(let nibble, let offset): "unknown compact-protocol type \(nibble) at byte \(offset)"
        case .unexpectedFieldType(let name, let field, let found): "\(name) field \(field) has type \(found)"
        case .missingRequiredField(let name, let field): "\(name) lacks its required field \(field)"
        case .invalidLength(let length, let offset): "length or count \(length) at byte \(offset) is negative or exceeds the input"
        case .nestingTooDeep(let offset): "structs nested too deeply at byte \(offset)"
        case .valueOutOfRange(let name, let field, let value): "\(name).\(field) = \(value) is out of range"
        }
    }
}

// MARK: - Encoder

/// Appends compact-protocol values to a byte array. Structs are written with `beginStruct` /
/// `endStruct` around their fields so field-id deltas restart inside every nested struct.
public struct ThriftCompactWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []
    /// The last field id of each open struct (innermost last).
    private var lastFieldIDs: [Int16] = [0]

    public init() {}

    /// Opens a nested struct (after its field header or as a list element).
    public mutating func beginStruct() { lastFieldIDs.append(0) }

    /// Closes the innermost struct with the stop byte.
    public mutating func endStruct() {
        bytes.append(0)
        lastFieldIDs.removeLast()
    }

    /// A field header: short form `dddd tttt` when the id delta is 1...15, else long form.
    public mutating func fieldHeader(_ id: Int16, _ type: ThriftType) {
        let delta = Int(id) - Int(lastFieldIDs[lastFieldIDs.count - 1])
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            writeVarint(zigzag(Int64(id)))
        }
        lastFieldIDs[lastFieldIDs.count - 1] = id
    }

    /// A list (or set) header: size in the high nibble below 15, else `1111 tttt` + varint size.
    public mutating func listHeader(_ elementType: ThriftType, count: Int) {
        if count < 15 {
            bytes.append(UInt8(count) << 4 | elementType.rawValue)
        } else {
            bytes.append(0xF0 | elementType.rawValue)
            writeVarint(UInt64(count))
        }
    }

    public mutating func writeBoolField(_ id: Int16, _ value: Bool) {
        fieldHeader(id, value ? .booleanTrue : .booleanFalse)
    }

    public mutating func writeI8Field(_ id: Int16, _ value: Int8) {
        fieldHeader(id, .i8)
        bytes.append(UInt8(bitPattern: value))
    }

    public mutating func writeI16Field(_ id: Int16, _ value: Int16) {
        fieldHeader(id, .i16)
        writeVarint(zigzag(Int64(value)))
    }

    public mutating func writeI32Field(_ id: Int16, _ value: Int32) {
        fieldHeader(id, .i32)
        writeI32(value)
    }

    public mutating func writeI64Field(_ id: Int16, _ value: Int64) {
        fieldHeader(id, .i64)
        writeI64(value)
    }

    public mutating func writeDoubleField(_ id: Int16, _ value: Double) {
        fieldHeader(id, .double)
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func writeBinaryField(_ id: Int16, _ value: [UInt8]) {
        fieldHeader(id, .binary)
        writeBinary(value)
    }

    public mutating func writeStringField(_ id: Int16, _ value: String) {
        fieldHeader(id, .binary)
        writeString(value)
    }

    /// A struct-valued field: header, the body written by `body`, stop byte.
    public mutating func writeStructField(_ id: Int16, _ body: (inout ThriftCompactWriter) -> Void) {
        fieldHeader(id, .struct)
        beginStruct()
        body(&self)
        endStruct()
    }

    /// A zigzag varint i32 (a list element or a field value after its header).
    public mutating func writeI32(_ value: Int32) { writeVarint(zigzag(Int64(value))) }

    /// A zigzag varint i64.
    public mutating func writeI64(_ value: Int64) { writeVarint(zigzag(value)) }

    /// Varint length + bytes.
    public mutating func writeBinary(_ value: [UInt8]) {
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// Varint length + UTF-8 bytes.
    public mutating func writeString(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            writeVarint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// Bytes already in compact-protocol form (a value encoded elsewhere).
    public mutating func appendRaw(_ raw: [UInt8]) { bytes.append(contentsOf: raw) }

    /// ULEB128.
    public mutating func writeVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    private func zigzag(_ n: Int64) -> UInt64 { UInt64(bitPattern: (n << 1) ^ (n >> 63)) }
}

// MARK: - Decoder

/// Reads compact-protocol values from a byte buffer, checking every length against the input.
/// The buffer must outlive the reader (it is read in place, not copied).
public struct ThriftCompactReader {
    /// The input.
    public let bytes: UnsafeRawBufferPointer
    /// The next byte to read.
    public private(set) var position: Int
    /// The innermost structs' last field ids (delta coding).
    private var lastFieldIDs: [Int16] = []
    /// The deepest struct nesting accepted.
    public static let maxDepth = 64

    public init(_ bytes: UnsafeRawBufferPointer, position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    /// Bytes left after `position`.
    public var remaining: Int { bytes.count - position }

    /// Reads the fields of a struct: `body` is called with each field's id and type and returns
    /// true when it read the value, false to have it skipped (unknown fields). Stops at the stop
    /// byte.
    public mutating func readStruct(_ body: (inout ThriftCompactReader, Int16, ThriftType) throws(ThriftError) -> Bool) throws(ThriftError) {
        guard lastFieldIDs.count < Self.maxDepth else { throw .nestingTooDeep(offset: position) }
        lastFieldIDs.append(0)
        defer { lastFieldIDs.removeLast() }
        while true {
            let header = try readByte("field header")
            if header == 0 { return }
            let type = try thriftType(header & 0x0F, offset: position - 1)
            let delta = Int16(header >> 4)
            let id: Int16
            if delta != 0 {
                id = lastFieldIDs[lastFieldIDs.count - 1] &+ delta
            } else {
                id = Int16(truncatingIfNeeded: try readZigzag("field id"))
            }
            lastFieldIDs[lastFieldIDs.count - 1] = id
            if try !body(&self, id, type) { try skip(type) }
        }
    }

    /// A list (or set) header: element type and count. The count is checked against the bytes
    /// left (every element takes at least one byte), so a forged count cannot force a huge
    /// allocation.
    public mutating func readListHeader() throws(ThriftError) -> (elementType: ThriftType, count: Int) {
        let start = position
        let header = try readByte("list header")
        let type = try listElementType(header & 0x0F, offset: start)
        var count = Int(header >> 4)
        if count == 15 {
            let size = try readVarint("list size")
            guard size <= UInt64(Int32.max) else { throw .invalidLength(Int64(bitPattern: size), offset: start) }
            count = Int(size)
        }
        guard count <= remaining else { throw .invalidLength(Int64(count), offset: start) }
        return (type, count)
    }

    /// A boolean list element (one byte, 1 = true).
    public mutating func readBoolElement() throws(ThriftError) -> Bool { try readByte("bool") == 1 }

    public mutating func readI8() throws(ThriftError) -> Int8 { Int8(bitPattern: try readByte("i8")) }

    public mutating func readI16() throws(ThriftError) -> Int16 {
        let start = position
        let value = try readZigzag("i16")
        guard let narrow = Int16(exactly: value) else { throw .invalidVarint(offset: start) }
        return narrow
    }

    public mutating func readI32() throws(ThriftError) -> Int32 {
        let start = position
        let value = try readZigzag("i32")
        guard let narrow = Int32(exactly: value) else { throw .invalidVarint(offset: start) }
        return narrow
    }

    public mutating func readI64() throws(ThriftError) -> Int64 { try readZigzag("i64") }

    public mutating func readDouble() throws(ThriftError) -> Double {
        guard remaining >= 8 else { throw .truncated(expected: "double", offset: position) }
        let bits = bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self)
        position += 8
        return Double(bitPattern: UInt64(littleEndian: bits))
    }

    public mutating func readBinary() throws(ThriftError) -> [UInt8] {
        let range = try binaryRange()
        return Array(bytes[range])
    }

    /// A string (invalid UTF-8 is repaired with replacement characters, never rejected).
    public mutating func readString() throws(ThriftError) -> String {
        let range = try binaryRange()
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// Skips one value of `type` (recursively for containers).
    public mutating func skip(_ type: ThriftType) throws(ThriftError) {
        switch type {
        case .booleanTrue, .booleanFalse:
            return
        case .i8:
            _ = try readByte("i8")
        case .i16, .i32, .i64:
            _ = try readVarint("integer")
        case .double:
            try advance(8, "double")
        case .uuid:
            try advance(16, "uuid")
        case .binary:
            _ = try binaryRange()
        case .struct:
            try readStruct { _, _, _ in false }
        case .list, .set:
            let (elementType, count) = try readListHeader()
            try skipElements(elementType, count: count)
        case .map:
            let start = position
            let size = try readVarint("map size")
            guard size <= UInt64(remaining) else { throw .invalidLength(Int64(bitPattern: size), offset: start) }
            if size == 0 { return }
            let kinds = try readByte("map types")
            let key = try listElementType(kinds >> 4, offset: position - 1)
            let value = try listElementType(kinds & 0x0F, offset: position - 1)
            for _ in 0..<Int(size) {
                try skipElements(key, count: 1)
                try skipElements(value, count: 1)
            }
        }
    }

    // MARK: Primitives

    /// ULEB128 of at most 10 bytes.
    public mutating func readVarint(_ what: String) throws(ThriftError) -> UInt64 {
        let start = position
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readByte(what)
            guard shift < 64, shift < 63 || byte <= 1 else { throw .invalidVarint(offset: start) }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    private mutating func readZigzag(_ what: String) throws(ThriftError) -> Int64 {
        let u = try readVarint(what)
        return Int64(bitPattern: u >> 1) ^ -Int64(bitPattern: u & 1)
    }

    private mutating func readByte(_ what: String) throws(ThriftError) -> UInt8 {
        guard position < bytes.count else { throw .truncated(expected: what, offset: position) }
        defer { position += 1 }
        return bytes[position]
    }

    private mutating func advance(_ count: Int, _ what: String) throws(ThriftError) {
        guard remaining >= count else { throw .truncated(expected: what, offset: position) }
        position += count
    }

    private mutating func binaryRange() throws(ThriftError) -> Range<Int> {
        let start = position
        let length = try readVarint("binary length")
        guard length <= UInt64(remaining) else { throw .invalidLength(Int64(bitPattern: length), offset: start) }
        let range = position..<(position + Int(length))
        position = range.upperBound
        return range
    }

    private mutating func skipElements(_ type: ThriftType, count: Int) throws(ThriftError) {
        for _ in 0..<count {
            if type.isBoolean { _ = try readByte("bool") } else { try skip(type) }
        }
    }

    private func thriftType(_ nibble: UInt8, offset: Int) throws(ThriftError) -> ThriftType {
        guard let type = ThriftType(rawValue: nibble) else { throw .invalidType(nibble, offset: offset) }
        return type
    }

    /// Element types of lists, sets and maps (0 is not a type here either).
    private func listElementType(_ nibble: UInt8, offset: Int) throws(ThriftError) -> ThriftType {
        try thriftType(nibble, offset: offset)
    }
}

// MARK: - Typed structs

/// A Thrift struct with a compact-protocol encoding (the Parquet metadata structs).
public protocol ThriftStruct: Sendable {
    /// Writes the fields (without the enclosing begin/stop, which the caller adds).
    func writeFields(to writer: inout ThriftCompactWriter)
    /// Reads the struct's fields up to and including its stop byte; unknown fields are skipped.
    init(from reader: inout ThriftCompactReader) throws(ThriftError)
}

extension ThriftStruct {
    /// The struct as a standalone compact-protocol message (fields + stop byte).
    public func thriftEncoded() -> [UInt8] {
        var writer = ThriftCompactWriter()
        writeFields(to: &writer)
        writer.endStructTopLevel()
        return writer.bytes
    }
}

extension ThriftCompactWriter {
    /// The stop byte of a top-level struct (its field-id delta state is the writer's root).
    mutating func endStructTopLevel() {
        bytes.append(0)
        lastFieldIDs = [0]
    }

    /// A struct-valued field holding `value`.
    public mutating func writeStructField<T: ThriftStruct>(_ id: Int16, _ value: T) {
        writeStructField(id) { value.writeFields(to: &$0) }
    }

    /// A list<struct> field.
    public mutating func writeStructListField<T: ThriftStruct>(_ id: Int16, _ values: [T]) {
        fieldHeader(id, .list)
        listHeader(.struct, count: values.count)
        for value in values {
            beginStruct()
            value.writeFields(to: &self)
            endStruct()
        }
    }

    /// A list<i32> field (also lists of enums).
    public mutating func writeI32ListField(_ id: Int16, _ values: [Int32]) {
        fieldHeader(id, .list)
        listHeader(.i32, count: values.count)
        for value in values { writeI32(value) }
    }

    /// A list<string> field.
    public mutating func writeStringListField(_ id: Int16, _ values: [String]) {
        fieldHeader(id, .list)
        listHeader(.binary, count: values.count)
        for value in values { writeString(value) }
    }
}

extension ThriftCompactReader {
    /// Checks that field `id` of `structName` came with the `expected` type.
    public func require(_ type: ThriftType, is expected: ThriftType, _ structName: String, _ id: Int16) throws(ThriftError) {
        let matches = expected.isBoolean ? type.isBoolean : type == expected
        guard matches else { throw .unexpectedFieldType(structName: structName, field: id, found: type) }
    }

    // Field values: each checks the field's type, then reads the value.

    public func boolField(_ type: ThriftType, _ structName: String, _ id: Int16) throws(ThriftError) -> Bool {
        try require(type, is: .booleanTrue, structName, id)
        return type == .booleanTrue
    }

    public mutating func i8Field(_ type: ThriftType, _ structName: String, _ id: Int16) throws(ThriftError) -> Int8 {
        try field(type, .i8, structName, id) { r throws(ThriftError) in try r.readI8() }
    }

    public mutating func i16Field(_ type: ThriftType, _ structName: String, _ id: Int16) throws(ThriftError) -> Int16 {
        try field(type, .i16, structName, id) { r throws(ThriftError) in try r.readI16() }
    }

    public mutating func i32Field(_ type: ThriftType, _ structName: String, _ id: Int16) throws(ThriftError) -> Int32 {
        try field(type, .i32, structName, id) { r throws(ThriftError) in try r.readI32() }
    }

    public mutating func i64Field(_ type: ThriftType, _ structName: String, _ id: Int16) throws(ThriftError) -> Int64 {
        try field(type, .i64, structName, id) { r throws(ThriftError) in try r.readI64() }
    }

    public mutating func binaryField(_ type: ThriftType, _ structName: String, _ id: Int16) throws(ThriftError) -> [UInt8] {
        try field(type, .binary, structName, id) { r throws(ThriftError) in try r.readBinary() }
    }

    public mutating func stringField(_ type: ThriftType, _ structName: String, _ id: Int16) throws(ThriftError) -> String {
        try field(type, .binary, structName, id) { r throws(ThriftError) in try r.readString() }
    }

    public mutating func structField<T: ThriftStruct>(_ type: ThriftType, _ structName: String, _ id: Int16) throws(ThriftError) -> T {
        try field(type, .struct, structName, id) { r throws(ThriftError) in try T(from: &r) }
    }

    /// A field value of the `expected` type, read by `read`.
    private mutating func field<T>(_ type: ThriftType, _ expected: ThriftType, _ structName: String, _ id: Int16,
                                   _ read: (inout ThriftCompactReader) throws(ThriftError) -> T) throws(ThriftError) -> T {
        try require(type, is: expected, structName, id)
        return try read(&self)
    }

    public mutating func structListField<T: ThriftStruct>(_ type: ThriftType, _ structName: String, _ id: Int16) throws(ThriftError) -> [T] {
        try listField(type, .struct, structName, id) { r throws(ThriftError) in try T(from: &r) }
    }

    /// A list<i32> field (also lists of enums).
    public mutating func i32ListField(_ type: ThriftType, _ structName: String, _ id: Int16) throws(ThriftError) -> [Int32] {
        try listField(type, .i32, structName, id) { r throws(ThriftError) in try r.readI32() }
    }

    public mutating func stringListField(_ type: ThriftType, _ structName: String, _ id: Int16) throws(ThriftError) -> [String] {
        try listField(type, .binary, structName, id) { r throws(ThriftError) in try r.readString() }
    }

    /// A list field whose elements have `elementType`, each read by `element`.
    private mutating func listField<T>(_ type: ThriftType, _ elementType: ThriftType, _ structName: String, _ id: Int16,
                                       _ element: (inout ThriftCompactReader) throws(ThriftError) -> T) throws(ThriftError) -> [T] {
        try require(type, is: .list, structName, id)
        let (found, count) = try readListHeader()
        guard found == elementType else { throw .unexpectedFieldType(structName: structName, field: id, found: found) }
        var values: [T] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try element(&self)) }
        return values
    }
}
