import ASDF

/// `meta.wcs_fit_results` as romancal's tweakreg writes it (`_serialize_wcs_fit_results` of
/// tweakwcs's `fit_info`: `status`, `fitgeom`, `matrix`, `shift`, `center`, `proper_rot`,
/// `proper`, `rot`, `<rot>`, `scale`, `<scale>`, `skew`, `rmse`, `mae`, `nmatches`,
/// `n_detector`; lengths in arcsec of the fit's tangent plane, angles in degrees), plus what
/// defines that plane and this detector's share: `tangent_point` [RA, Dec], `reference_catalog`,
/// `epoch` (Julian year), `detector_nmatches`, `detector_rms` (arcsec).
public enum FitResults {
    /// The record of a successful fit, for detector `detector` of the result.
    public static func node(_ result: AlignmentResult, detector: DetectorAlignment) -> Node {
        let fit = result.fit
        let rotation = fit.properRotation, scale = fit.scale
        var node = Node.map([:])
        node["status"] = "SUCCESS"
        node["fitgeom"] = .string(fit.geometry.rawValue)
        node["matrix"] = .sequence(fit.matrix.map { .sequence($0.map { .float($0) }) })
        node["shift"] = pair(fit.shift.x, fit.shift.y)
        node["center"] = pair(fit.center.x, fit.center.y)
        node["proper_rot"] = .float(rotation)
        node["proper"] = true
        node["rot"] = pair(rotation, rotation)
        node["<rot>"] = .float(rotation)
        node["scale"] = pair(scale, scale)
        node["<scale>"] = .float(scale)
        node["skew"] = .float(0)
        node["rmse"] = .float(fit.rmse)
        node["mae"] = .float(fit.mae)
        node["nmatches"] = .int(Int64(result.matches))
        node["n_detector"] = .int(Int64(result.detectors.count))
        node["tangent_point"] = pair(result.plane.centre.ra, result.plane.centre.dec)
        node["reference_catalog"] = .string(result.referenceName)
        if result.epoch.isFinite { node["epoch"] = .float(result.epoch) }
        node["detector_nmatches"] = .int(Int64(detector.matches))
        node["detector_rms"] = .float(detector.rms)
        return node
    }

    /// The record of a failed alignment (romancal: `status: FAILED`, `nmatches`, `n_detector`),
    /// with the reason.
    public static func failure(matches: Int, detectors: Int, reason: String) -> Node {
        .map(["status": "FAILED", "nmatches": .int(Int64(matches)), "n_detector": .int(Int64(detectors)), "reason": .string(reason)])
    }

    static func pair(_ a: Double, _ b: Double) -> Node { .sequence([.float(a), .float(b)]) }
}
