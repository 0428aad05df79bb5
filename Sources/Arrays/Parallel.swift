import Dispatch

/// Concurrency helpers for image-wide loops: contiguous chunks of an index range run on all cores.
public enum Parallel {
    /// Runs `body` over contiguous chunks of 0..<count concurrently (a few chunks per core).
    public static func chunks(_ count: Int, minimumChunk: Int = 1, _ body: @Sendable (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let chunks = max(1, min(count / max(minimumChunk, 1), 64))
        if chunks == 1 { body(0..<count); return }
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let start = count * c / chunks, end = count * (c + 1) / chunks
            if start < end { body(start..<end) }
        }
    }

    /// Applies `body(i)` to every index of a full-frame buffer, in chunks on all cores.
    public static func forEach(_ count: Int, _ body: @Sendable (Int) -> Void) {
        chunks(count, minimumChunk: 1 << 16) { range in for i in range { body(i) } }
    }

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
