// Value decoders of the reader, one per element family: the non-null values of each data page are
// appended in the page's encoding (PLAIN, RLE_DICTIONARY / PLAIN_DICTIONARY, BYTE_STREAM_SPLIT,
// the DELTA encodings, RLE booleans; apache/parquet-format `Encodings.md`), then spread over the
// page's rows when some are null.

/// Receives the decoded values of one column, page by page.
protocol ColumnValueDecoder {
    /// Reads the dictionary page (PLAIN values).
    mutating func readDictionary(_ data: UnsafeRawBufferPointer, count: Int) throws(ParquetError)
    /// Appends the `count` non-null values of a data page.
    mutating func appendValues(_ data: UnsafeRawBufferPointer, encoding: ParquetEncoding, count: Int) throws(ParquetError)
    /// Spreads the last `defined` values over the rows of `valid` (zero / false / "" where false).
    mutating func spread(defined: Int, valid: UnsafeBufferPointer<Bool>)
    /// The column decoded so far.
    var values: ParquetColumnValues { get }
}

private func corrupt(_ message: String) -> ParquetError { ParquetError(file: nil, .corruptPage(message)) }

extension Array {
    /// Spreads the last `defined` elements over `valid.count` positions in place, `filler` where
    /// `valid` is false (walking backwards, so no element is overwritten before it moves).
    mutating func spread(defined: Int, valid: UnsafeBufferPointer<Bool>, filler: Element) {
        let base = count - defined
        append(contentsOf: repeatElement(filler, count: valid.count - defined))
        var source = base + defined - 1
        for row in stride(from: valid.count - 1, through: 0, by: -1) {
            if valid[row] {
                self[base + row] = self[source]
                source -= 1
            } else {
                self[base + row] = filler
            }
        }
    }
}

/// Decoders whose values come PLAIN, from a dictionary page, or in a type-specific encoding.
private protocol PlainOrDictionaryDecoder: ColumnValueDecoder {
    associatedtype Element
    var decoded: [Element] { get set }
    var dictionary: DictionaryValues<Element> { get set }
    /// Appends `count` PLAIN values.
    static func appendPlain(_ data: UnsafeRawBufferPointer, count: Int, to out: inout [Element]) throws(ParquetError)
    /// Appends `count` values in an encoding other than PLAIN and dictionary.
    mutating func appendOther(_ data: UnsafeRawBufferPointer, encoding: ParquetEncoding, count: Int) throws(ParquetError)
}

extension PlainOrDictionaryDecoder {
    mutating func readDictionary(_ data: UnsafeRawBufferPointer, count: Int) throws(ParquetError) {
        var entries: [Element] = []
        try Self.appendPlain(data, count: count, to: &entries)
        dictionary.entries = entries
    }

    mutating func appendValues(_ data: UnsafeRawBufferPointer, encoding: ParquetEncoding, count: Int) throws(ParquetError) {
        switch encoding {
        case .plain: try Self.appendPlain(data, count: count, to: &decoded)
        case .rleDictionary, .plainDictionary:
            // Moved out while in use, so `decoded` can be appended to (and no buffer is copied).
            var values = dictionary
            dictionary = DictionaryValues()
            defer { dictionary = values }
            try values.append(data, count: count, to: &decoded)
        default: try appendOther(data, encoding: encoding, count: count)
        }
    }
}

/// The dictionary of a column chunk and the data pages that index into it.
private struct DictionaryValues<T> {
    /// The dictionary page's values (nil until a dictionary page was read).
    var entries: [T]?
    private var indices: [UInt32] = []

    /// Appends the `count` values of a dictionary-encoded page: one bit-width byte, then RLE /
    /// bit-packed indices, each checked against the dictionary size.
    mutating func append(_ data: UnsafeRawBufferPointer, count: Int, to out: inout [T]) throws(ParquetError) {
        guard let entries else { throw corrupt("dictionary-encoded page without a dictionary page") }
        if count == 0 { return }
        guard let bitWidth = data.first else { throw corrupt("dictionary page data is empty") }
        if indices.count < count { indices = [UInt32](repeating: 0, count: count) }
        var decoder = try RLEHybridDecoder(UnsafeRawBufferPointer(rebasing: data[1...]), bitWidth: Int(bitWidth))
        try indices.withUnsafeMutableBufferPointer { buffer throws(ParquetError) in
            try decoder.decode(into: buffer.baseAddress!, count: count)
            out.reserveCapacity(out.count + count)
            for index in buffer[0..<count] {
                guard Int(index) < entries.count else {
                    throw corrupt("dictionary index \(index) out of range (dictionary has \(entries.count) values)")
                }
                out.append(entries[Int(index)])
            }
        }
    }
}

