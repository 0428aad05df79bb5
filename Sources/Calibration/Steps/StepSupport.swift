import Arrays
import Dispatch

/// Why a detector-level step could not run.
public enum CalibrationError: Error, Sendable, CustomStringConvertible {
    /// A reference or ramp array has the wrong shape.
    case shape(step: String, array: String, expected: [Int], found: [Int])
    /// The read pattern does not fit the ramp (count, empty resultants...).
    case readPattern(step: String, reason: String)
    /// A parameter or ramp the step cannot handle.
    case unsupported(step: String, reason: String)

    public var description: String {
        switch self {
        case let .shape(step, array, expected, found):
            return "\(step): \(array) has shape \(found), expected \(expected)"
        case let .readPattern(step, reason): return "\(step): read pattern: \(reason)"
        case let .unsupported(step, reason): return "\(step): \(reason)"
        }
    }
}

enum StepSupport {
    /// Splits 0..<count into contiguous chunks run concurrently (one per core, a few more for balance).
    static func parallelChunks(_ count: Int, minimumChunk: Int = 1, _ body: @Sendable (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let chunks = max(1, min(count / max(minimumChunk, 1), 64))
        if chunks == 1 { body(0..<count); return }
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let start = count * c / chunks, end = count * (c + 1) / chunks
            if start < end { body(start..<end) }
        }
    }

    static func check<T: ArrayElement>(_ step: String, _ name: String, _ array: TypedArray<T>, _ expected: [Int]) throws(CalibrationError) {
        guard array.shape == expected else { throw .shape(step: step, array: name, expected: expected, found: array.shape) }
    }

    static func checkRamp(_ step: String, _ ramp: Ramp) throws(CalibrationError) {
        let (n, rows, columns) = (ramp.resultants, ramp.rows, ramp.columns)
        try check(step, "groupdq", ramp.groupDQ, [n, rows, columns])
        try check(step, "pixeldq", ramp.pixelDQ, [rows, columns])
        guard ramp.readPattern.count == n, ramp.readPattern.allSatisfy({ !$0.isEmpty }) else {
            throw .readPattern(step: step, reason: "\(ramp.readPattern.count) non-empty entries needed for \(n) resultants")
        }
    }
}
