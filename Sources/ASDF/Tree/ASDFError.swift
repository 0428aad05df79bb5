import Arrays
import FileIO

/// Why an ASDF file could not be read or written: what was wrong, in which file, and where
/// (a byte offset or a tree path).
public struct ASDFError: Error, Sendable, CustomStringConvertible {
    /// The file concerned (nil for in-memory data).
    public var file: String?
    /// Where in the file.
    public var location: Location
    /// What was wrong.
    public var problem: Problem

    /// A place in an ASDF file.
    public enum Location: Sendable, Equatable, CustomStringConvertible {
        case none
        case byteOffset(Int)
        case treePath(String)
        case line(Int, column: Int)

        public var description: String {
            switch self {
            case .none: ""
            case .byteOffset(let offset): "byte \(offset)"
            case .treePath(let path): "tree path /\(path)"
            case .line(let line, let column): "line \(line), column \(column)"
            }
        }
    }

    /// The kinds of failure.
    public enum Problem: Sendable, CustomStringConvertible {
        case notASDF(found: String)
        case truncated(expected: String)
        case invalidYAML(String)
        case missingTreeEnd
        case invalidTree(String)
        case badBlockMagic(found: [UInt8])
        case badBlockHeader(String)
        case checksumMismatch(block: Int, expected: String, actual: String)
        case unknownCompression(block: Int, label: [UInt8])
        case decompression(block: Int, CompressionError)
        case danglingBlockReference(source: Int, blockCount: Int)
        case invalidNDArray(String)
        case shapeMismatch(String)
        case tooLarge(bytes: UInt64, limit: UInt64)
        case unsupported(String)
        case io(FileIOError)
        case storage(StorageError)

        public var description: String {
            switch self {
            case .notASDF(let found): "not an ASDF file: expected '#ASDF 1.x.y' header, found \(found.debugDescription)"
            case .truncated(let expected): "file is truncated: expected \(expected)"
            case .invalidYAML(let message): "invalid YAML tree: \(message)"
            case .missingTreeEnd: "YAML tree has no '...' end marker"
            case .invalidTree(let message): "invalid tree: \(message)"
            case .badBlockMagic(let found): "expected block magic d3 42 4c 4b, found \(found.map { String($0, radix: 16) }.joined(separator: " "))"
            case .badBlockHeader(let message): "bad block header: \(message)"
            case .checksumMismatch(let block, let expected, let actual): "block \(block) checksum mismatch: header says \(expected), data has \(actual)"
            case .unknownCompression(let block, let label): "block \(block) has unknown compression \(String(decoding: label, as: UTF8.self).debugDescription)"
            case .decompression(let block, let error): "block \(block) cannot be decompressed: \(error)"
            case .danglingBlockReference(let source, let count): "ndarray source \(source) refers to a block that does not exist (file has \(count) blocks)"
            case .invalidNDArray(let message): "invalid ndarray: \(message)"
            case .shapeMismatch(let message): "shape does not match data: \(message)"
            case .tooLarge(let bytes, let limit): "size \(bytes) bytes exceeds the limit of \(limit) bytes"
            case .unsupported(let message): "unsupported: \(message)"
            case .io(let error): error.description
            case .storage(let error): error.description
            }
        }
    }

    public init(file: String?, _ location: Location = .none, _ problem: Problem) {
        self.file = file
        self.location = location
        self.problem = problem
    }

    public var description: String {
        let place = [file, location == .none ? nil : location.description].compactMap { $0 }.joined(separator: ", ")
        return place.isEmpty ? problem.description : "\(place): \(problem)"
    }
}