/// Fixed-width values (integers, floats, FLOAT16).
struct FixedWidthValueDecoder<T: ColumnElement>: PlainOrDictionaryDecoder {
    fileprivate var decoded: [T] = []
    fileprivate var dictionary = DictionaryValues<T>()

    init(capacity: Int) { decoded.reserveCapacity(capacity) }

    var values: ParquetColumnValues { T.wrap(decoded) }

    fileprivate mutating func appendOther(_ data: UnsafeRawBufferPointer, encoding: ParquetEncoding, count: Int) throws(ParquetError) {
        switch encoding {
        case .byteStreamSplit:
            try appendByteStreamSplit(data, count: count)
        case .deltaBinaryPacked where MemoryLayout<T.Stored>.size >= 4 && !T.kind.isFloatingPoint:
            let (integers, _) = try DeltaDecoding.binaryPacked(data, count: count)
            decoded.reserveCapacity(decoded.count + count)
            for value in integers { decoded.append(Self.fromInt64(value)) }
        default:
            throw ParquetError(file: nil, .unsupportedEncoding(encoding))
        }
    }

    mutating func spread(defined: Int, valid: UnsafeBufferPointer<Bool>) {
        decoded.spread(defined: defined, valid: valid, filler: .zero)
    }

    /// PLAIN: `count` stored values back to back (copied in bulk when stored as themselves).
    fileprivate static func appendPlain(_ data: UnsafeRawBufferPointer, count: Int, to out: inout [T]) throws(ParquetError) {
        let width = MemoryLayout<T.Stored>.size
        guard count <= data.count / width else {
            throw corrupt("PLAIN \(T.kind) values need \(count * width) bytes, the page holds \(data.count)")
        }
        let start = out.count
        out.append(contentsOf: repeatElement(.zero, count: count))
        out.withUnsafeMutableBufferPointer { buffer in
            let destination = buffer.baseAddress! + start
            if T.storedIsSelf {
                UnsafeMutableRawPointer(destination).copyMemory(from: data.baseAddress!, byteCount: count * width)
            } else {
                for k in 0..<count { destination[k] = T(stored: data.loadUnaligned(fromByteOffset: k * width, as: T.Stored.self)) }
            }
        }
    }

    /// BYTE_STREAM_SPLIT: byte `b` of value `i` is at `b * n + i`, n = page bytes / width.
    private mutating func appendByteStreamSplit(_ data: UnsafeRawBufferPointer, count: Int) throws(ParquetError) {
        let width = MemoryLayout<T.Stored>.size
        let streamLength = data.count / width
        guard count <= streamLength else { throw corrupt("BYTE_STREAM_SPLIT page holds \(streamLength) values, needs \(count)") }
        var value = [UInt8](repeating: 0, count: width)
        decoded.reserveCapacity(decoded.count + count)
        for i in 0..<count {
            for b in 0..<width { value[b] = data[b * streamLength + i] }
            decoded.append(value.withUnsafeBytes { T(stored: $0.loadUnaligned(as: T.Stored.self)) })
        }
    }

    /// An integer from the 64-bit delta arithmetic, truncated to the stored width.
    private static func fromInt64(_ value: Int64) -> T {
        if MemoryLayout<T.Stored>.size == 8 {
            return withUnsafeBytes(of: value) { T(stored: $0.loadUnaligned(as: T.Stored.self)) }
        }
        return withUnsafeBytes(of: Int32(truncatingIfNeeded: value)) { T(stored: $0.loadUnaligned(as: T.Stored.self)) }
    }
}

/// Booleans: PLAIN (bit-packed) or RLE (bit width 1, 4-byte length prefix in v1 and v2 pages).
struct BooleanValueDecoder: ColumnValueDecoder {
    private(set) var decoded: [Bool] = []
    private var scratch: [UInt32] = []

    init(capacity: Int) { decoded.reserveCapacity(capacity) }

    var values: ParquetColumnValues { .bool(decoded) }

