import WCS

/// Why an exposure could not be aligned. When alignment fails the WCSs are left as they were
/// (and the L2 products flagged, `L2AlignmentUpdate.markFailed`).
public enum AlignmentError: Error, Sendable, CustomStringConvertible {
    case noDetectors
    case invalidParameters(String)
    /// Fewer matched pairs than required, over the whole focal plane.
    case tooFewMatches(found: Int, required: Int, sources: Int, references: Int)
    /// A detector's WCS cannot be read, evaluated or corrected.
    case wcs(detector: String, GWCSError)
    case noWCS(detector: String, file: String)
    case missingMetadata(detector: String, key: String)
    /// The matched pairs do not determine a fit (all coincident).
    case degenerateFit(matches: Int)
    /// A detector's correction could not be expressed in its tangent plane.
    case correction(detector: String, reason: String)
    /// The source list's coordinate arrays differ in length.
    case malformedSources(detector: String, reason: String)

    public var description: String {
        switch self {
        case .noDetectors: "no detectors to align"
        case .invalidParameters(let reason): "invalid alignment parameters: \(reason)"
        case .tooFewMatches(let found, let required, let sources, let references):
            "too few matches with the reference catalog: \(found) (at least \(required) needed) among \(sources) sources and \(references) reference stars; the WCS is left uncorrected"
        case .wcs(let detector, let error): "\(detector): WCS: \(error)"
        case .noWCS(let detector, let file): "\(detector): \(file) has no meta.wcs (assign_wcs has not run)"
        case .missingMetadata(let detector, let key): "\(detector): \(key) is not set"
        case .degenerateFit(let matches): "the \(matches) matched pairs do not determine a fit"
        case .correction(let detector, let reason): "\(detector): cannot express the correction: \(reason)"
        case .malformedSources(let detector, let reason): "\(detector): bad source list: \(reason)"
        }
    }
}
