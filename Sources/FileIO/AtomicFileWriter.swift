#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file under a temporary name in the destination folder and renames it into place only
/// when complete, so readers never see a partial file and a failed write never replaces a good one.
///
/// Usage: create, `write`/`pwrite` the content, then `commit()`. If the writer is dropped without
/// `commit()` the temporary file is removed. A writer may be handed from one thread to another
/// (a file staged in the background, committed later) but is used by one thread at a time.
public final class AtomicFileWriter: @unchecked Sendable {
    /// The final path.
    public let path: String
    /// The temporary path the content is written to.
    public let temporaryPath: String
    private var descriptor: Int32
    private var committed = false
    private var flushed = false
    /// Bytes written so far with `write` (the current end of the file).
    public private(set) var position: Int = 0

    /// Whether `commit()` calls fsync before the rename (crash safety; costs disk time).
    public let durable: Bool

    /// Creates the temporary file next to `path`.
    public init(path: String, durable: Bool = true) throws(FileIOError) {
        self.path = path
        self.durable = durable
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array("\(directory).\(name).tmp-XXXXXX".utf8CString)
        descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw FileIOError(path: path, operation: "create temporary file") }
        temporaryPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        fchmod(descriptor, 0o644)
    }

    /// Appends bytes at the current position.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(FileIOError) {
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw FileIOError(path: temporaryPath, operation: "write")
            }
            done += n
        }
        position += bytes.count
        flushed = false
    }

    /// Appends the bytes of an array.
    public func write(_ bytes: [UInt8]) throws(FileIOError) {
        var failure: FileIOError?
        bytes.withUnsafeBytes { raw in
            do throws(FileIOError) { try write(raw) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Overwrites bytes at `offset` (which must lie within what was already written) without
    /// moving the append position: used to fill in a block header once its sizes are known.
    public func overwrite(_ bytes: [UInt8], at offset: Int) throws(FileIOError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress! + done, bytes.count - done, off_t(offset + done)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileIOError(path: temporaryPath, operation: "pwrite")
            }
            done += n
        }
        flushed = false
    }

    /// Flushes the content written so far to disk (when `durable`), so that a later `commit()`
    /// only renames: a file can be staged completely, and put in place once its companions are.
    public func flush() throws(FileIOError) {
        guard durable, !flushed else { return }
        guard fsync(descriptor) == 0 else { throw FileIOError(path: temporaryPath, operation: "fsync") }
        flushed = true
    }

    /// Flushes the content to disk (unless `flush()` did and nothing was written since) and
    /// renames the file into place.
    public func commit() throws(FileIOError) {
        try flush()
        guard close(descriptor) == 0 else { throw FileIOError(path: temporaryPath, operation: "close") }
        descriptor = -1
        guard rename(temporaryPath, path) == 0 else {
            let code = errno
            unlink(temporaryPath)
            throw FileIOError(path: path, operation: "rename", code: code)
        }
        committed = true
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
        if !committed { unlink(temporaryPath) }
    }
}
