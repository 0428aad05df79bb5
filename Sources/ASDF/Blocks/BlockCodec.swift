import CBZip2
import CLZ4
import CZlib
import Dispatch
import Foundation
import Synchronization

/// Encodes and decodes the data of ASDF binary blocks with the codecs Python asdf writes.
///
/// Decoding goes straight into caller-owned memory (usually the array's own storage) and
/// checks that the stream yields exactly the header's data_size, so a corrupt or forged block
/// can fail but never overrun. Encoding streams the compressed bytes to a sink in bounded
/// pieces, so a large array is never held compressed in memory whole.
public enum BlockCodec {
    /// Decodes the used bytes of a block straight into `destination`, whose count is the block's
    /// data_size. Throws `CompressionError` if the stream is corrupt, truncated, has trailing bytes,
    /// or does not decode to exactly `destination.count` bytes. Never writes past `destination`.
    public static func decompress(
        _ compression: BlockCompression, from source: UnsafeRawBufferPointer,
        into destination: UnsafeMutableRawBufferPointer
    ) throws(CompressionError) {
        switch compression {
        case .none: try copyStored(from: source, into: destination)
        case .zlib: try ZlibStream.decompress(from: source, into: destination)
        case .bzp2: try BZip2Stream.decompress(from: source, into: destination)
        case .lz4: try LZ4Chunks.decompress(from: source, into: destination)
        }
    }

    /// Encodes `source`, handing the compressed bytes to `sink` in pieces of bounded size (at most
    /// ~4 MiB + overhead each), so a large array is never held compressed in memory whole.
    /// `.none` hands the source itself to the sink in bounded pieces.
    ///
    /// zlib uses level 6 (Python's `zlib.compress` default), bzip2 block size 9 (Python's
    /// `bz2.compress` default), lz4 asdf's 4 MiB chunk framing, its chunks compressed on all
    /// cores unless `concurrent` is false (then on the caller's thread alone, for a write in the
    /// background that should not queue behind foreground work for the shared worker threads).
    /// Errors thrown by `sink` are rethrown unchanged; codec failures throw `CompressionError`.
    public static func compress(
        _ compression: BlockCompression, from source: UnsafeRawBufferPointer, concurrent: Bool = true,
        sink: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        switch compression {
        case .none: try forEachPiece(of: source, size: pieceSize, sink)
        case .zlib: try ZlibStream.compress(from: source, sink: sink)
        case .bzp2: try BZip2Stream.compress(from: source, sink: sink)
        case .lz4: try LZ4Chunks.compress(from: source, concurrent: concurrent, sink: sink)
        }
    }

    /// Whether `compression` is worth using on `source`: for lz4, whether its first few 4 MiB
    /// chunks (a batch, as `compress` makes them) shrink by at least `minimumGain` (a fraction);
    /// noise-dominated float images do not (lz4 grows them by 0.4%). Other codecs: always.
    public static func isWorthwhile(
        _ compression: BlockCompression, for source: UnsafeRawBufferPointer, minimumGain: Double, concurrent: Bool = true
    ) throws -> Bool {
        guard compression == .lz4, source.count > 0 else { return true }
        let sample = UnsafeRawBufferPointer(rebasing: source[..<min(source.count, LZ4Chunks.batchSize(concurrent) * pieceSize)])
        var compressed = 0
        try LZ4Chunks.compress(from: sample, concurrent: concurrent) { compressed += $0.count }
        return Double(compressed) <= (1 - minimumGain) * Double(sample.count)
    }

    // MARK: - Shared limits

    /// The largest piece handed to a sink for `.none`, and asdf's lz4 chunk size (4 MiB).
    static let pieceSize = 1 << 22
    /// Output buffer size for zlib and bzip2 compression.
    static let streamBufferSize = 1 << 20
    /// The largest count given to zlib's and bzip2's 32-bit `avail_in`/`avail_out` at once.
    static let maxStreamWindow = 1 << 30
    /// How far past `destination` a zlib or bzip2 stream is decoded (into scratch) to report
    /// its actual size; past this the reported size is a lower bound.
    static let overrunCountLimit = 64 << 20
    /// Scratch buffer size for counting the bytes of a stream that overruns its destination.
    static let overrunScratchSize = 1 << 16

    /// `.none`: the stored bytes must be exactly data_size long.
    private static func copyStored(
        from source: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer
    ) throws(CompressionError) {
        guard source.count == destination.count else {
            throw .sizeMismatch(.none, expected: destination.count, actual: source.count)
        }
        if source.count > 0 { destination.copyMemory(from: source) }
    }

