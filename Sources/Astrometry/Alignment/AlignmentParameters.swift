/// The knobs of an exposure alignment, defaulting to romancal 1.1.0's tweakreg absolute
/// alignment (`abs_searchrad`, `abs_tolerance`, `abs_separation`, `abs_minobj`, `abs_nclip`,
/// `abs_sigma`; algorithms.md §1.13), except the geometry: a pointing and roll correction
/// (`rshift`) rather than a general affine.
public struct AlignmentParameters: Sendable, Equatable {
    /// Largest pointing error searched for by the offset histogram, arcsec.
    public var searchRadius = 6.0
    /// Matching radius once the offset is known, arcsec.
    public var tolerance = 0.7
    /// Sources or references closer than this to one of their own list are not matched, arcsec.
    public var separation = 1.0
    /// Fewest matched pairs accepted.
    public var minimumMatches = 10
    public var geometry: FitGeometry = .rshift
    /// Sigma-clipping iterations and threshold (in RMSE).
    public var clipIterations = 3
    public var clipSigma = 3.0
    /// Offset-histogram bin, arcsec.
    public var histogramBin = 0.2
    /// Matching rounds after the first fit, each with the fitted map and `tolerance` (ours:
    /// catches the pairs at the field's edge that a pure offset misses under a roll error).
    public var refinements = 2

    public init() {}

    /// tweakreg's rule: `separation` must exceed √2·`tolerance` (else a source could match two
    /// references); radii positive; at least the geometry's minimum of matches.
    func check() throws(AlignmentError) {
        guard searchRadius > 0, tolerance > 0, histogramBin > 0 else {
            throw .invalidParameters("search radius, tolerance and histogram bin must be positive")
        }
        guard separation > 2.0.squareRoot() * tolerance else {
            throw .invalidParameters("separation (\(separation)\") must exceed √2 × tolerance (\(tolerance)\")")
        }
        guard minimumMatches >= geometry.minimumPoints, clipIterations >= 0, clipSigma > 0 else {
            throw .invalidParameters("minimum matches, clip iterations and sigma out of range")
        }
    }
}
