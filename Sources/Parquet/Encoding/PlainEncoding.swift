// PLAIN encoding (apache/parquet-format `Encodings.md`, "Plain: (PLAIN = 0)"): fixed-width values
// back to back little-endian, booleans bit-packed LSB first, byte arrays as a u32 LE length and
// the bytes. Nulls are not stored.

#if _endian(big)
#error("the Parquet encoders copy memory as little-endian values")
#endif

/// Non-null UTF-8 strings of a column chunk laid out contiguously: value `i` is
/// `bytes[offsets[i]..<offsets[i + 1]]`. Built once per chunk so PLAIN, dictionary and
/// statistics work on bytes, with no per-value allocation.
struct ByteArrayBatch {
    var bytes: [UInt8] = []
    var offsets: [Int] = [0]

    var count: Int { offsets.count - 1 }

    /// The non-null strings of `strings` (rows where `validity` is nil or true).
    init(_ strings: UnsafeBufferPointer<String>, validity: UnsafeBufferPointer<Bool>?) {
        offsets.reserveCapacity(strings.count + 1)
        for (row, string) in strings.enumerated() where validity?[row] ?? true {
            var string = string
            string.withUTF8 { bytes.append(contentsOf: $0) }
            offsets.append(bytes.count)
        }
    }

    init() {}

    /// Value `i` as raw bytes (valid while the batch is not mutated).
    func withValue<R>(_ i: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[offsets[i]..<offsets[i + 1]])) }
    }

    /// Appends a value.
    mutating func append(_ value: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: value)
        offsets.append(bytes.count)
    }
}

enum PlainEncoder {
    /// Appends `values` in their stored form.
    static func append<T: ColumnElement>(_ values: UnsafeBufferPointer<T>, into out: inout [UInt8]) {
        let width = MemoryLayout<T.Stored>.size
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: values.count * width))
        out.withUnsafeMutableBytes { raw in
            let destination = raw.baseAddress! + start
            if T.storedIsSelf {
                destination.copyMemory(from: UnsafeRawPointer(values.baseAddress!), byteCount: values.count * width)
            } else {
                for (i, value) in values.enumerated() {
                    destination.storeBytes(of: value.stored, toByteOffset: i * width, as: T.Stored.self)
                }
            }
        }
    }

    /// Appends booleans bit-packed LSB first, 8 per byte.
    static func append(_ values: UnsafeBufferPointer<Bool>, into out: inout [UInt8]) {
        var byte: UInt8 = 0
        for (i, value) in values.enumerated() {
            if value { byte |= 1 << UInt8(i & 7) }
            if i & 7 == 7 {
                out.append(byte)
                byte = 0
            }
        }
        if values.count & 7 != 0 { out.append(byte) }
    }

    /// Appends values `range` of a byte-array batch, each as a u32 LE length and its bytes.
    static func append(_ batch: ByteArrayBatch, range: Range<Int>, into out: inout [UInt8]) {
        for i in range {
            let length = UInt32(batch.offsets[i + 1] - batch.offsets[i])
            withUnsafeBytes(of: length.littleEndian) { out.append(contentsOf: $0) }
            out.append(contentsOf: batch.bytes[batch.offsets[i]..<batch.offsets[i + 1]])
        }
    }
}
