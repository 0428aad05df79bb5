#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FileIO
import Synchronization

/// Bytes that hold array elements: heap memory, a memory-mapped file region, or anonymous pages.
///
/// A storage is shared by every view into it; it frees (or unmaps) its memory when the last view
/// is gone. Read-only storage (a mapped file) is copied before any mutation.
public final class ByteStorage: @unchecked Sendable {
    /// The first byte.
    public let baseAddress: UnsafeMutableRawPointer
    /// Number of bytes.
    public let count: Int
    /// Whether writes through `baseAddress` are allowed.
    public let isWritable: Bool
    private let owner: Owner

    private enum Owner {
        case heap
        case anonymousMapping(Int)
        case file(MappedFile)
        case array(any Sendable)
    }

    /// Allocations at least this large come from anonymous mappings, so that an absurd size fails
    /// with an error instead of crashing, and untouched pages cost nothing.
    static let mappingThreshold = 1 << 20

    /// Allocates `count` zero-filled bytes.
    public static func allocate(count: Int) throws(StorageError) -> ByteStorage {
        guard count >= 0 else { throw .invalidSize(count) }
        if count >= mappingThreshold {
            if let reused = MappingPool.shared.take(count) {
                memset(reused, 0, count)
                return ByteStorage(baseAddress: reused, count: count, isWritable: true, owner: .anonymousMapping(count))
            }
            let address = mmap(nil, count, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
            guard let address, address != MAP_FAILED else { throw .outOfMemory(count) }
            return ByteStorage(baseAddress: address, count: count, isWritable: true, owner: .anonymousMapping(count))
        }
        let memory = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: 64)
        memory.initializeMemory(as: UInt8.self, repeating: 0, count: max(count, 1))
        return ByteStorage(baseAddress: memory, count: count, isWritable: true, owner: .heap)
    }

    /// A read-only view of `count` bytes at `offset` in a mapped file.
    public static func mapped(_ file: MappedFile, offset: Int, count: Int) -> ByteStorage? {
        guard let base = file.baseAddress, offset >= 0, count >= 0, offset <= file.count - count else { return nil }
        return ByteStorage(baseAddress: UnsafeMutableRawPointer(mutating: base + offset), count: count,
                           isWritable: false, owner: .file(file))
    }

    /// Copies `bytes` into new heap storage.
    public static func copying(_ bytes: UnsafeRawBufferPointer) throws(StorageError) -> ByteStorage {
        let storage = try allocate(count: bytes.count)
        if let source = bytes.baseAddress, bytes.count > 0 {
            storage.baseAddress.copyMemory(from: source, byteCount: bytes.count)
        }
        return storage
    }

    /// A read-only view of the elements of a Swift array, which it keeps alive: an array computed
    /// in Swift becomes an ASDF block without a copy. A native array's elements live in one heap
    /// object that never moves while it is referenced; the array held here is never mutated
    /// (any other holder that mutates gets its own copy, as the storage is shared), so the
    /// address read once stays valid and the bytes unchanged for the life of this storage.
    public static func viewing<T: BitwiseCopyable & Sendable>(_ array: [T]) -> ByteStorage {
        guard !array.isEmpty else { return ByteStorage(baseAddress: UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 64),
                                                        count: 0, isWritable: false, owner: .heap) }
        let base = array.withUnsafeBytes { UnsafeMutableRawPointer(mutating: $0.baseAddress!) }
        return ByteStorage(baseAddress: base, count: array.count * MemoryLayout<T>.stride, isWritable: false, owner: .array(array))
    }

    private init(baseAddress: UnsafeMutableRawPointer, count: Int, isWritable: Bool, owner: Owner) {
        self.baseAddress = baseAddress
        self.count = count
        self.isWritable = isWritable
        self.owner = owner
    }

    /// The bytes, read-only.
    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: baseAddress, count: count) }

    /// The mapped file this storage is a view of, if any.
    public var mappedFile: MappedFile? {
        if case .file(let file) = owner { return file }
        return nil
    }

    deinit {
        switch owner {
        case .heap: baseAddress.deallocate()
        case .anonymousMapping(let size): if !MappingPool.shared.keep(baseAddress, size) { munmap(baseAddress, size) }
        case .file, .array: break
        }
    }
}

