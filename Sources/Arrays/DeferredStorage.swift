import Synchronization

/// Storage that is produced on first use (for example by decompressing a file block), once,
/// however many threads ask for it.
public final class DeferredStorage: Sendable {
    private enum State: Sendable {
        case pending(@Sendable () throws -> ByteStorage)
        case ready(ByteStorage)
        case failed(String)
    }

    private let state: Mutex<State>
    /// The size the storage will have, known before loading (for summaries and bounds checks).
    public let count: Int
    /// Produces the bytes straight into a caller's buffer of `count` bytes (a decoder), if known.
    private let produceInto: (@Sendable (UnsafeMutableRawBufferPointer) throws -> Void)?

    /// Storage available at once.
    public init(_ storage: ByteStorage) {
        state = Mutex(.ready(storage))
        count = storage.count
        produceInto = nil
    }

    /// Storage produced by `load` on first use; `count` is the size it promises.
    public init(count: Int, load: @escaping @Sendable () throws -> ByteStorage) {
        state = Mutex(.pending(load))
        self.count = count
        produceInto = nil
    }

    /// Storage produced by `load` on first use, whose bytes `produce` can also write straight
    /// into a caller's buffer of `count` bytes (decoding a compressed block, say) for
    /// `copyBytes(into:)`, without keeping them.
    public init(count: Int, load: @escaping @Sendable () throws -> ByteStorage,
                produce: @escaping @Sendable (UnsafeMutableRawBufferPointer) throws -> Void) {
        state = Mutex(.pending(load))
        self.count = count
        produceInto = produce
    }

    /// Writes all `count` bytes into `destination` (of exactly that size): produced straight into
    /// it when the storage is not loaded and knows how (so they are never held twice), else copied.
    public func copyBytes(into destination: UnsafeMutableRawBufferPointer) throws {
        precondition(destination.count == count, "copyBytes needs a buffer of \(count) bytes, got \(destination.count)")
        if let produceInto, !isLoaded {
            try produceInto(destination)
            return
        }
        let storage = try resolve()
        if count > 0 { destination.baseAddress!.copyMemory(from: storage.baseAddress, byteCount: count) }
    }

    /// Whether the storage has been produced already.
    public var isLoaded: Bool {
        state.withLock { if case .ready = $0 { true } else { false } }
    }

    /// The storage, loading it if needed. A failed load is remembered and rethrown as
    /// `StorageError.deferredLoadFailed` on later calls; the first call throws the original error.
    public func resolve() throws -> ByteStorage {
        try state.withLock { state in
            switch state {
            case .ready(let storage):
                return storage
            case .failed(let why):
                throw StorageError.deferredLoadFailed(why)
            case .pending(let load):
                do {
                    let storage = try load()
                    state = .ready(storage)
                    return storage
                } catch {
                    state = .failed(String(describing: error))
                    throw error
                }
            }
        }
    }
}
