import FileIO

/// Why a Parquet file could not be read or written: what was wrong, in which file and column.
public struct ParquetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file concerned (nil for in-memory bytes).
    public var file: String?
    /// The column concerned, when the problem is in one column.
    public var column: String?
    /// What was wrong.
    public var problem: Problem

    /// The kinds of failure.
    public enum Problem: Sendable, Equatable, CustomStringConvertible {
        /// Shorter than the 12 bytes of the two magics and the footer length.
        case fileTooSmall(size: Int)
        /// The leading or trailing 4 bytes are not `PAR1`.
        case badMagic(found: [UInt8], atEnd: Bool)
        /// The footer length points before the leading magic.
        case footerLengthBeyondFile(footerLength: Int, fileSize: Int)
        /// Compact-protocol bytes that do not decode (`context`: footer, page header at byte N).
        case thrift(ThriftError, context: String)
        /// Metadata that decodes but is inconsistent (schema, row groups, offsets).
        case invalidMetadata(String)
        /// Page or chunk sizes that disagree with each other or with the file.
        case inconsistentPageSizes(String)
        /// Page data that does not decode (levels, values, dictionary indices).
        case corruptPage(String)
        /// A page whose CRC-32 does not match its body.
        case checksumMismatch(offset: Int, expected: UInt32, actual: UInt32)
        /// The codec failed to decode a page body.
        case decompression(codec: ParquetCompressionCodec, detail: String)
        /// The codec failed to encode a page body.
        case compression(codec: ParquetCompressionCodec, detail: String)
        /// A column type this library cannot represent (named).
        case unsupportedType(String)
        /// A value encoding this library does not decode.
        case unsupportedEncoding(ParquetEncoding)
        /// A compression codec this library does not decode.
        case unsupportedCodec(ParquetCompressionCodec)
        /// A table that cannot be written (lengths differ, bad names...).
        case invalidTable(String)
        /// Decoding would exceed `ParquetReadOptions.maxDecodedBytes`.
        case limitExceeded(String)
        /// A failed system call.
        case io(FileIOError)

        public var description: String {
            switch self {
            case .fileTooSmall(let size): "file of \(size) bytes is too small to be Parquet (at least 12)"
            case .badMagic(let found, let atEnd):
                "expected magic PAR1 at the \(atEnd ? "end" : "start"), found \(found.map { String(format2: $0) }.joined(separator: " "))"
            case .footerLengthBeyondFile(let length, let size): "footer length \(length) exceeds the file size \(size)"
            case .thrift(let error, let context): "cannot decode \(context): \(error)"
            case .invalidMetadata(let message): "invalid metadata: \(message)"
            case .inconsistentPageSizes(let message): "inconsistent page sizes: \(message)"
            case .corruptPage(let message): "corrupt page: \(message)"
            case .checksumMismatch(let offset, let expected, let actual):
                "page at byte \(offset): CRC-32 \(String(actual, radix: 16)) does not match the header's \(String(expected, radix: 16))"
            case .decompression(let codec, let detail): "\(codec) decompression failed: \(detail)"
            case .compression(let codec, let detail): "\(codec) compression failed: \(detail)"
            case .unsupportedType(let type): "unsupported column type: \(type)"
            case .unsupportedEncoding(let encoding): "unsupported encoding \(encoding)"
            case .unsupportedCodec(let codec): "unsupported compression codec \(codec)"
            case .invalidTable(let message): "invalid table: \(message)"
            case .limitExceeded(let message): "limit exceeded: \(message)"
            case .io(let error): error.description
            }
        }
    }

    public init(file: String?, column: String? = nil, _ problem: Problem) {
        self.file = file
        self.column = column
        self.problem = problem
    }

    public var description: String {
        var parts: [String] = []
        if let file { parts.append(file) }
        if let column { parts.append("column '\(column)'") }
        parts.append(problem.description)
        return parts.joined(separator: ": ")
    }
}

extension String {
    /// Two lowercase hex digits.
    fileprivate init(format2 byte: UInt8) {
        let digits = String(byte, radix: 16)
        self = digits.count == 1 ? "0" + digits : digits
    }
}