/// Why array memory could not be obtained or an array could not be formed.
public enum StorageError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidSize(Int)
    case outOfMemory(Int)
    case shapeOverflow([Int])
    case outOfBounds(needed: ClosedRange<Int>, available: Int)
    case typeMismatch(stored: DataType, requested: DataType)
    case notContiguous
    case deferredLoadFailed(String)

    public var description: String {
        switch self {
        case .invalidSize(let n): "invalid byte count \(n)"
        case .outOfMemory(let n): "cannot allocate \(n) bytes"
        case .shapeOverflow(let shape): "shape \(shape) is too large to address"
        case .outOfBounds(let needed, let available): "array needs bytes \(needed.lowerBound)...\(needed.upperBound) but its buffer has \(available)"
        case .typeMismatch(let stored, let requested): "array holds \(stored.displayName), not \(requested.displayName)"
        case .notContiguous: "array is not contiguous"
        case .deferredLoadFailed(let why): why
        }
    }
}

/// Freed anonymous mappings kept for the next allocation of the same size. A fresh mapping costs
/// a page fault and a kernel page clear per 4 KiB on first touch; pipelines that allocate and drop
/// many full-frame arrays of a few sizes spend much of their time there. A reused mapping is
/// cleared with one memset instead. The pool holds at most `capacity` bytes, gives them back when
/// a request it cannot serve shows that the process needs other sizes, and keeps no whole cubes.
final class MappingPool: Sendable {
    static let shared = MappingPool()
    /// Most bytes kept for reuse.
    static let capacity = 384 << 20
    /// Largest mapping kept: full-frame images (64 MiB for a 4096² float32) are reused all the
    /// time, whole ramp cubes (hundreds of MB) at most once per file, which does not pay for
    /// holding them.
    static let largestKept = 128 << 20

    /// Addresses (as integers) of kept mappings by size, and their total size.
    private let state = Mutex<(free: [Int: [UInt]], bytes: Int)>(([:], 0))

    /// A kept mapping of exactly `count` bytes, if any. Without one, kept mappings of about
    /// `count` bytes are released: the caller is about to map new memory, and idle kept pages
    /// beside it would only raise the process's peak.
    func take(_ count: Int) -> UnsafeMutableRawPointer? {
        let (address, released): (UInt?, [(UInt, Int)]) = state.withLock { pool in
            if let address = pool.free[count]?.popLast() {
                pool.bytes -= count
                return (address, [])
            }
            var released: [(UInt, Int)] = []
            var freed = 0
            while freed < count, let size = pool.free.first(where: { !$0.value.isEmpty })?.key,
                  let address = pool.free[size]?.popLast() {
                released.append((address, size))
                freed += size
                pool.bytes -= size
            }
            return (nil, released)
        }
        for (bits, size) in released {
            if let pointer = UnsafeMutableRawPointer(bitPattern: bits) { munmap(pointer, size) }
        }
        return address.flatMap { UnsafeMutableRawPointer(bitPattern: $0) }
    }

    /// Bytes held for reuse now.
    var keptBytes: Int { state.withLock { $0.bytes } }

    /// Keeps a mapping for reuse unless the pool is full; returns whether it did.
    func keep(_ address: UnsafeMutableRawPointer, _ count: Int) -> Bool {
        let bits = UInt(bitPattern: address)
        return state.withLock { pool in
            guard count <= Self.largestKept, pool.bytes + count <= Self.capacity else { return false }
            pool.free[count, default: []].append(bits)
            pool.bytes += count
            return true
        }
    }
}
