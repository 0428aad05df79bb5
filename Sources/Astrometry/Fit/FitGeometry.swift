/// Which linear corrections a fit may use (tweakwcs `fitgeom` names).
public enum FitGeometry: String, Sendable, CaseIterable {
    /// A shift only (2 parameters).
    case shift
    /// Shift and rotation (3 parameters): a pointing and roll error.
    case rshift
    /// Shift, rotation and one scale (4 parameters): also a plate-scale change (for example an
    /// unmodelled velocity aberration).
    case rscale

    /// The fewest point pairs that determine the parameters.
    public var minimumPoints: Int { self == .shift ? 1 : 2 }
}
