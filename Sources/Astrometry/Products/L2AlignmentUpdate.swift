import ASDF
import WCS
import WFI

/// Writing an alignment into L2 products as romancal's tweakreg step does: on success the
/// corrected WCS replaces `meta.wcs`, `meta.wcsinfo.s_region` follows it, `meta.wcs_fit_results`
/// records the fit and `meta.cal_step.tweakreg` is `COMPLETE`; on failure the WCS is left as it
/// was, `cal_step.tweakreg` is `FAILED` and `wcs_fit_results` says why.
public enum L2AlignmentUpdate {
    /// The model with `detector`'s alignment from `result`.
    public static func applying(_ detector: DetectorAlignment, of result: AlignmentResult,
                                to model: RomanDataModel) -> RomanDataModel {
        var model = model
        model.set("meta/wcs", detector.wcs.node)
        if let region = detector.wcs.sRegion { model.set("meta/wcsinfo/s_region", .string(region)) }
        model.set("meta/wcs_fit_results", FitResults.node(result, detector: detector))
        model.set("meta/cal_step/tweakreg", "COMPLETE")
        return model
    }

    /// The model flagged as not aligned; its WCS untouched.
    public static func markingFailed(_ model: RomanDataModel, matches: Int, detectors: Int, reason: String) -> RomanDataModel {
        var model = model
        model.set("meta/wcs_fit_results", FitResults.failure(matches: matches, detectors: detectors, reason: reason))
        model.set("meta/cal_step/tweakreg", "FAILED")
        return model
    }

    /// Rewrites the L2 file at `path` (atomically, validated) with its detector's alignment:
    /// the detector is the one whose name is `meta.instrument.detector`.
    public static func update(_ path: String, with result: AlignmentResult) throws(AlignmentUpdateError) {
        let model = try read(path)
        let name = model.meta("instrument/detector")?.stringValue ?? ""
        guard let detector = result.detectors.first(where: { $0.name == name }) else {
            throw .detectorNotAligned(file: path, detector: name)
        }
        try write(applying(detector, of: result, to: model), to: path)
    }

    /// Rewrites the L2 file at `path` flagged as not aligned (`error` says why).
    public static func markFailed(_ path: String, error: AlignmentError, detectors: Int) throws(AlignmentUpdateError) {
        var matches = 0
        if case .tooFewMatches(let found, _, _, _) = error { matches = found }
        try write(markingFailed(try read(path), matches: matches, detectors: detectors, reason: error.description), to: path)
    }

    static func read(_ path: String) throws(AlignmentUpdateError) -> RomanDataModel {
        do { return try RomanDataModel(contentsOf: path) } catch { throw .product(error) }
    }

    static func write(_ model: RomanDataModel, to path: String) throws(AlignmentUpdateError) {
        do { try model.write(to: path) } catch { throw .product(error) }
    }
}

/// Why an alignment could not be written into a product.
public enum AlignmentUpdateError: Error, Sendable, CustomStringConvertible {
    case product(ProductError)
    /// The file's detector is not among the aligned ones.
    case detectorNotAligned(file: String, detector: String)
    /// The product carries no WCS to put in a supplement.
    case noWCS(file: String)

    public var description: String {
        switch self {
        case .product(let error): error.description
        case .detectorNotAligned(let file, let detector): "\(file): detector '\(detector)' is not in the alignment"
        case .noWCS(let file): "\(file): no meta.wcs to write a WCS supplement from"
        }
    }
}
