// Decoders of the delta encodings of apache/parquet-format `Encodings.md`: DELTA_BINARY_PACKED
// (after Lemire and Boytsov, "Decoding billions of integers per second through vectorization",
// Software: Practice and Experience 45(1), 2015: a header <block size> <miniblocks per block>
// <total count> <first value>, then blocks of <min delta> <miniblock bit widths> <bit-packed
// miniblocks>), DELTA_LENGTH_BYTE_ARRAY (delta-packed lengths, then the bytes back to back) and
// DELTA_BYTE_ARRAY (delta-packed prefix lengths, then the suffixes as DELTA_LENGTH_BYTE_ARRAY).
// Arithmetic wraps, as the specification requires.

enum DeltaDecoding {
    private static func corrupt(_ message: String) -> ParquetError {
        ParquetError(file: nil, .corruptPage("DELTA_BINARY_PACKED: " + message))
    }

    /// Decodes `count` values of a DELTA_BINARY_PACKED stream (64-bit wrapping arithmetic; 32-bit
    /// columns truncate afterwards). Returns the values and the bytes the stream used.
    static func binaryPacked(_ data: UnsafeRawBufferPointer, count: Int) throws(ParquetError) -> (values: [Int64], consumed: Int) {
        var cursor = ByteCursor(data)
        let blockSize = try cursor.uleb()
        let miniblocks = try cursor.uleb()
        let total = try cursor.uleb()
        var last = try cursor.zigzag()
        guard blockSize > 0, blockSize % 128 == 0, miniblocks > 0, blockSize % miniblocks == 0,
              (blockSize / miniblocks) % 32 == 0, blockSize <= 1 << 20 else {
            throw corrupt("block size \(blockSize) with \(miniblocks) miniblocks is invalid")
        }
        guard total >= UInt64(count), total <= UInt64(Int32.max) else { throw corrupt("stream holds \(total) values, the page needs \(count)") }
        let perMiniblock = Int(blockSize / miniblocks)
        var values: [Int64] = []
        values.reserveCapacity(count)
        if count > 0 { values.append(last) }
        var remaining = Int(total) - 1
        var unpacked = [UInt64](repeating: 0, count: perMiniblock)
        while remaining > 0 {
            let minDelta = try cursor.zigzag()
            let widths = try cursor.bytes(Int(miniblocks))
            for m in 0..<Int(miniblocks) where remaining > 0 {
                let width = Int(widths[m])
                guard width <= 64 else { throw corrupt("miniblock bit width \(width)") }
                let packed = try cursor.bytes(perMiniblock * width / 8)
                unpackLSB(packed, width: width, count: perMiniblock, into: &unpacked)
                for k in 0..<min(perMiniblock, remaining) {
                    last = last &+ minDelta &+ Int64(bitPattern: unpacked[k])
                    if values.count < count { values.append(last) }
                }
                remaining -= min(perMiniblock, remaining)
            }
        }
        return (values, cursor.position)
    }

    /// DELTA_LENGTH_BYTE_ARRAY: `count` byte arrays (lengths delta-packed, then the bytes).
    static func lengthByteArray(_ data: UnsafeRawBufferPointer, count: Int) throws(ParquetError) -> (batch: ByteArrayBatch, consumed: Int) {
        let (lengths, used) = try binaryPacked(data, count: count)
        var batch = ByteArrayBatch()
        var position = used
        for length in lengths {
            guard length >= 0, length <= Int64(data.count - position) else {
                throw ParquetError(file: nil, .corruptPage("DELTA_LENGTH_BYTE_ARRAY: value length \(length) exceeds the page"))
            }
            batch.append(UnsafeRawBufferPointer(rebasing: data[position..<(position + Int(length))]))
            position += Int(length)
        }
        return (batch, position)
    }

    /// DELTA_BYTE_ARRAY: `count` byte arrays, each a prefix of the previous one plus a suffix.
    static func byteArray(_ data: UnsafeRawBufferPointer, count: Int) throws(ParquetError) -> ByteArrayBatch {
        let (prefixes, used) = try binaryPacked(data, count: count)
        let (suffixes, _) = try lengthByteArray(UnsafeRawBufferPointer(rebasing: data[used...]), count: count)
        var batch = ByteArrayBatch()
        var previous: [UInt8] = []
        for i in 0..<count {
            let prefix = prefixes[i]
            guard prefix >= 0, prefix <= Int64(previous.count) else {
                throw ParquetError(file: nil, .corruptPage("DELTA_BYTE_ARRAY: prefix length \(prefix) exceeds the previous value"))
            }
            var value = Array(previous[0..<Int(prefix)])
            value.append(contentsOf: suffixes.bytes[suffixes.offsets[i]..<suffixes.offsets[i + 1]])
            value.withUnsafeBytes { batch.append($0) }
            previous = value
        }
        return batch
    }

    /// Unpacks `count` values of `width` bits, LSB first (the RLE hybrid's bit order).
    static func unpackLSB(_ packed: UnsafeRawBufferPointer, width: Int, count: Int, into out: inout [UInt64]) {
        guard width > 0 else {
            for k in 0..<count { out[k] = 0 }
            return
        }
        var bit = 0
        for k in 0..<count {
            var value: UInt64 = 0
            var got = 0
            while got < width {
                let byte = (bit + got) >> 3
                let shift = (bit + got) & 7
                let take = min(8 - shift, width - got)
                let piece = (UInt64(packed[byte]) >> UInt64(shift)) & ((1 << UInt64(take)) - 1)
                value |= piece << UInt64(got)
                got += take
            }
            out[k] = value
            bit += width
        }
    }
}
