import CLZ4
import CSnappy
import CZlib
import CZstd

/// The codec and level page bodies are written with (apache/parquet-format `Compression.md`:
/// the body is fed to the codec as is, no extra framing).
public enum ParquetCompression: Sendable, Equatable {
    /// Stored as is (what roman_datamodels writes).
    case none
    /// Raw Snappy block format (pyarrow's default codec).
    case snappy
    /// One Zstandard frame (RFC 8878) per page; `level` 1 is pyarrow's default.
    case zstd(level: Int32 = 1)
    /// One gzip member (RFC 1952) per page; `level` 1...9 (6 is zlib's default).
    case gzip(level: Int32 = 6)
    /// LZ4 block format (`LZ4_RAW`).
    case lz4Raw

    /// The codec recorded in the column metadata.
    public var codec: ParquetCompressionCodec {
        switch self {
        case .none: .uncompressed
        case .snappy: .snappy
        case .zstd: .zstd
        case .gzip: .gzip
        case .lz4Raw: .lz4Raw
        }
    }
}

/// Compresses page bodies into a reusable buffer. One per thread: it keeps a Zstandard context
/// and its output buffer between pages.
final class PageCompressor {
    let compression: ParquetCompression
    /// The last compressed body (valid until the next call).
    private(set) var output: [UInt8] = []
    private var zstdContext: OpaquePointer?

    init(_ compression: ParquetCompression) { self.compression = compression }

    deinit { if let zstdContext { ZSTD_freeCCtx(zstdContext) } }

    /// Compresses `input` and hands the compressed bytes (`input` itself for `.none`) to `body`.
    func compress(_ input: UnsafeRawBufferPointer, body: (UnsafeRawBufferPointer) -> Void) throws(ParquetError) {
        let codec = compression.codec
        func failure(_ detail: String) -> ParquetError { ParquetError(file: nil, .compression(codec: codec, detail: detail)) }
        let written: Int
        switch compression {
        case .none:
            body(input)
            return
        case .snappy:
            let bound = snappy_max_compressed_length(input.count)
            written = try fill(bound) { out throws(ParquetError) in
                var length = bound
                let status = snappy_compress(input.baseAddress?.assumingMemoryBound(to: CChar.self), input.count,
                                             out.assumingMemoryBound(to: CChar.self), &length)
                guard status == SNAPPY_OK else { throw failure("snappy_compress returned \(status.rawValue)") }
                return length
            }
        case .zstd(let level):
            if zstdContext == nil { zstdContext = ZSTD_createCCtx() }
            guard let context = zstdContext else { throw failure("ZSTD_createCCtx failed") }
            let bound = ZSTD_compressBound(input.count)
            written = try fill(bound) { out throws(ParquetError) in
                let result = ZSTD_compressCCtx(context, out, bound, input.baseAddress, input.count, level)
                guard ZSTD_isError(result) == 0 else { throw failure(String(cString: ZSTD_getErrorName(result))) }
                return result
            }
        case .gzip(let level):
            written = try gzip(input, level: level, failure)
        case .lz4Raw:
            guard input.count <= Int(LZ4_MAX_INPUT_SIZE) else { throw failure("page of \(input.count) bytes is too large for LZ4") }
            let bound = Int(LZ4_compressBound(Int32(input.count)))
            written = try fill(bound) { out throws(ParquetError) in
                let result = LZ4_compress_default(input.baseAddress?.assumingMemoryBound(to: CChar.self),
                                                  out.assumingMemoryBound(to: CChar.self), Int32(input.count), Int32(bound))
                guard result > 0 || input.isEmpty else { throw failure("LZ4_compress_default failed") }
                return Int(result)
            }
        }
        output.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[0..<written])) }
    }

    /// Grows `output` to `capacity` bytes and lets `write` fill it; returns the bytes written.
    private func fill(_ capacity: Int, _ write: (UnsafeMutableRawPointer) throws(ParquetError) -> Int) throws(ParquetError) -> Int {
        if output.count < capacity { output = [UInt8](repeating: 0, count: capacity) }
        var result: Result<Int, ParquetError> = .success(0)
        output.withUnsafeMutableBytes { out in
            do throws(ParquetError) { result = .success(try write(out.baseAddress!)) } catch { result = .failure(error) }
        }
        return try result.get()
    }

    /// One gzip member (deflate with windowBits 31 writes the RFC 1952 header and trailer).
    private func gzip(_ input: UnsafeRawBufferPointer, level: Int32, _ failure: (String) -> ParquetError) throws(ParquetError) -> Int {
        var stream = z_stream()
        let initCode = deflateInit2_(&stream, level, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard initCode == Z_OK else { throw failure("deflateInit2 returned \(initCode)") }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, UInt(input.count)))
        guard input.count < Int(UInt32.max), bound < Int(UInt32.max) else { throw failure("page of \(input.count) bytes is too large for zlib") }
        return try fill(bound) { out throws(ParquetError) in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = UInt32(input.count)
            stream.next_out = out.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = UInt32(bound)
            let code = deflate(&stream, Z_FINISH)
            guard code == Z_STREAM_END else { throw failure("deflate returned \(code)") }
            return Int(stream.total_out)
        }
    }
}
