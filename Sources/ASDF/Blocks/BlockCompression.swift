/// The compression of one ASDF binary block, as named by the 4-byte label in its header.
///
/// The raw values are the labels Python asdf uses in its API (`"zlib"`, `"bzp2"`, `"lz4"`),
/// with `"none"` standing for the all-zero label of an uncompressed block.
public enum BlockCompression: String, Sendable, CaseIterable, Hashable {
    /// Stored as is (header label `00 00 00 00`).
    case none
    /// A standard zlib stream (RFC 1950), as Python's `zlib.compress` writes it.
    case zlib
    /// A standard bzip2 stream, as Python's `bz2.compress` writes it.
    case bzp2
    /// asdf's own framing of LZ4 blocks: 4 MiB chunks, each
    /// `UInt32 BE length_of_rest` + `UInt32 LE decoded_size` + one raw LZ4 block.
    case lz4

    /// The 4 header bytes (`00 00 00 00` for `.none`, "lz4" padded with one zero byte).
    public var headerLabel: [UInt8] {
        switch self {
        case .none: [0, 0, 0, 0]
        case .zlib: Array("zlib".utf8)
        case .bzp2: Array("bzp2".utf8)
        case .lz4: Array("lz4".utf8) + [0]
        }
    }

    /// Parses the 4 header bytes; nil for an unknown label.
    ///
    /// The match is exact: a label must have 4 bytes, and "lz4" must be padded with a zero byte.
    public init?(headerLabel: some Collection<UInt8>) {
        guard headerLabel.count == 4 else { return nil }
        let bytes = Array(headerLabel)
        guard let match = Self.allCases.first(where: { $0.headerLabel == bytes }) else { return nil }
        self = match
    }
}

/// Why a block could not be compressed or decompressed.
public enum CompressionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stream is not valid for the codec (corrupt, truncated, or followed by trailing bytes).
    case corruptStream(BlockCompression, detail: String)
    /// The stream decoded to a size other than the header's data_size.
    ///
    /// `actual` is the decoded size when it could be determined cheaply; when a zlib or bzip2
    /// stream runs far past `expected`, decoding stops early and `actual` is a lower bound.
    case sizeMismatch(BlockCompression, expected: Int, actual: Int)
    /// The C library reported an error (`code` is the library's own return code).
    case library(BlockCompression, function: String, code: Int32)

    public var description: String {
        switch self {
        case let .corruptStream(compression, detail):
            "corrupt \(compression.rawValue) stream: \(detail)"
        case let .sizeMismatch(compression, expected, actual):
            "\(compression.rawValue) block decodes to \(actual) bytes, but its header says \(expected)"
        case let .library(compression, function, code):
            "\(compression.rawValue): \(function) failed with code \(code)"
        }
    }
}
