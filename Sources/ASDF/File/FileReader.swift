#if canImport(Glibc)
import Glibc
#endif
import Arrays
import FileIO

/// Reads an ASDF file from a memory mapping: header lines, the YAML tree, block headers (through
/// the block index when it is valid, by walking them otherwise), and array views of the blocks.
struct FileReader {
    let path: String
    let options: ReadOptions

    private func fail(_ location: ASDFError.Location, _ problem: ASDFError.Problem) -> ASDFError {
        ASDFError(file: path, location, problem)
    }

    func read() throws(ASDFError) -> ASDFFile {
        let mapped: MappedFile
        do { mapped = try MappedFile(path: path) } catch { throw fail(.none, .io(error)) }
        let bytes = mapped.bytes

        // Header line and comments.
        let magic = Array("#ASDF ".utf8)
        guard bytes.count >= magic.count, bytes.prefix(magic.count).elementsEqual(magic) else {
            let shown = String(decoding: bytes.prefix(16).map { $0 >= 0x20 && $0 < 0x7F ? $0 : UInt8(ascii: ".") }, as: UTF8.self)
            throw fail(.byteOffset(0), .notASDF(found: shown))
        }
        guard let firstLineEnd = bytes.firstIndex(of: UInt8(ascii: "\n")) else {
            throw fail(.byteOffset(0), .truncated(expected: "a newline after the '#ASDF' header"))
        }
        let formatVersion = String(decoding: bytes[magic.count..<firstLineEnd], as: UTF8.self)
            .trimmingSuffix("\r")
        guard formatVersion.hasPrefix("1.") else {
            throw fail(.byteOffset(0), .notASDF(found: "#ASDF " + formatVersion))
        }
        var position = firstLineEnd + 1
        var standardVersion = "1.0.0"
        var lineNumber = 1
        while position < bytes.count, bytes[position] == UInt8(ascii: "#"),
              !Self.hasPrefix(bytes, at: position, Array(BlockIndex.marker.utf8)) {
            let end = bytes[position...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            let line = String(decoding: bytes[position..<end], as: UTF8.self).trimmingSuffix("\r")
            if line.hasPrefix("#ASDF_STANDARD ") { standardVersion = String(line.dropFirst(15)) }
            position = min(end + 1, bytes.count)
            lineNumber += 1
        }

        // The YAML tree.
        var treeText: String?
        var treeEnd = position
        if Self.hasPrefix(bytes, at: position, Array("%YAML".utf8)) || Self.hasPrefix(bytes, at: position, Array("---".utf8)) {
            guard let (markerStart, markerEnd) = Self.findTreeEnd(bytes, from: position) else {
                throw fail(.byteOffset(position), .missingTreeEnd)
            }
            treeText = String(decoding: bytes[position..<markerStart], as: UTF8.self) + "...\n"
            treeEnd = markerEnd
        }

        // Blocks.
        let firstBlock = Self.find(BlockHeader.magic, in: bytes, from: treeEnd)
        var headers: [BlockHeader] = []
        var usedIndex = false
        if let firstBlock {
            if options.useBlockIndex, let indexed = indexedHeaders(bytes, firstBlock: firstBlock) {
                headers = indexed
                usedIndex = true
            } else {
                headers = try walkHeaders(bytes, firstBlock: firstBlock)
            }
        }
        for (number, header) in headers.enumerated() {
            guard let compression = BlockCompression(headerLabel: header.compressionLabel) else {
                throw fail(.byteOffset(header.offset), .unknownCompression(block: number, label: header.compressionLabel))
            }
            if compression != .none, header.dataSize > options.maxBlockBytes {
                throw fail(.byteOffset(header.offset), .tooLarge(bytes: header.dataSize, limit: options.maxBlockBytes))
            }
        }
        let blocks = MappedBlocks(file: mapped, headers: headers, validateChecksums: options.validateChecksums)

        // Tree conversion, arrays as views of the blocks.
        var file = ASDFFile(tree: .mapping([:]))
        file.formatVersion = formatVersion
        file.standardVersion = standardVersion
        file.blocks = headers
        file.usedBlockIndex = usedIndex
        file.path = path
        file.rootTag = nil
        if let treeText {
            let parser = TreeParser(file: path) { (node, treePath) throws(ASDFError) in
                try NDArrayCoding.decode(node, path: treePath, file: path, blocks: blocks)
            }
            let root = try parser.parse(treeText, lineOffset: lineNumber)
            if case .tagged(let tag, let inner) = root {
                file.rootTag = tag
                file.tree = inner
            } else {
                file.tree = root
            }
        }
        return file
    }

    /// Headers at the offsets the block index lists, if the index is consistent with the file.
    private func indexedHeaders(_ bytes: UnsafeRawBufferPointer, firstBlock: Int) -> [BlockHeader]? {
        guard let (indexPosition, offsets) = BlockIndex.find(in: bytes, after: firstBlock),
              offsets.first == firstBlock else { return nil }
        var headers: [BlockHeader] = []
        for (i, offset) in offsets.enumerated() {
            guard let header = try? BlockHeader.parse(bytes, at: offset, file: path), !header.isStreamed else { return nil }
            let next = i + 1 < offsets.count ? offsets[i + 1] : indexPosition
            guard header.endOffset == next else { return nil }
            headers.append(header)
        }
        return headers
    }

    /// Headers found by following each block to the next.
    private func walkHeaders(_ bytes: UnsafeRawBufferPointer, firstBlock: Int) throws(ASDFError) -> [BlockHeader] {
        var headers: [BlockHeader] = []
        var offset = firstBlock
        while offset < bytes.count {
            if !Self.hasPrefix(bytes, at: offset, BlockHeader.magic) {
                if Self.hasPrefix(bytes, at: offset, Array(BlockIndex.marker.utf8)) { break }
                // Trailing padding is allowed; anything else means a broken block chain.
                if bytes[offset...].allSatisfy({ $0 == 0 || $0 == 0x20 || $0 == 0x0A }) { break }
                throw fail(.byteOffset(offset), .badBlockMagic(found: Array(bytes[offset..<min(offset + 4, bytes.count)])))
            }
            let header = try BlockHeader.parse(bytes, at: offset, file: path)
            headers.append(header)
            if header.isStreamed { break }
            offset = header.endOffset
        }
        return headers
    }

    /// The `...` line that ends the tree: (start of `...`, first byte after its line).
    static func findTreeEnd(_ bytes: UnsafeRawBufferPointer, from start: Int) -> (Int, Int)? {
        var search = start
        let pattern = Array("\n...".utf8)
        while let found = find(pattern, in: bytes, from: search) {
            let after = found + pattern.count
            if after == bytes.count { return (found + 1, after) }
            if bytes[after] == UInt8(ascii: "\n") { return (found + 1, after + 1) }
            if bytes[after] == UInt8(ascii: "\r"), after + 1 < bytes.count, bytes[after + 1] == UInt8(ascii: "\n") {
                return (found + 1, after + 2)
            }
            search = found + 1
        }
        return nil
    }

    static func find(_ needle: [UInt8], in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard start < bytes.count, let base = bytes.baseAddress else { return nil }
        // memchr for the first byte, then compare the rest (memmem is not exported by Glibc).
        var position = start
        while position + needle.count <= bytes.count {
            guard let hit = memchr(base + position, Int32(needle[0]), bytes.count - position) else { return nil }
            let offset = UnsafeRawPointer(hit) - base
            guard offset + needle.count <= bytes.count else { return nil }
            if needle.withUnsafeBytes({ memcmp(base + offset, $0.baseAddress!, needle.count) == 0 }) { return offset }
            position = offset + 1
        }
        return nil
    }

    static func hasPrefix(_ bytes: UnsafeRawBufferPointer, at offset: Int, _ prefix: [UInt8]) -> Bool {
        offset + prefix.count <= bytes.count && bytes[offset..<offset + prefix.count].elementsEqual(prefix)
    }
}

/// The blocks of a mapped file as lazily produced array storage.
struct MappedBlocks: BlockSource {
    let file: MappedFile
    let headers: [BlockHeader]
    let storages: [DeferredStorage]

