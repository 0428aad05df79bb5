import Arrays
import Dispatch
import Synchronization
import FileIO
import OrderedCollections

/// Writes an `ASDFFile`: header lines, the YAML tree, one block per distinct array buffer (views
/// of one buffer share its block through `offset`/`strides`, as Python asdf writes them), and the
/// block index. Each block is streamed to the file from the array's own memory (compressed in
/// bounded pieces when asked), and its header is filled in afterwards, so no array is ever copied
/// whole. The file appears under its name only once complete.
struct FileWriter {
    let options: WriteOptions

    /// One block to write: the buffer and how to store it.
    private struct PlannedBlock {
        let storage: DeferredStorage
        var compression: BlockCompression
    }

    func write(_ file: ASDFFile, to path: String) throws(ASDFError) {
        let output = try stage(file, to: path)
        do { try output.commit() } catch { throw ASDFError(file: path, .none, .io(error)) }
    }

    /// Writes the whole file under a temporary name and flushes it to disk; `commit()` on the
    /// result puts it in place (dropping the result removes it).
    func stage(_ file: ASDFFile, to path: String) throws(ASDFError) -> AtomicFileWriter {
        // Assign blocks in tree order, one per distinct buffer.
        var planned: [PlannedBlock] = []
        var blockOf: [ObjectIdentifier: Int] = [:]
        // At most one array may be streamed: it goes in the last block (source -1), which runs to
        // the end of the file, so no block index can follow it.
        var streamed: DeferredStorage?
        var streamConflict = false
        func plan(_ node: ArrayNode) -> Int? {
            if node.storage == .inline { return nil }
            if node.storage == .streamed {
                if let existing = streamed, existing !== node.array.storage { streamConflict = true }
                streamed = node.array.storage
                return -1
            }
            // Small arrays go inline when asked, except records, which Python asdf cannot read inline.
            if let threshold = options.inlineThreshold, node.array.count <= threshold, node.storage != .streamed,
               !node.array.dataType.isRecord { return nil }
            let key = ObjectIdentifier(node.array.storage)
            if let existing = blockOf[key] { return existing }
            let compression = options.overrideArrayCompression ? options.compression : (node.compression ?? options.compression)
            planned.append(PlannedBlock(storage: node.array.storage, compression: compression))
            blockOf[key] = planned.count - 1
            return planned.count - 1
        }
        func assign(_ node: Node) -> Node {
            switch node {
            case .ndarray(let array):
                var encoded = NDArrayCoding.encode(array, source: plan(array))
                if case .array(let mask) = array.mask {
                    let maskNode = ArrayNode(mask, compression: array.compression)
                    encoded["mask"] = NDArrayCoding.encode(maskNode, source: plan(maskNode))
                }
                return encoded
            case .tagged(let tag, let inner): return .tagged(tag, assign(inner))
            case .sequence(let items): return .sequence(items.map(assign))
            case .mapping(let m): return .mapping(m.mapValues(assign))
            default: return node
            }
        }

        var root = OrderedDictionary<Node.MappingKey, Node>()
        root["asdf_library"] = options.library.node
        if let existing = file.tree.mappingValue {
            for (key, value) in existing where key != "asdf_library" { root[key] = assign(value) }
        } else if !file.tree.isNull {
            throw ASDFError(file: path, .treePath(""), .invalidTree("the root of an ASDF tree must be a mapping"))
        }

        if streamConflict {
            throw ASDFError(file: path, .none, .invalidTree("only one array can be stored as a streamed block"))
        }
        let emitter = TreeEmitter(encodeArray: { NDArrayCoding.encode($0, source: nil) })
        let text = "#ASDF 1.0.0\n#ASDF_STANDARD 1.6.0\n%YAML 1.1\n%TAG ! tag:stsci.edu:asdf/\n---"
            + emitter.document(.tagged(file.rootTag ?? Tag.asdfRoot, .mapping(root))) + "...\n"

        let output: AtomicFileWriter
        do { output = try AtomicFileWriter(path: path, durable: options.durable) } catch { throw ASDFError(file: path, .none, .io(error)) }
        do {
            try output.write(Array(text.utf8))
            try dropUnhelpfulCompression(&planned, path: path)
            let digests = try uncompressedDigests(planned, path: path)
            var offsets: [Int] = []
            for (number, block) in planned.enumerated() {
                offsets.append(output.position)
                try writeBlock(block, number: number, digest: digests[number], to: output, path: path)
            }
            if let streamed {
                try writeStreamedBlock(streamed, to: output, path: path)
            } else if options.writeBlockIndex, !offsets.isEmpty {
                try output.write(Array(BlockIndex.text(offsets: offsets).utf8))
            }
            try output.flush()
            return output
        } catch let error as FileIOError {
            throw ASDFError(file: path, .none, .io(error))
        } catch let error as ASDFError {
            throw error
        } catch {
            throw ASDFError(file: path, .none, .unsupported(String(describing: error)))
        }
    }

