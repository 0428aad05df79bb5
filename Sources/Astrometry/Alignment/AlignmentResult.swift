import WCS

/// What aligning one exposure found: the one fit of the focal plane and, per detector, the
/// correction in its own tangent plane and the corrected WCS.
public struct AlignmentResult: Sendable {
    /// The fit, mapping the sources' positions through their WCSs onto the reference positions,
    /// in `plane` (arcsec).
    public var fit: LinearFit
    /// The common tangent plane of the fit (at the mean of the detectors' centres).
    public var plane: TangentPlane
    /// Matched pairs over the focal plane (before clipping; `fit.used` after).
    public var matches: Int
    /// Sources with a sky position (inside their WCS's bounding box), and reference stars near
    /// the field.
    public var sources: Int
    public var references: Int
    /// The reference catalog's name and the epoch it was propagated to (Julian year; NaN when
    /// given positions directly).
    public var referenceName: String
    public var epoch: Double
    public var detectors: [DetectorAlignment]

    /// The name romancal gives a tweakreg-corrected WCS: `FIT-LVL2-<reference catalog>`.
    public static func wcsName(reference: String) -> String { "FIT-LVL2-" + reference }
}

/// One detector's share of an alignment.
public struct DetectorAlignment: Sendable {
    public var name: String
    /// Its matched pairs (before clipping) and those the final fit used.
    public var matches: Int
    public var used: Int
    /// RMS residual of its used pairs after the fit, arcsec (NaN without pairs).
    public var rms: Double
    /// The tangent-plane correction now in its WCS (combined with any earlier one).
    public var correction: TangentPlaneCorrection
    /// The corrected WCS.
    public var wcs: GWCS
    /// Largest departure of the focal-plane correction from its affine form over the detector,
    /// arcsec (microarcseconds in practice).
    public var linearityError: Double
}