    mutating func readDictionary(_ data: UnsafeRawBufferPointer, count: Int) throws(ParquetError) {
        throw ParquetError(file: nil, .unsupportedEncoding(.plainDictionary))
    }

    mutating func appendValues(_ data: UnsafeRawBufferPointer, encoding: ParquetEncoding, count: Int) throws(ParquetError) {
        switch encoding {
        case .plain:
            guard count <= data.count * 8 else { throw corrupt("PLAIN booleans need \((count + 7) / 8) bytes, the page holds \(data.count)") }
            decoded.reserveCapacity(decoded.count + count)
            for k in 0..<count { decoded.append(data[k >> 3] >> UInt8(k & 7) & 1 == 1) }
        case .rle:
            guard data.count >= 4 else { throw corrupt("RLE booleans lack their length prefix") }
            let length = Int(data.loadUnaligned(as: UInt32.self).littleEndian)
            guard length <= data.count - 4 else { throw corrupt("RLE boolean length \(length) exceeds the page") }
            var decoder = try RLEHybridDecoder(UnsafeRawBufferPointer(rebasing: data[4..<(4 + length)]), bitWidth: 1)
            if scratch.count < count { scratch = [UInt32](repeating: 0, count: count) }
            try scratch.withUnsafeMutableBufferPointer { out throws(ParquetError) in try decoder.decode(into: out.baseAddress!, count: count) }
            decoded.reserveCapacity(decoded.count + count)
            for k in 0..<count { decoded.append(scratch[k] != 0) }
        default:
            throw ParquetError(file: nil, .unsupportedEncoding(encoding))
        }
    }

    mutating func spread(defined: Int, valid: UnsafeBufferPointer<Bool>) {
        decoded.spread(defined: defined, valid: valid, filler: false)
    }
}

/// UTF-8 strings (BYTE_ARRAY annotated STRING): PLAIN, dictionary, DELTA_LENGTH_BYTE_ARRAY,
/// DELTA_BYTE_ARRAY. Invalid UTF-8 is repaired with replacement characters.
struct StringValueDecoder: PlainOrDictionaryDecoder {
    fileprivate var decoded: [String] = []
    fileprivate var dictionary = DictionaryValues<String>()

    init(capacity: Int) { decoded.reserveCapacity(capacity) }

    var values: ParquetColumnValues { .string(decoded) }

    fileprivate mutating func appendOther(_ data: UnsafeRawBufferPointer, encoding: ParquetEncoding, count: Int) throws(ParquetError) {
        switch encoding {
        case .deltaLengthByteArray:
            append(try DeltaDecoding.lengthByteArray(data, count: count).batch)
        case .deltaByteArray:
            append(try DeltaDecoding.byteArray(data, count: count))
        default:
            throw ParquetError(file: nil, .unsupportedEncoding(encoding))
        }
    }

    mutating func spread(defined: Int, valid: UnsafeBufferPointer<Bool>) {
        decoded.spread(defined: defined, valid: valid, filler: "")
    }

    private mutating func append(_ batch: ByteArrayBatch) {
        decoded.reserveCapacity(decoded.count + batch.count)
        for i in 0..<batch.count { decoded.append(batch.withValue(i) { String(decoding: $0, as: UTF8.self) }) }
    }

    /// PLAIN byte arrays: u32 LE length + bytes, `count` times.
    fileprivate static func appendPlain(_ data: UnsafeRawBufferPointer, count: Int, to out: inout [String]) throws(ParquetError) {
        guard count <= data.count / 4 else { throw corrupt("\(count) PLAIN byte arrays cannot fit in \(data.count) bytes") }
        out.reserveCapacity(out.count + count)
        var position = 0
        for _ in 0..<count {
            guard data.count - position >= 4 else { throw corrupt("PLAIN byte array length past the end of the page") }
            let length = Int(data.loadUnaligned(fromByteOffset: position, as: UInt32.self).littleEndian)
            position += 4
            guard length <= data.count - position else { throw corrupt("PLAIN byte array of \(length) bytes exceeds the page") }
            out.append(String(decoding: UnsafeRawBufferPointer(rebasing: data[position..<(position + length)]), as: UTF8.self))
            position += length
        }
    }
}

extension ParquetValueKind {
    var isFloatingPoint: Bool { self == .float16 || self == .float32 || self == .float64 }
}