    /// Hands `buffer` to `body` in consecutive pieces of at most `size` bytes.
    static func forEachPiece(
        of buffer: UnsafeRawBufferPointer, size: Int, _ body: (UnsafeRawBufferPointer) throws -> Void
    ) rethrows {
        var offset = 0
        while offset < buffer.count {
            let end = offset + min(size, buffer.count - offset)
            try body(UnsafeRawBufferPointer(rebasing: buffer[offset..<end]))
            offset = end
        }
    }

    /// Where the next decoded bytes of a zlib or bzip2 stream go: the rest of `destination`
    /// while there is room, then a scratch buffer used only to count how far the stream overruns.
    struct OutputWindow: ~Copyable {
        let destination: UnsafeMutableRawBufferPointer
        private var scratch: UnsafeMutableRawPointer?
        /// Bytes decoded so far, including any counted past the end of `destination`.
        private(set) var produced = 0

        init(_ destination: UnsafeMutableRawBufferPointer) { self.destination = destination }

        deinit { scratch?.deallocate() }

        /// True once the stream has decoded more bytes than `destination` holds.
        var hasOverrun: Bool { produced > destination.count }

        /// True once the overrun is long enough that counting further is not worth the time.
        var overrunCountExhausted: Bool { produced > destination.count + BlockCodec.overrunCountLimit }

        /// The next region to decode into (never empty, never past `destination`).
        mutating func next() -> (pointer: UnsafeMutableRawPointer, count: Int) {
            if produced < destination.count, let base = destination.baseAddress {
                return (base + produced, min(destination.count - produced, BlockCodec.maxStreamWindow))
            }
            let buffer = scratch ?? UnsafeMutableRawPointer.allocate(
                byteCount: BlockCodec.overrunScratchSize, alignment: 16)
            scratch = buffer
            return (buffer, BlockCodec.overrunScratchSize)
        }

        /// Records that the decoder filled `count` bytes of the region `next()` returned.
        mutating func advance(by count: Int) { produced += count }

        /// The error for a stream that overran `destination`.
        func overrunError(_ compression: BlockCompression) -> CompressionError {
            .sizeMismatch(compression, expected: destination.count, actual: produced)
        }
    }

    /// Checks a zlib or bzip2 stream that ended after consuming `consumed` source bytes.
    static func checkFinished(
        _ compression: BlockCompression, output: borrowing OutputWindow, consumed: Int, sourceCount: Int
    ) throws(CompressionError) {
        guard output.produced == output.destination.count else {
            throw .sizeMismatch(compression, expected: output.destination.count, actual: output.produced)
        }
        guard consumed == sourceCount else {
            throw .corruptStream(
                compression, detail: "\(sourceCount - consumed) trailing bytes after the end of the stream")
        }
    }

    /// The error for a stream whose input ran out before its end marker.
    static func truncationError(
        _ compression: BlockCompression, output: borrowing OutputWindow
    ) -> CompressionError {
        if output.hasOverrun { return output.overrunError(compression) }
        return .corruptStream(
            compression, detail: "stream is truncated (ended after \(output.produced) decoded bytes)")
    }
}

// MARK: - zlib

