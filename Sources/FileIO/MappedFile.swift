#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole file mapped read-only into memory.
///
/// Mapping costs nothing until a page is touched, so a 330 MB ramp file can be opened and its
/// tree parsed while only the first pages are read from disk. The mapping lives as long as this
/// object; array views keep it alive by holding a reference.
public final class MappedFile: @unchecked Sendable {
    /// The path the file was opened from (for error messages).
    public let path: String
    /// The first byte of the mapping (nil for an empty file).
    public let baseAddress: UnsafeRawPointer?
    /// The file size in bytes.
    public let count: Int

    /// Maps the file at `path`. Throws `FileIOError` when it cannot be opened or mapped.
    public init(path: String) throws(FileIOError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileIOError(path: path, operation: "open") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileIOError(path: path, operation: "fstat") }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw FileIOError(path: path, operation: "open (not a regular file)", code: EINVAL)
        }
        count = Int(info.st_size)
        guard count > 0 else {
            baseAddress = nil
            return
        }
        let address = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let address, address != MAP_FAILED else { throw FileIOError(path: path, operation: "mmap") }
        baseAddress = UnsafeRawPointer(address)
    }

    /// The mapped bytes.
    public var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: baseAddress, count: count)
    }

    /// Tells the kernel the range will be read soon and in order (read-ahead for whole-array reads).
    public func adviseWillNeed(offset: Int, count: Int) {
        guard let baseAddress, count > 0 else { return }
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = offset - offset % pageSize
        _ = madvise(UnsafeMutableRawPointer(mutating: baseAddress + start), count + (offset - start), MADV_WILLNEED)
    }

    /// Maps every page of the file into the process at once (MADV_POPULATE_READ, Linux 5.14+;
    /// read-ahead advice on older kernels), which is much faster than faulting pages one by one
    /// when the whole file is about to be read.
    public func populate() {
        guard let baseAddress, count > 0 else { return }
        let populateRead: Int32 = 22
        if madvise(UnsafeMutableRawPointer(mutating: baseAddress), count, populateRead) != 0 {
            _ = madvise(UnsafeMutableRawPointer(mutating: baseAddress), count, MADV_WILLNEED)
        }
    }

    deinit {
        if let baseAddress { munmap(UnsafeMutableRawPointer(mutating: baseAddress), count) }
    }
}