    /// Writes the streamed last block: flag 0x1, sizes 0 (the data runs to the end of the file),
    /// no compression and no checksum, as Python asdf writes it.
    private func writeStreamedBlock(_ storage: DeferredStorage, to output: AtomicFileWriter, path: String) throws {
        let bytes: ByteStorage
        do { bytes = try storage.resolve() } catch {
            throw ASDFError(file: path, .byteOffset(output.position), .invalidTree("streamed array data is unavailable: \(error)"))
        }
        let header = BlockHeader(offset: output.position, compression: .none, allocatedSize: 0, usedSize: 0, dataSize: 0,
                                 checksum: [UInt8](repeating: 0, count: 16), flags: BlockHeader.streamedFlag)
        try output.write(header.serialized)
        try BlockCodec.compress(.none, from: bytes.bytes) { try output.write($0) }
    }

    /// With `minimumCompressionGain`, blocks their codec would not shrink enough are planned
    /// uncompressed (before any is written, so that their MD5s are taken with the others').
    private func dropUnhelpfulCompression(_ planned: inout [PlannedBlock], path: String) throws {
        guard let gain = options.minimumCompressionGain else { return }
        for index in planned.indices where planned[index].compression != .none {
            let bytes: ByteStorage
            do { bytes = try planned[index].storage.resolve() } catch {
                throw ASDFError(file: path, .none, .invalidTree("array data for block \(index) is unavailable: \(error)"))
            }
            if try !BlockCodec.isWorthwhile(planned[index].compression, for: bytes.bytes, minimumGain: gain, concurrent: options.concurrent) {
                planned[index].compression = .none
            }
        }
    }

    /// MD5s of the uncompressed blocks, computed on all cores before writing (the data is already
    /// in memory, so this costs no copy); nil for compressed blocks, whose MD5 is taken of the
    /// compressed stream as it is written.
    private func uncompressedDigests(_ planned: [PlannedBlock], path: String) throws -> [[UInt8]?] {
        let jobs = planned.indices.filter { planned[$0].compression == .none }
        guard options.writeChecksums, !jobs.isEmpty else { return planned.map { _ in nil } }
        var storages: [ByteStorage] = []
        for index in jobs {
            do { storages.append(try planned[index].storage.resolve()) } catch {
                throw ASDFError(file: path, .none, .invalidTree("array data for block \(index) is unavailable: \(error)"))
            }
        }
        let results = DigestResults(count: jobs.count)
        let inputs = storages
        if options.concurrent {
            DispatchQueue.concurrentPerform(iterations: inputs.count) { i in results.set(i, MD5.digest(inputs[i].bytes)) }
        } else {
            for i in inputs.indices { results.set(i, MD5.digest(inputs[i].bytes)) }
        }
        var digests: [[UInt8]?] = planned.map { _ in nil }
        for (i, index) in jobs.enumerated() { digests[index] = results.value(i) }
        return digests
    }

    /// Writes one block: a provisional header, the data streamed through the codec (and MD5,
    /// unless `digest` was computed already), then the real header over the provisional one.
    private func writeBlock(_ block: PlannedBlock, number: Int, digest: [UInt8]?, to output: AtomicFileWriter, path: String) throws {
        let start = output.position
        let bytes: ByteStorage
        do { bytes = try block.storage.resolve() } catch {
            throw ASDFError(file: path, .byteOffset(start), .invalidTree("array data for block \(number) is unavailable: \(error)"))
        }
        try output.write([UInt8](repeating: 0, count: 6 + BlockHeader.standardHeaderSize))
        var md5 = MD5()
        var used = 0
        let hashing = options.writeChecksums && digest == nil
        try BlockCodec.compress(block.compression, from: bytes.bytes, concurrent: options.concurrent) { piece in
            if hashing { md5.update(piece) }
            try output.write(piece)
            used += piece.count
        }
        let checksum: [UInt8]
        if let digest {
            checksum = digest
        } else if hashing {
            checksum = md5.finalize()
        } else {
            checksum = [UInt8](repeating: 0, count: 16)
        }
        let header = BlockHeader(offset: start, compression: block.compression, allocatedSize: UInt64(used),
                                 usedSize: UInt64(used), dataSize: UInt64(bytes.count), checksum: checksum)
        try output.overwrite(header.serialized, at: start)
    }
}

/// Digests filled in by concurrent workers.
private final class DigestResults: Sendable {
    private let slots: Mutex<[[UInt8]]>
    init(count: Int) { slots = Mutex(Array(repeating: [], count: count)) }
    func set(_ index: Int, _ digest: [UInt8]) { slots.withLock { $0[index] = digest } }
    func value(_ index: Int) -> [UInt8] { slots.withLock { $0[index] } }
}
