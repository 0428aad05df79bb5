#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed operating-system call on a file, with the path and the call that failed.
public struct FileIOError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file the operation was about.
    public let path: String
    /// The operation that failed (`open`, `mmap`, `write`, `rename`...).
    public let operation: String
    /// The `errno` value.
    public let code: Int32

    public init(path: String, operation: String, code: Int32 = errno) {
        self.path = path
        self.operation = operation
        self.code = code
    }

    public var description: String {
        "\(path): \(operation) failed: \(String(cString: strerror(code))) (errno \(code))"
    }
}