    init(file: MappedFile, headers: [BlockHeader], validateChecksums: Bool) {
        self.file = file
        self.headers = headers
        storages = headers.enumerated().map { number, header in
            Self.storage(file: file, header: header, number: number, validate: validateChecksums)
        }
    }

    var blockCount: Int { headers.count }

    func block(_ index: Int) -> (storage: DeferredStorage, compression: BlockCompression, streamed: Bool) {
        let header = headers[index]
        return (storages[index], BlockCompression(headerLabel: header.compressionLabel) ?? .none, header.isStreamed)
    }

    private static func storage(file: MappedFile, header: BlockHeader, number: Int, validate: Bool) -> DeferredStorage {
        let compression = BlockCompression(headerLabel: header.compressionLabel) ?? .none
        let used = Int(header.usedSize)
        let path = file.path
        @Sendable func verify(_ candidates: [UnsafeRawBufferPointer]) throws(ASDFError) {
            guard validate, header.hasChecksum else { return }
            var actual: [UInt8] = []
            for candidate in candidates {
                actual = MD5.digest(candidate)
                if actual == header.checksum { return }
            }
            throw ASDFError(file: path, .byteOffset(header.offset),
                            .checksumMismatch(block: number, expected: hex(header.checksum), actual: hex(actual)))
        }
        if compression == .none {
            // The mapping is the data; only touch it to verify when asked.
            guard let view = ByteStorage.mapped(file, offset: header.dataOffset, count: used) else {
                return DeferredStorage(count: used) {
                    throw ASDFError(file: path, .byteOffset(header.offset), .truncated(expected: "\(used) block bytes"))
                }
            }
            guard validate, header.hasChecksum else { return DeferredStorage(view) }
            return DeferredStorage(count: used) {
                try verify([view.bytes])
                return view
            }
        }
        let decoded = Int(header.dataSize)
        @Sendable func decode(into destination: UnsafeMutableRawBufferPointer) throws {
            let source = UnsafeRawBufferPointer(rebasing: file.bytes[header.dataOffset..<header.dataOffset + used])
            do throws(CompressionError) {
                try BlockCodec.decompress(compression, from: source, into: destination)
            } catch {
                throw ASDFError(file: path, .byteOffset(header.offset), .decompression(block: number, error))
            }
            try verify([source, UnsafeRawBufferPointer(destination)])
        }
        return DeferredStorage(count: decoded, load: {
            let destination: ByteStorage
            do throws(StorageError) { destination = try ByteStorage.allocate(count: decoded) } catch {
                throw ASDFError(file: path, .byteOffset(header.offset), .storage(error))
            }
            try decode(into: UnsafeMutableRawBufferPointer(start: destination.baseAddress, count: decoded))
            return destination
        }, produce: decode)
    }
}

func hex(_ bytes: [UInt8]) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
