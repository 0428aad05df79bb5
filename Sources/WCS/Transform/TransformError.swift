/// Why a transform could not be evaluated, inverted or (de)serialized.
public enum TransformError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A point or part had the wrong number of coordinates.
    case arityMismatch(context: String, expected: Int, got: Int)
    /// The transform has no analytic inverse and none was attached.
    case noInverse(String)
    /// An ASDF node is not a transform this module reads (its tag).
    case unsupportedTag(path: String, tag: String)
    /// An ASDF transform node lacks a key or has a value of the wrong form.
    case malformed(path: String, reason: String)
    /// A model parameter is out of its allowed set (an axis letter, `wrap_lon_at`).
    case invalidParameter(String)

    public var description: String {
        switch self {
        case .arityMismatch(let context, let expected, let got):
            "\(context): expected \(expected) coordinates, got \(got)"
        case .noInverse(let what): "\(what) has no inverse"
        case .unsupportedTag(let path, let tag): "\(path): unsupported transform tag \(tag)"
        case .malformed(let path, let reason): "\(path): \(reason)"
        case .invalidParameter(let reason): reason
        }
    }
}
