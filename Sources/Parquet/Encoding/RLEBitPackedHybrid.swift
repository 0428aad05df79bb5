// The RLE / bit-packing hybrid of apache/parquet-format `Encodings.md` ("Run Length Encoding /
// Bit-Packing Hybrid (RLE = 3)"), used for definition levels, dictionary indices and RLE
// booleans: a sequence of runs, each either `varint(count << 1)` + one value in
// ceil(bitWidth / 8) little-endian bytes, or `varint(groups << 1 | 1)` + groups × 8 values
// bit-packed LSB first at `bitWidth` bits each.

/// Encodes unsigned integers of a fixed bit width as RLE / bit-packed runs.
enum RLEHybridEncoder {
    /// Groups of 8 values per bit-packed run at most (keeps every run header one byte).
    static let maxGroupsPerRun = 63

    /// Appends the encoding of `values` (each < 2^bitWidth, bitWidth 0...32) to `out`. Runs of 8
    /// or more equal values become RLE runs; the rest is bit-packed, the last group padded with
    /// zeros (readers stop after the value count they know).
    static func encode<T: FixedWidthInteger & UnsignedInteger>(_ values: UnsafeBufferPointer<T>, bitWidth: Int, into out: inout [UInt8]) {
        let n = values.count
        var pendingStart = 0
        var i = 0
        while i < n {
            let value = values[i]
            var j = i + 1
            while j < n && values[j] == value { j += 1 }
            if j - i >= 8 {
                // Pad the pending bit-packed values to a whole group with the run's first values.
                let pad = (8 - (i - pendingStart) % 8) % 8
                if j - i - pad >= 8 {
                    let runStart = i + pad
                    appendBitPacked(UnsafeBufferPointer(rebasing: values[pendingStart..<runStart]), bitWidth: bitWidth, into: &out)
                    appendRun(UInt32(value), count: j - runStart, bitWidth: bitWidth, into: &out)
                    pendingStart = j
                }
            }
            i = j
        }
        appendBitPacked(UnsafeBufferPointer(rebasing: values[pendingStart..<n]), bitWidth: bitWidth, into: &out)
    }

    /// Definition levels of a flat OPTIONAL column (bit width 1: 1 = defined, 0 = null).
    static func encodeLevels(_ validity: UnsafeBufferPointer<Bool>, into out: inout [UInt8]) {
        if !validity.contains(false) {
            appendRun(1, count: validity.count, bitWidth: 1, into: &out)
            return
        }
        validity.withMemoryRebound(to: UInt8.self) { encode($0, bitWidth: 1, into: &out) }
    }

    /// An RLE run of `count` copies of `value` (split if longer than 2^31 - 1).
    static func appendRun(_ value: UInt32, count: Int, bitWidth: Int, into out: inout [UInt8]) {
        var left = count
        while left > 0 {
            let run = min(left, Int(Int32.max))
            appendVarint(UInt64(run) << 1, into: &out)
            var v = value
            for _ in 0..<((bitWidth + 7) / 8) {
                out.append(UInt8(truncatingIfNeeded: v))
                v >>= 8
            }
            left -= run
        }
    }

    /// Bit-packed runs holding `values`, the last group padded with zeros.
    static func appendBitPacked<T: FixedWidthInteger & UnsignedInteger>(_ values: UnsafeBufferPointer<T>, bitWidth: Int, into out: inout [UInt8]) {
        var start = 0
        while start < values.count {
            let count = min(values.count - start, maxGroupsPerRun * 8)
            let groups = (count + 7) / 8
            appendVarint(UInt64(groups) << 1 | 1, into: &out)
            var accumulator: UInt64 = 0
            var bits = 0
            for k in 0..<(groups * 8) {
                let value = k < count ? UInt64(values[start + k]) : 0
                accumulator |= value << UInt64(bits)
                bits += bitWidth
                while bits >= 8 {
                    out.append(UInt8(truncatingIfNeeded: accumulator))
                    accumulator >>= 8
                    bits -= 8
                }
            }
            start += count
        }
    }

