import Astrometry
import Calibration
import Catalog

/// What processing one exposure made and how long each stage took.
public struct ProcessingReport: Sendable {
    public var exposure: String
    /// One entry per detector, in detector order.
    public var detectors: [DetectorOutcome]
    /// The alignment, when it ran and succeeded.
    public var alignment: AlignmentSummary?
    /// Why the alignment did not run or failed (the L2s are then flagged, their WCS untouched).
    public var alignmentProblem: String?
    /// `_wcs.asdf` supplements written.
    public var supplements: [String]
    /// Wall seconds of each stage, in order: detectors (calibration and catalogs, concurrent),
    /// alignment, updates.
    public var stages: [(stage: String, seconds: Double)]

    public var failures: Int { detectors.filter { $0.error != nil }.count }
}

/// One detector of a processed exposure.
public struct DetectorOutcome: Sendable {
    public var input: String
    public var calibration: ExposurePipeline.Summary?
    public var catalog: CatalogRun.Summary?
    /// Sources handed to the alignment.
    public var alignmentSources: Int
    /// What failed, if anything (the detector's later stages did not run).
    public var error: String?
}

/// The alignment's figures for the report.
public struct AlignmentSummary: Sendable {
    public var referenceCatalog: String
    public var epoch: Double
    public var matches: Int
    public var used: Int
    /// RMS of the fit residuals, milliarcseconds.
    public var rmsMilliarcsec: Double
    /// The correction: shift in the tangent plane (arcsec) and rotation (arcsec).
    public var shiftArcsec: (x: Double, y: Double)
    public var rotationArcsec: Double
}
