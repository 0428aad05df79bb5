/// The header of one ASDF binary block (all integers big-endian):
/// magic `d3 42 4c 4b`, u16 header size (bytes after that field, >= 48), u32 flags,
/// 4-byte compression label, u64 allocated size, u64 used size, u64 data size, 16-byte MD5.
public struct BlockHeader: Sendable, Equatable {
    public static let magic: [UInt8] = [0xD3, 0x42, 0x4C, 0x4B]
    /// Bytes of header after the 6 bytes of magic and size field, as written by asdf.
    public static let standardHeaderSize = 48
    /// Flag bit: the block runs to the end of the file.
    public static let streamedFlag: UInt32 = 0x1

    /// Byte offset of the block's magic in the file.
    public var offset: Int
    public var headerSize: Int
    public var flags: UInt32
    public var compressionLabel: [UInt8]
    public var allocatedSize: UInt64
    public var usedSize: UInt64
    public var dataSize: UInt64
    public var checksum: [UInt8]

    public var isStreamed: Bool { flags & Self.streamedFlag != 0 }
    /// Byte offset of the first data byte.
    public var dataOffset: Int { offset + 6 + headerSize }
    /// Whether the checksum is all zero ("not computed").
    public var hasChecksum: Bool { checksum.contains { $0 != 0 } }

    public init(offset: Int, compression: BlockCompression, allocatedSize: UInt64, usedSize: UInt64,
                dataSize: UInt64, checksum: [UInt8], flags: UInt32 = 0) {
        self.offset = offset
        self.headerSize = Self.standardHeaderSize
        self.flags = flags
        self.compressionLabel = compression.headerLabel
        self.allocatedSize = allocatedSize
        self.usedSize = usedSize
        self.dataSize = dataSize
        self.checksum = checksum
    }

    /// Parses the header at `offset` in `bytes`. Checks the magic, the header size, that the data
    /// lies within the file and that the sizes are consistent.
    public static func parse(_ bytes: UnsafeRawBufferPointer, at offset: Int, file: String?) throws(ASDFError) -> BlockHeader {
        func fail(_ problem: ASDFError.Problem) -> ASDFError { ASDFError(file: file, .byteOffset(offset), problem) }
        guard offset >= 0, offset + 6 <= bytes.count else { throw fail(.truncated(expected: "a block header")) }
        let found = Array(bytes[offset..<offset + 4])
        guard found == magic else { throw fail(.badBlockMagic(found: found)) }
        let headerSize = Int(readBig(bytes, offset + 4, UInt16.self))
        guard headerSize >= standardHeaderSize else { throw fail(.badBlockHeader("header size \(headerSize) is below 48")) }
        guard offset + 6 + headerSize <= bytes.count else { throw fail(.truncated(expected: "\(headerSize) header bytes")) }
        let base = offset + 6
        var header = BlockHeader(offset: offset, compression: .none, allocatedSize: 0, usedSize: 0, dataSize: 0, checksum: [])
        header.headerSize = headerSize
        header.flags = readBig(bytes, base, UInt32.self)
        header.compressionLabel = Array(bytes[base + 4..<base + 8])
        header.allocatedSize = readBig(bytes, base + 8, UInt64.self)
        header.usedSize = readBig(bytes, base + 16, UInt64.self)
        header.dataSize = readBig(bytes, base + 24, UInt64.self)
        header.checksum = Array(bytes[base + 32..<base + 48])
        let available = UInt64(bytes.count - header.dataOffset)
        if header.isStreamed {
            guard header.compressionLabel == BlockCompression.none.headerLabel else {
                throw fail(.badBlockHeader("a streamed block cannot be compressed"))
            }
            header.allocatedSize = available
            header.usedSize = available
            header.dataSize = available
            return header
        }
        guard header.usedSize <= header.allocatedSize else {
            throw fail(.badBlockHeader("used size \(header.usedSize) exceeds allocated size \(header.allocatedSize)"))
        }
        guard header.allocatedSize <= available else {
            throw fail(.truncated(expected: "\(header.allocatedSize) block bytes, file has \(available) after the header"))
        }
        if header.compressionLabel == BlockCompression.none.headerLabel, header.dataSize != header.usedSize {
            throw fail(.badBlockHeader("uncompressed block has data size \(header.dataSize) but used size \(header.usedSize)"))
        }
        return header
    }

    /// The 54 header bytes.
    public var serialized: [UInt8] {
        var out = Self.magic
        out += bigEndianBytes(UInt16(Self.standardHeaderSize))
        out += bigEndianBytes(flags)
        out += compressionLabel
        out += bigEndianBytes(allocatedSize)
        out += bigEndianBytes(usedSize)
        out += bigEndianBytes(dataSize)
        out += checksum.count == 16 ? checksum : [UInt8](repeating: 0, count: 16)
        return out
    }

    /// Byte offset just past the block's allocated space.
    public var endOffset: Int { dataOffset + Int(allocatedSize) }
}

func readBig<T: FixedWidthInteger>(_ bytes: UnsafeRawBufferPointer, _ offset: Int, _: T.Type) -> T {
    T(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
}

func bigEndianBytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    withUnsafeBytes(of: value.bigEndian) { Array($0) }
}
