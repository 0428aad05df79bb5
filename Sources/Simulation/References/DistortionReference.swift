import ASDF
import WCS
import WFI

/// The Roman `distortion` reference file (rad `reference_files/distortion-2.0.0`) of one WFI
/// detector, built from the SIAF (pysiaf 0.29.0 Roman SIAF, see `RomanSIAF`).
///
/// `coordinate_distortion_transform` is `DetectorGeometry.distortion`: 0-based pixel (x, y) of
/// the L2 4088x4088 array -> (V2, V3) arcsec, the input frame romancal's assign_wcs expects
/// (`detector` frame, bounding box (−0.5, 4087.5) per axis), with the SIAF Idl2Sci polynomials as
/// its explicit inverse:
/// `(Shift & Shift) | Mapping(0, 1, 0, 1) | (Polynomial2D(5) & Polynomial2D(5)) | AffineTransformation2D`.
public enum DistortionReference {
    /// The reference model of detector `detector` (1...18), valid from `useAfter` (ISO time,
    /// `2020-01-01T00:00:00.000`), for `opticalElement` (the SIAF geometry does not depend on
    /// it; CRDS selects distortion files by filter). Schema-valid against rad; `meta.input_units` = pixel and
    /// `meta.output_units` = arcsec as in CRDS distortion files.
    ///
    /// A `scienceSize` below 4088 describes a simulated detector that is the central part of the
    /// real one (`DetectorProjection`): the transform then starts with the shift of its origin.
    public static func make(detector: Int, useAfter: String = "2020-01-01T00:00:00.000",
                            opticalElement: String = "F158", scienceSize: Int = 4088) throws -> RomanDataModel {
        let geometry = try DetectorGeometry(detector: detector)
        var model = try ModelFactory.make(.distortionReference)
        model.set("coordinate_distortion_transform", try transform(geometry, scienceSize: scienceSize).node)
        model.set("meta/instrument/name", "WFI")
        model.set("meta/instrument/detector", .string(geometry.name))
        model.set("meta/instrument/optical_element", .string(opticalElement))
        model.set("meta/useafter", Time(isot: useAfter).node)
        model.set("meta/author", "roman-wfi simulator")
        model.set("meta/description", .string("Distortion of \(geometry.name) from the Roman SIAF (pysiaf \(RomanSIAF.pysiafVersion), planar ideal-to-V2V3)"))
        model.set("meta/pedigree", "SIMULATION")
        model.set("meta/origin", "STSCI")
        model.set("meta/input_units", .tagged(Tag.unit, "pixel"))
        model.set("meta/output_units", .tagged(Tag.unit, "arcsec"))
        return model
    }

    /// The distortion of the central `scienceSize` pixels of the detector.
    static func transform(_ geometry: DetectorGeometry, scienceSize: Int) throws -> Transform {
        let full = geometry.distortion
        guard scienceSize < geometry.size else { return full }
        let origin = Double(geometry.size - scienceSize) / 2
        var inner = full
        inner.boundingBox = nil
        let forward = (Transform.shift(origin) & Transform.shift(origin)) | inner
        let inverse = try full.inverse | (Transform.shift(-origin) & Transform.shift(-origin))
        let edge = Double(scienceSize) - 0.5
        return try forward.named(geometry.name + "_distortion").withInverse(inverse).withBoundingBox([-0.5...edge, -0.5...edge])
    }
}
