extension GWCS {
    /// The Roman WFI L2 WCS as romancal's `assign_wcs` (`load_wcs`) builds it:
    ///
    ///     detector (Frame2D, pixel) --distortion--> v2v3 (Frame2D, arcsec)
    ///       --DVA correction--> v2v3vacorr (Frame2D, arcsec) --v23tosky--> world (ICRS, deg)
    ///
    /// - Parameters:
    ///   - distortion: the DISTORTION reference file's `coordinate_distortion_transform`,
    ///     pixel (x, y) -> (V2, V3) arcsec; renamed inputs (x, y), outputs (v2, v3).
    ///   - v2Ref, v3Ref: `meta.wcsinfo.v2_ref`, `v3_ref`, arcsec.
    ///   - raRef, decRef, rollRef: `meta.wcsinfo.ra_ref`, `dec_ref`, `roll_ref`, degrees.
    ///   - velocityAberrationScale: `meta.velocity_aberration.scale_factor` (nil or 1: none).
    ///   - boundingBox: used when the distortion has none (romancal: `wcs_bbox_from_shape` of
    ///     the science array, see `boundingBox(shape:)`); x interval first.
    public static func romanImage(distortion: Transform, v2Ref: Double, v3Ref: Double, raRef: Double, decRef: Double,
                                  rollRef: Double, velocityAberrationScale: Double?,
                                  boundingBox: [ClosedRange<Double>]) throws(GWCSError) -> GWCS {
        guard distortion.inputCount == 2, distortion.outputCount == 2 else {
            throw .malformed(path: "distortion", reason: "expected a 2 -> 2 transform, got \(distortion.inputCount) -> \(distortion.outputCount)")
        }
        var detectorToV2V3 = distortion
        detectorToV2V3.inputNames = ["x", "y"]
        detectorToV2V3.outputNames = ["v2", "v3"]
        if detectorToV2V3.boundingBox == nil {
            do { detectorToV2V3 = try detectorToV2V3.withBoundingBox(boundingBox) } catch { throw .transform(error) }
        }
        var dva = velocityAberrationCorrection(scale: velocityAberrationScale, v2Ref: v2Ref, v3Ref: v3Ref)
        dva.inputNames = ["v2", "v3"]
        dva.outputNames = ["v2", "v3"]
        var sky = v23ToSky(v2Ref: v2Ref, v3Ref: v3Ref, raRef: raRef, decRef: decRef, rollRef: rollRef)
        sky.inputNames = ["v2", "v3"]
        sky.outputNames = ["ra", "dec"]
        return try GWCS(steps: [
            Step(.frame2D("detector", unit: "pixel"), detectorToV2V3),
            Step(.frame2D("v2v3", axesNames: ["v2", "v3"], unit: "arcsec"), dva),
            Step(.frame2D("v2v3vacorr", axesNames: ["v2", "v3"], unit: "arcsec"), sky),
            Step(.icrs("world"), nil),
        ])
    }

    /// stcal `wcs_bbox_from_shape`: for a (rows, columns) array, x in [−0.5, columns − 0.5] and
    /// y in [−0.5, rows − 0.5], pixels.
    public static func boundingBox(shape: [Int]) -> [ClosedRange<Double>] {
        let rows = shape.count >= 2 ? shape[shape.count - 2] : 1
        let columns = shape.last ?? 1
        return [-0.5...(Double(columns) - 0.5), -0.5...(Double(rows) - 0.5)]
    }

    /// romancal `_dva_corr_model`: (v2, v3) arcsec -> s·(v2, v3) + (1 − s)·(v2Ref, v3Ref).
    /// `Identity(2)` when `scale` is nil or 1; a non-positive scale is taken as 1 (still
    /// written as scales); no shift when both references are 0 (or nil).
    public static func velocityAberrationCorrection(scale: Double?, v2Ref: Double?, v3Ref: Double?) -> Transform {
        guard var s = scale, s != 1 else { return .identity(2) }
        if s <= 0 { s = 1 }
        let scales = Transform.scale(s).named("dva_scale_v2") & Transform.scale(s).named("dva_scale_v3")
        let (v2, v3) = (v2Ref ?? 0, v3Ref ?? 0)
        if v2 == 0 && v3 == 0 { return scales }
        let shifts = Transform.shift((1 - s) * v2).named("dva_v2_shift") & Transform.shift((1 - s) * v3).named("dva_v3_shift")
        return (scales | shifts).named("DVA_Correction")
    }

    /// romancal `v23tosky`: (v2, v3) arcsec -> (RA, Dec) deg,
    /// `(Scale(1/3600) & Scale(1/3600)) | SphericalToCartesian(wrap_lon_at=180)
    ///  | RotationSequence3D([v2Ref/3600, −v3Ref/3600, rollRef, decRef, −raRef], "zyxyz")
    ///  | CartesianToSpherical(wrap_lon_at=360)`, named `v23tosky` (the same rotation as
    /// `Attitude`).
    public static func v23ToSky(v2Ref: Double, v3Ref: Double, raRef: Double, decRef: Double, rollRef: Double) -> Transform {
        let angles = [v2Ref / 3600, -v3Ref / 3600, rollRef, decRef, -raRef]
        let rotation = Transform(.rotationSequence(RotationSequence3D(checkedAngles: angles, axesOrder: "zyxyz")))
        let model = (Transform.scale(1 / 3600) & Transform.scale(1 / 3600))
            | Transform(.sphericalToCartesian(wrapLonAt: 180)) | rotation | Transform(.cartesianToSpherical(wrapLonAt: 360))
        return model.named("v23tosky")
    }
}

extension RotationSequence3D {
    /// A sequence whose axes and angle count are known to be valid.
    init(checkedAngles angles: [Double], axesOrder: String) {
        self.angles = angles
        self.axesOrder = axesOrder
        spherical = false
    }
}

extension GWCS {
    /// The WCS of the L1 array of an L2 WCS (roman_datamodels `WfiWcsModel.from_model_with_wcs`,
    /// the `wcs_l1` of the `_wcs.asdf` supplement): `Shift(−border) & Shift(−border)` before the
    /// first transform, and the bounding box's upper edges moved out by 2·border (the lower edges
    /// are kept, as roman_datamodels does).
    public func level1(border: Int = 4) throws(GWCSError) -> GWCS {
        guard let first = steps.first?.transform, first.inputCount == 2 else {
            throw .malformed(path: "steps/0/transform", reason: "expected a 2-input detector transform")
        }
        var shifted = (Transform.shift(-Double(border)) & Transform.shift(-Double(border))) | first
        if let box = first.boundingBox {
            let grown = box.map { $0.lowerBound...($0.upperBound + 2 * Double(border)) }
            do { shifted = try shifted.withBoundingBox(grown) } catch { throw .transform(error) }
        }
        var out = steps
        out[0].transform = shifted
        return try GWCS(name: name, steps: out, pixelShape: pixelShape)
    }
}
