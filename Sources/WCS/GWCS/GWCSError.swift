/// Why a gwcs object could not be read, built or evaluated.
public enum GWCSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A wcs, step or frame node lacks a key or has a value of the wrong form.
    case malformed(path: String, reason: String)
    /// A step's transform failed to read, evaluate or invert.
    case transform(TransformError)
    /// No frame of that name in the pipeline (or the frames are in the wrong order).
    case noSuchFrame(String)
    /// Consecutive transforms do not fit (outputs of one vs inputs of the next).
    case arityMismatch(step: Int, expected: Int, got: Int)

    public var description: String {
        switch self {
        case .malformed(let path, let reason): "\(path): \(reason)"
        case .transform(let error): error.description
        case .noSuchFrame(let name): "no frame named '\(name)' in this WCS"
        case .arityMismatch(let step, let expected, let got):
            "step \(step): transform takes \(got) coordinates, the previous one gives \(expected)"
        }
    }
}