extension BlockCodec {
    /// zlib streams (RFC 1950) via zlib's deflate/inflate.
    fileprivate enum ZlibStream {
        static let level: Int32 = 6

        static func decompress(
            from source: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer
        ) throws(CompressionError) {
            var stream = z_stream()
            let initCode = inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
            guard initCode == Z_OK else { throw .library(.zlib, function: "inflateInit", code: initCode) }
            defer { inflateEnd(&stream) }

            var output = BlockCodec.OutputWindow(destination)
            var consumed = 0
            while !output.overrunCountExhausted {
                let inCount = min(source.count - consumed, BlockCodec.maxStreamWindow)
                let (outPointer, outCount) = output.next()
                stream.next_in = mutableBytes(source.baseAddress, offset: consumed)
                stream.avail_in = UInt32(inCount)
                stream.next_out = outPointer.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = UInt32(outCount)
                let code = inflate(&stream, Z_NO_FLUSH)
                consumed += inCount - Int(stream.avail_in)
                output.advance(by: outCount - Int(stream.avail_out))
                switch code {
                case Z_OK:
                    continue
                case Z_STREAM_END:
                    try BlockCodec.checkFinished(.zlib, output: output, consumed: consumed, sourceCount: source.count)
                    return
                case Z_BUF_ERROR:
                    // No progress was possible with output room available: the input has run out.
                    throw BlockCodec.truncationError(.zlib, output: output)
                case Z_DATA_ERROR, Z_NEED_DICT:
                    throw .corruptStream(.zlib, detail: message(stream, code: code))
                default:
                    throw .library(.zlib, function: "inflate", code: code)
                }
            }
            throw output.overrunError(.zlib)
        }

        static func compress(
            from source: UnsafeRawBufferPointer, sink: (UnsafeRawBufferPointer) throws -> Void
        ) throws {
            var stream = z_stream()
            let initCode = deflateInit_(&stream, level, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
            guard initCode == Z_OK else {
                throw CompressionError.library(.zlib, function: "deflateInit", code: initCode)
            }
            defer { deflateEnd(&stream) }
            let buffer = UnsafeMutableRawBufferPointer.allocate(
                byteCount: BlockCodec.streamBufferSize, alignment: 16)
            defer { buffer.deallocate() }

            var consumed = 0
            repeat {
                let inCount = min(source.count - consumed, BlockCodec.maxStreamWindow)
                stream.next_in = mutableBytes(source.baseAddress, offset: consumed)
                stream.avail_in = UInt32(inCount)
                consumed += inCount
                let isLast = consumed == source.count
                try deflateAll(&stream, flush: isLast ? Z_FINISH : Z_NO_FLUSH, buffer: buffer, sink: sink)
            } while consumed < source.count
        }

        /// Runs deflate until it has taken all of `avail_in` (or, with Z_FINISH, ended the stream),
        /// draining the output buffer into `sink` after every call.
        private static func deflateAll(
            _ stream: inout z_stream, flush: Int32, buffer: UnsafeMutableRawBufferPointer,
            sink: (UnsafeRawBufferPointer) throws -> Void
        ) throws {
            while true {
                stream.next_out = buffer.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = UInt32(buffer.count)
                let code = deflate(&stream, flush)
                guard code == Z_OK || code == Z_STREAM_END || (code == Z_BUF_ERROR && flush != Z_FINISH) else {
                    throw CompressionError.library(.zlib, function: "deflate", code: code)
                }
                let produced = buffer.count - Int(stream.avail_out)
                if produced > 0 { try sink(UnsafeRawBufferPointer(rebasing: buffer[..<produced])) }
                if flush == Z_FINISH ? code == Z_STREAM_END : stream.avail_out != 0 { return }
            }
        }

        private static func message(_ stream: z_stream, code: Int32) -> String {
            stream.msg.map { String(cString: $0) } ?? "inflate returned \(code)"
        }

        private static func mutableBytes(_ base: UnsafeRawPointer?, offset: Int) -> UnsafeMutablePointer<Bytef>? {
            // zlib declares next_in non-const but never writes through it.
            base.map { UnsafeMutableRawPointer(mutating: $0 + offset).assumingMemoryBound(to: Bytef.self) }
        }
    }
}

// MARK: - bzip2

extension BlockCodec {
    /// bzip2 streams via libbz2's BZ2_bzCompress/BZ2_bzDecompress.
    fileprivate enum BZip2Stream {
        static let blockSize100k: Int32 = 9

        static func decompress(
            from source: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer
        ) throws(CompressionError) {
            var stream = bz_stream()
            let initCode = BZ2_bzDecompressInit(&stream, 0, 0)
            guard initCode == BZ_OK else {
                throw .library(.bzp2, function: "BZ2_bzDecompressInit", code: initCode)
            }
            defer { BZ2_bzDecompressEnd(&stream) }

            var output = BlockCodec.OutputWindow(destination)
            var consumed = 0
            while !output.overrunCountExhausted {
                let inCount = min(source.count - consumed, BlockCodec.maxStreamWindow)
                let (outPointer, outCount) = output.next()
                stream.next_in = mutableChars(source.baseAddress, offset: consumed)
                stream.avail_in = UInt32(inCount)
                stream.next_out = outPointer.assumingMemoryBound(to: CChar.self)
                stream.avail_out = UInt32(outCount)
                let code = BZ2_bzDecompress(&stream)
                let taken = inCount - Int(stream.avail_in)
                let filled = outCount - Int(stream.avail_out)
                consumed += taken
                output.advance(by: filled)
                switch code {
                case BZ_OK:
                    // libbz2 reports running out of input as BZ_OK without progress.
                    if taken == 0 && filled == 0 { throw BlockCodec.truncationError(.bzp2, output: output) }
                case BZ_STREAM_END:
                    try BlockCodec.checkFinished(.bzp2, output: output, consumed: consumed, sourceCount: source.count)
                    return
                case BZ_DATA_ERROR:
                    throw .corruptStream(.bzp2, detail: "data integrity error (bad block or CRC)")
                case BZ_DATA_ERROR_MAGIC:
                    throw .corruptStream(.bzp2, detail: "not a bzip2 stream (bad magic bytes)")
                default:
                    throw .library(.bzp2, function: "BZ2_bzDecompress", code: code)
                }
            }
            throw output.overrunError(.bzp2)
        }

        static func compress(
            from source: UnsafeRawBufferPointer, sink: (UnsafeRawBufferPointer) throws -> Void
        ) throws {
            var stream = bz_stream()
            let initCode = BZ2_bzCompressInit(&stream, blockSize100k, 0, 0)
            guard initCode == BZ_OK else {
                throw CompressionError.library(.bzp2, function: "BZ2_bzCompressInit", code: initCode)
            }
            defer { BZ2_bzCompressEnd(&stream) }
            let buffer = UnsafeMutableRawBufferPointer.allocate(
                byteCount: BlockCodec.streamBufferSize, alignment: 16)
            defer { buffer.deallocate() }

            var consumed = 0
            while consumed < source.count {
                let inCount = min(source.count - consumed, BlockCodec.maxStreamWindow)
                stream.next_in = mutableChars(source.baseAddress, offset: consumed)
                stream.avail_in = UInt32(inCount)
                consumed += inCount
                while stream.avail_in > 0 {
                    try step(&stream, action: BZ_RUN, expecting: [BZ_RUN_OK], buffer: buffer, sink: sink)
                }
            }
            // BZ_FINISH must see the same (now empty) input on every call until the stream ends.
            stream.avail_in = 0
            while try step(&stream, action: BZ_FINISH, expecting: [BZ_FINISH_OK, BZ_STREAM_END],
                           buffer: buffer, sink: sink) != BZ_STREAM_END {}
        }

        /// One BZ2_bzCompress call into the output buffer, drained into `sink`; returns its code.
        @discardableResult
        private static func step(
            _ stream: inout bz_stream, action: Int32, expecting accepted: [Int32],
            buffer: UnsafeMutableRawBufferPointer, sink: (UnsafeRawBufferPointer) throws -> Void
        ) throws -> Int32 {
            stream.next_out = buffer.baseAddress?.assumingMemoryBound(to: CChar.self)
            stream.avail_out = UInt32(buffer.count)
            let code = BZ2_bzCompress(&stream, action)
            guard accepted.contains(code) else {
                throw CompressionError.library(.bzp2, function: "BZ2_bzCompress", code: code)
            }
            let produced = buffer.count - Int(stream.avail_out)
            if produced > 0 { try sink(UnsafeRawBufferPointer(rebasing: buffer[..<produced])) }
            return code
        }

        private static func mutableChars(_ base: UnsafeRawPointer?, offset: Int) -> UnsafeMutablePointer<CChar>? {
            // libbz2 declares next_in non-const but never writes through it.
            base.map { UnsafeMutableRawPointer(mutating: $0 + offset).assumingMemoryBound(to: CChar.self) }
        }
    }
}

// MARK: - lz4

extension BlockCodec {
    /// asdf's framing of LZ4 blocks: the data is cut into 4 MiB chunks, each written as
    /// `UInt32 BE length_of_rest` + `UInt32 LE decoded_size` + one raw LZ4 block, where
    /// length_of_rest = 4 + the LZ4 block's length. (This is Python asdf's Lz4Compressor, which
    /// prefixes the output of `lz4.block.compress`, itself size-prefixed, with its length.)
    fileprivate enum LZ4Chunks {
        static let chunkSize = BlockCodec.pieceSize
        static let chunkHeaderSize = 8

        /// Chunks compressed at once: a few per core, or one on the caller's thread.
        static func batchSize(_ concurrent: Bool) -> Int { concurrent ? 2 * ProcessInfo.processInfo.activeProcessorCount : 1 }

        static func compress(
            from source: UnsafeRawBufferPointer, concurrent: Bool, sink: (UnsafeRawBufferPointer) throws -> Void
        ) throws {
            let bound = LZ4_compressBound(Int32(chunkSize))
            guard bound > 0 else {
                throw CompressionError.library(.lz4, function: "LZ4_compressBound", code: bound)
            }
            // The chunks are independent: a batch of a few per core is compressed on all cores
            // into its own buffers, then handed to the sink in order (the bytes are those of one
            // core). Two buffer sets alternate, so that while the caller's thread hands one batch
            // to the sink (which hashes and writes it) the next batch is being compressed.
            // Without `concurrent`, one chunk at a time on the caller's thread.
            let chunks = (source.count + chunkSize - 1) / chunkSize
            let batch = max(1, min(chunks, batchSize(concurrent)))
            let stride = chunkHeaderSize + Int(bound)
            let buffers = UnsafeMutableRawBufferPointer.allocate(byteCount: 2 * batch * stride, alignment: 16)
            let results = BatchResults()
            nonisolated(unsafe) let (input, output) = (source, buffers)
            func launch(first: Int, set: Int) -> DispatchGroup {
                let count = min(batch, chunks - first)
                results.reset(set, count: count)
                @Sendable func compress(_ k: Int) {
                    let offset = (first + k) * chunkSize
                    let chunk = UnsafeRawBufferPointer(rebasing: input[offset..<min(input.count, offset + chunkSize)])
                    let slot = (set * batch + k) * stride
                    let buffer = UnsafeMutableRawBufferPointer(rebasing: output[slot..<(slot + stride)])
                    results.set(set, k, Result { () throws(CompressionError) -> Int in try compressChunk(chunk, into: buffer, bound: bound).count })
                }
                let group = DispatchGroup()
                if concurrent {
                    DispatchQueue.global().async(group: group) { DispatchQueue.concurrentPerform(iterations: count, execute: compress) }
                } else {
                    for k in 0..<count { compress(k) }
                }
                return group
            }
            var pending = launch(first: 0, set: 0)
            // The buffers outlive any batch still being compressed, even when the sink throws.
            defer {
                pending.wait()
                buffers.deallocate()
            }
            var (first, set) = (0, 0)
            while first < chunks {
                pending.wait()
                let count = min(batch, chunks - first)
                let lengths = results.lengths(set)
                if first + count < chunks { pending = launch(first: first + count, set: 1 - set) }
                for (k, result) in lengths.enumerated() {
                    let length = try result.get()
                    let slot = (set * batch + k) * stride
                    try sink(UnsafeRawBufferPointer(rebasing: buffers[slot..<(slot + length)]))
                }
                first += count
                set = 1 - set
            }
        }

        /// The compressed lengths (or failures) of the two alternating batches.
        private final class BatchResults: Sendable {
            private let slots = Mutex<[[Result<Int, CompressionError>]]>([[], []])
            func reset(_ set: Int, count: Int) { slots.withLock { $0[set] = Array(repeating: .success(0), count: count) } }
            func set(_ set: Int, _ k: Int, _ result: Result<Int, CompressionError>) { slots.withLock { $0[set][k] = result } }
            func lengths(_ set: Int) -> [Result<Int, CompressionError>] { slots.withLock { $0[set] } }
        }

        /// Encodes one chunk (at most `chunkSize` bytes) with its header; returns the framed bytes.
        private static func compressChunk(
            _ chunk: UnsafeRawBufferPointer, into buffer: UnsafeMutableRawBufferPointer, bound: Int32
        ) throws(CompressionError) -> UnsafeRawBufferPointer {
            guard let input = chunk.baseAddress, let output = buffer.baseAddress else {
                throw CompressionError.library(.lz4, function: "LZ4_compress_default", code: 0)
            }
            let length = LZ4_compress_default(
                input.assumingMemoryBound(to: CChar.self),
                (output + chunkHeaderSize).assumingMemoryBound(to: CChar.self),
                Int32(chunk.count), bound)
            guard length > 0 else {
                throw CompressionError.library(.lz4, function: "LZ4_compress_default", code: length)
            }
            buffer.storeBytes(of: UInt32(length + 4).bigEndian, toByteOffset: 0, as: UInt32.self)
            buffer.storeBytes(of: UInt32(chunk.count).littleEndian, toByteOffset: 4, as: UInt32.self)
            return UnsafeRawBufferPointer(rebasing: buffer[..<(chunkHeaderSize + Int(length))])
        }

        /// One parsed chunk header.
        private struct ChunkHeader {
            /// Offset of the LZ4 block within the source.
            var blockOffset: Int
            var blockLength: Int
            var decodedSize: Int
        }

        static func decompress(
            from source: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer
        ) throws(CompressionError) {
            // The chunk headers first (cheap), then the chunks decoded on all cores; the errors are
            // those, and in the order, of decoding one chunk after the other.
            var offset = 0
            var produced = 0
            var chunks: [(chunk: ChunkHeader, position: Int)] = []
            var framingError: CompressionError?
            while offset < source.count {
                let chunk: ChunkHeader
                do { chunk = try header(in: source, at: offset) } catch { framingError = error; break }
                guard chunk.decodedSize <= destination.count - produced else {
                    let declared = declaredSize(of: source, from: offset)
                    framingError = .sizeMismatch(.lz4, expected: destination.count, actual: produced + declared)
                    break
                }
                chunks.append((chunk, produced))
                produced += chunk.decodedSize
                offset = chunk.blockOffset + chunk.blockLength
            }
            let failures = Mutex<[Int: CompressionError]>([:])
            nonisolated(unsafe) let (input, output) = (source, destination)
            let list = chunks
            DispatchQueue.concurrentPerform(iterations: list.count) { k in
                do throws(CompressionError) { try decodeBlock(list[k].chunk, from: input, into: output, at: list[k].position) } catch {
                    failures.withLock { $0[k] = error }
                }
            }
            if let first = failures.withLock({ $0.min { $0.key < $1.key } }) { throw first.value }
            if let framingError { throw framingError }
            guard produced == destination.count else {
                throw .sizeMismatch(.lz4, expected: destination.count, actual: produced)
            }
        }

        /// Reads and validates the chunk header at `offset` against the bytes that follow it.
        private static func header(
            in source: UnsafeRawBufferPointer, at offset: Int
        ) throws(CompressionError) -> ChunkHeader {
            guard source.count - offset >= chunkHeaderSize else {
                throw .corruptStream(.lz4, detail: "truncated chunk header at offset \(offset)")
            }
            let rest = Int(UInt32(bigEndian: source.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            let size = Int(UInt32(littleEndian: source.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)))
            guard rest >= 4 else {
                throw .corruptStream(.lz4, detail: "chunk at offset \(offset) has length \(rest), less than 4")
            }
            let blockOffset = offset + chunkHeaderSize
            let blockLength = rest - 4
            guard blockLength <= source.count - blockOffset else {
                throw .corruptStream(
                    .lz4,
                    detail: "chunk at offset \(offset) claims \(blockLength) bytes; \(source.count - blockOffset) remain")
            }
            return ChunkHeader(blockOffset: blockOffset, blockLength: blockLength, decodedSize: size)
        }

        /// The sum of the decoded sizes the chunk headers from `offset` on declare, as far as they parse.
        private static func declaredSize(of source: UnsafeRawBufferPointer, from offset: Int) -> Int {
            var offset = offset
            var total = 0
            while offset < source.count, let chunk = try? header(in: source, at: offset) {
                total += chunk.decodedSize
                offset = chunk.blockOffset + chunk.blockLength
            }
            return total
        }

        /// Decodes one LZ4 block into `destination` at `position`; it must fill exactly its declared size,
        /// which the caller has checked fits.
        private static func decodeBlock(
            _ chunk: ChunkHeader, from source: UnsafeRawBufferPointer,
            into destination: UnsafeMutableRawBufferPointer, at position: Int
        ) throws(CompressionError) {
            guard chunk.blockLength <= Int(Int32.max), chunk.decodedSize <= Int(Int32.max),
                  let sourceBase = source.baseAddress
            else {
                let offset = chunk.blockOffset - chunkHeaderSize
                throw .corruptStream(.lz4, detail: "chunk at offset \(offset) is too large for LZ4")
            }
            let input = (sourceBase + chunk.blockOffset).assumingMemoryBound(to: CChar.self)
            let decoded: Int32
            if let destinationBase = destination.baseAddress {
                let output = (destinationBase + position).assumingMemoryBound(to: CChar.self)
                decoded = LZ4_decompress_safe(input, output, Int32(chunk.blockLength), Int32(chunk.decodedSize))
            } else {
                // An empty destination has no address; a zero-size chunk still must be a valid block.
                var scratch: CChar = 0
                decoded = LZ4_decompress_safe(input, &scratch, Int32(chunk.blockLength), 0)
            }
            guard decoded >= 0 else {
                throw .corruptStream(.lz4, detail: "invalid LZ4 block at offset \(chunk.blockOffset)")
            }
            guard Int(decoded) == chunk.decodedSize else {
                throw .corruptStream(
                    .lz4,
                    detail: "LZ4 block at offset \(chunk.blockOffset) decodes to \(decoded) bytes, not \(chunk.decodedSize)")
            }
        }
    }
}