    static func appendVarint(_ value: UInt64, into out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }
}

/// Decodes RLE / bit-packed runs of a fixed bit width from a byte range, checking every read
/// against the range.
struct RLEHybridDecoder {
    let bitWidth: Int
    private var cursor: ByteCursor
    private var repeatCount = 0
    private var repeatValue: UInt32 = 0
    private var packedCount = 0
    private var packedBit = 0
    private let mask: UInt64

    init(_ data: UnsafeRawBufferPointer, bitWidth: Int) throws(ParquetError) {
        guard (0...32).contains(bitWidth) else { throw ParquetError(file: nil, .corruptPage("RLE bit width \(bitWidth) exceeds 32")) }
        cursor = ByteCursor(data)
        self.bitWidth = bitWidth
        mask = (UInt64(1) << UInt64(bitWidth)) &- 1
    }

    /// The first run when it is an RLE run (count and value), else nil: lets a reader see at once
    /// that a page's definition levels are all the same.
    static func leadingRun(_ data: UnsafeRawBufferPointer, bitWidth: Int) -> (count: Int, value: UInt32)? {
        var cursor = ByteCursor(data)
        guard let header = try? cursor.uleb(), header & 1 == 0, header >> 1 <= UInt64(Int32.max),
              let value = try? cursor.littleEndian((bitWidth + 7) / 8) else { return nil }
        return (Int(header >> 1), value)
    }

    /// Decodes the next `count` values into `out`.
    mutating func decode(into out: UnsafeMutablePointer<UInt32>, count: Int) throws(ParquetError) {
        var filled = 0
        while filled < count {
            if repeatCount > 0 {
                let n = min(repeatCount, count - filled)
                (out + filled).update(repeating: repeatValue, count: n)
                repeatCount -= n
                filled += n
            } else if packedCount > 0 {
                let n = min(packedCount, count - filled)
                unpack(into: out + filled, count: n)
                packedCount -= n
                filled += n
            } else {
                guard cursor.remaining > 0 else {
                    throw ParquetError(file: nil, .corruptPage("RLE data ends after \(filled) of \(count) values"))
                }
                try readRunHeader()
            }
        }
    }

    private mutating func readRunHeader() throws(ParquetError) {
        let header = try cursor.uleb()
        guard header >> 1 <= UInt64(Int32.max) else { throw ParquetError(file: nil, .corruptPage("RLE run of \(header >> 1) values")) }
        if header & 1 == 1 {
            let groups = Int(header >> 1)
            // Lenient: a last run cut short keeps the values its bytes hold.
            let available = min(groups * bitWidth, cursor.remaining)
            packedCount = bitWidth == 0 ? groups * 8 : min(groups * 8, available * 8 / bitWidth)
            packedBit = cursor.position * 8
            cursor.skip(available)
        } else {
            repeatValue = try cursor.littleEndian((bitWidth + 7) / 8)
            repeatCount = Int(header >> 1)
        }
    }

    /// Unpacks `count` values of the current bit-packed run.
    private mutating func unpack(into out: UnsafeMutablePointer<UInt32>, count: Int) {
        guard bitWidth > 0 else {
            out.update(repeating: 0, count: count)
            return
        }
        let data = cursor.data
        let width = bitWidth
        var bit = packedBit
        let fastEnd = (data.count - 8) * 8
        for k in 0..<count {
            let byte = bit >> 3
            let word: UInt64
            if bit < fastEnd {
                word = data.loadUnaligned(fromByteOffset: byte, as: UInt64.self)
            } else {
                var w: UInt64 = 0
                for b in 0..<min(8, data.count - byte) { w |= UInt64(data[byte + b]) << UInt64(8 * b) }
                word = w
            }
            out[k] = UInt32(truncatingIfNeeded: (UInt64(littleEndian: word) >> UInt64(bit & 7)) & mask)
            bit += width
        }
        packedBit = bit
    }
}
