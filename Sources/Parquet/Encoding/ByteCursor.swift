/// Reads varints and byte runs from a page, checking bounds.
struct ByteCursor {
    let data: UnsafeRawBufferPointer
    private(set) var position = 0

    init(_ data: UnsafeRawBufferPointer) { self.data = data }

    /// Bytes left.
    var remaining: Int { data.count - position }

    /// Moves past `count` bytes (at most to the end).
    mutating func skip(_ count: Int) { position = min(data.count, position + max(0, count)) }

    /// A little-endian unsigned value of `count` (0...4) bytes.
    mutating func littleEndian(_ count: Int) throws(ParquetError) -> UInt32 {
        var value: UInt32 = 0
        for (k, byte) in try bytes(count).enumerated() { value |= UInt32(byte) << UInt32(8 * k) }
        return value
    }

    mutating func uleb() throws(ParquetError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < data.count, shift < 64 else { throw ParquetError(file: nil, .corruptPage("varint past the end of the page")) }
            let byte = data[position]
            position += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    mutating func zigzag() throws(ParquetError) -> Int64 {
        let u = try uleb()
        return Int64(bitPattern: u >> 1) ^ -Int64(bitPattern: u & 1)
    }

    mutating func bytes(_ count: Int) throws(ParquetError) -> UnsafeRawBufferPointer {
        guard count >= 0, count <= data.count - position else {
            throw ParquetError(file: nil, .corruptPage("\(count) bytes wanted past the end of the page"))
        }
        defer { position += count }
        return UnsafeRawBufferPointer(rebasing: data[position..<(position + count)])
    }
}
