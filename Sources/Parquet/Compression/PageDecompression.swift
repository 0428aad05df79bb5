import CLZ4
import CSnappy
import CZlib
import CZstd

/// Decompresses page bodies into caller-owned memory of exactly the header's uncompressed size.
/// Every codec must produce exactly that many bytes; anything else is an error, never an
/// overrun. One per thread (it keeps a Zstandard context).
final class PageDecompressor {
    private var zstdContext: OpaquePointer?

    init() {}

    deinit { if let zstdContext { ZSTD_freeDCtx(zstdContext) } }

    func decompress(_ codec: ParquetCompressionCodec, _ input: UnsafeRawBufferPointer,
                    into output: UnsafeMutableRawBufferPointer) throws(ParquetError) {
        func failure(_ detail: String) -> ParquetError { ParquetError(file: nil, .decompression(codec: codec, detail: detail)) }
        func checkSize(_ produced: Int) throws(ParquetError) {
            guard produced == output.count else {
                throw failure("decoded \(produced) bytes, the page header says \(output.count)")
            }
        }
        let source = input.baseAddress?.assumingMemoryBound(to: CChar.self)
        let destination = output.baseAddress?.assumingMemoryBound(to: CChar.self)
        switch codec {
        case .uncompressed:
            try checkSize(input.count)
            if !input.isEmpty { output.copyMemory(from: input) }
        case .snappy:
            var length = 0
            guard snappy_uncompressed_length(source, input.count, &length) == SNAPPY_OK else {
                throw failure("invalid Snappy length preamble")
            }
            try checkSize(length)
            guard snappy_uncompress(source, input.count, destination, &length) == SNAPPY_OK else {
                throw failure("invalid Snappy data")
            }
            try checkSize(length)
        case .zstd:
            if zstdContext == nil { zstdContext = ZSTD_createDCtx() }
            guard let context = zstdContext else { throw failure("ZSTD_createDCtx failed") }
            let result = ZSTD_decompressDCtx(context, output.baseAddress, output.count, input.baseAddress, input.count)
            guard ZSTD_isError(result) == 0 else { throw failure(String(cString: ZSTD_getErrorName(result))) }
            try checkSize(result)
        case .gzip:
            try checkSize(try Self.gunzip(input, into: output, failure))
        case .lz4Raw:
            guard input.count <= Int(Int32.max), output.count <= Int(Int32.max) else { throw failure("page too large for LZ4") }
            let result = LZ4_decompress_safe(source, destination, Int32(input.count), Int32(output.count))
            guard result >= 0 else { throw failure("invalid LZ4 block") }
            try checkSize(Int(result))
        default:
            throw ParquetError(file: nil, .unsupportedCodec(codec))
        }
    }

    /// Inflates one or more concatenated gzip members (RFC 1952; `Compression.md` asks readers to
    /// accept several). Trailing zero padding after the last member is ignored.
    private static func gunzip(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
                               _ failure: (String) -> ParquetError) throws(ParquetError) -> Int {
        guard input.count < Int(UInt32.max), output.count < Int(UInt32.max) else { throw failure("page too large for zlib") }
        var stream = z_stream()
        let initCode = inflateInit2_(&stream, 31, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard initCode == Z_OK else { throw failure("inflateInit2 returned \(initCode)") }
        defer { inflateEnd(&stream) }
        var consumed = 0
        var produced = 0
        let scratch = UnsafeMutablePointer<Bytef>.allocate(capacity: 1)
        defer { scratch.deallocate() }
        while true {
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.advanced(by: consumed).assumingMemoryBound(to: Bytef.self))
            stream.avail_in = UInt32(input.count - consumed)
            // With the destination full, inflate into one scratch byte to detect overlong streams.
            let room = output.count - produced
            if room > 0 {
                stream.next_out = output.baseAddress!.advanced(by: produced).assumingMemoryBound(to: Bytef.self)
                stream.avail_out = UInt32(room)
            } else {
                stream.next_out = scratch
                stream.avail_out = 1
            }
            let availableOut = Int(stream.avail_out)
            let availableIn = Int(stream.avail_in)
            let code = inflate(&stream, Z_NO_FLUSH)
            consumed += availableIn - Int(stream.avail_in)
            let decoded = availableOut - Int(stream.avail_out)
            if room > 0 { produced += decoded } else if decoded > 0 { return output.count + decoded }
            switch code {
            case Z_STREAM_END:
                let rest = UnsafeRawBufferPointer(rebasing: input[consumed...])
                if rest.allSatisfy({ $0 == 0 }) { return produced }
                guard inflateReset(&stream) == Z_OK else { throw failure("inflateReset failed") }
            case Z_OK:
                continue
            case Z_BUF_ERROR:
                throw failure("gzip stream is truncated after \(produced) bytes")
            default:
                let message = stream.msg.map { String(cString: $0) } ?? "code \(code)"
                throw failure(message)
            }
        }
    }
}
