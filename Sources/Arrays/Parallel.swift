import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Concurrency helpers for image-wide loops: contiguous chunks of an index range run on all cores.
public enum Parallel {
    /// Runs `body` over contiguous chunks of 0..<count concurrently (a few chunks per core).
    @inlinable
    public static func chunks(_ count: Int, minimumChunk: Int = 1, _ body: @Sendable (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let chunks = max(1, min(count / max(minimumChunk, 1), 64))
        if chunks == 1 { body(0..<count); return }
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let start = count * c / chunks, end = count * (c + 1) / chunks
            if start < end { body(start..<end) }
        }
    }

    /// Runs `body` over a few contiguous batches of 0..<count per core: for items that are each
    /// a sizeable piece of work, where a batch sets up scratch space once for all of its items.
    public static func batches(_ count: Int, perCore: Int = 2, _ body: @Sendable (Range<Int>) -> Void) {
        chunks(count, minimumChunk: max(1, count / max(1, perCore * cores)), body)
    }

    /// The cores this process may run on.
    public static let cores: Int = {
        #if canImport(Glibc)
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
        return 2
        #endif
    }()

    /// Maps 0..<count concurrently into an array (results in index order).
    public static func map<T: Sendable>(_ count: Int, _ transform: @Sendable (Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        var results = [T?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            chunks(count) { range in for i in range { out[i] = transform(i) } }
        }
        return results.map { $0! }
    }
}
