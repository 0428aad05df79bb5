import Foundation

/// The astrometric correction romancal's tweakreg inserts into an L2 WCS: tweakwcs 0.9.3's
/// V2V3 tangent-plane correction (`correctors.py`, `ST_V2V3_WCSCorrector._tpcorr_init`, class
/// `RomanWCSCorrector`), reproduced model for model and name for name so that gwcs evaluates it
/// and tweakwcs recognises (and can refine) it:
///
///     (V2, V3) arcsec --Scale(1/3600)²--> deg --SphericalToCartesian--> unit vector
///       --RotationSequence3D([v2Ref/3600, −v3Ref/3600, rollRef], "zyx")--> (x, y, z)
///       --(y/x, z/x)--> tangent plane (radians) --tp_affine--> --(1, x, y)--> back the same way
///
/// The rotation puts the reference point on the x axis with the roll of `meta.wcsinfo`, so for
/// the romancal WCS the tangent plane is the standard (east, north) plane at (ra_ref, dec_ref).
/// The correction lives between the `v2v3vacorr` frame (or `v2v3`) and a new frame `v2v3corr`.
public struct TangentPlaneCorrection: Sendable, Equatable {
    /// tweakwcs `RomanWCSCorrector.corrector_name`: the transform's name, which tweakwcs checks.
    public static let romanName = "Roman V2-V3 tangent-plane linear correction. v1"
    /// The frame the corrected (V2, V3) are in.
    public static let frameName = "v2v3corr"

    /// The reference point and roll of the tangent plane (`meta.wcsinfo` v2_ref, v3_ref arcsec,
    /// roll_ref degrees).
    public var v2Ref: Double
    public var v3Ref: Double
    public var rollRef: Double
    /// `tp_affine`: q' = matrix·q + translation on tangent-plane coordinates q in radians.
    public var matrix: [[Double]]
    public var translation: [Double]
    /// The transform's name (tweakwcs: `corrector_name`).
    public var name: String

    public init(v2Ref: Double, v3Ref: Double, rollRef: Double, matrix: [[Double]] = [[1, 0], [0, 1]],
                translation: [Double] = [0, 0], name: String = TangentPlaneCorrection.romanName) {
        self.v2Ref = v2Ref
        self.v3Ref = v3Ref
        self.rollRef = rollRef
        self.matrix = matrix
        self.translation = translation
        self.name = name
    }

    /// Reads a correction transform written by tweakwcs (or by `transform`): the angles of its
    /// `det_to_optic_axis` rotation and the matrix and translation of `tp_affine`.
    public init(transform: Transform) throws(GWCSError) {
        guard case .rotationSequence(let rotation)? = transform.first(named: "det_to_optic_axis")?.kind,
              rotation.axesOrder == "zyx", rotation.angles.count == 3 else {
            throw .malformed(path: "v2v3corr", reason: "no 'det_to_optic_axis' zyx rotation: not a tweakwcs tangent-plane correction")
        }
        guard case .affine(let matrix, let translation)? = transform.first(named: "tp_affine")?.kind else {
            throw .malformed(path: "v2v3corr", reason: "no 'tp_affine' affine transformation: not a tweakwcs tangent-plane correction")
        }
        self.init(v2Ref: rotation.angles[0] * 3600, v3Ref: -rotation.angles[1] * 3600, rollRef: rotation.angles[2],
                  matrix: matrix, translation: translation, name: transform.name ?? Self.romanName)
    }

    /// This correction followed by q' = m·q + shift in the same tangent plane, `shift` in
    /// arcsec (tweakwcs `set_correction` then `_tpcorr_combine_affines`).
    public func followed(by m: [[Double]], shiftArcsec shift: [Double]) -> TangentPlaneCorrection {
        let arcsec = Double.pi / (180 * 3600)
        var copy = self
        copy.matrix = Self.product(m, matrix)
        copy.translation = (0..<2).map { r in m[r][0] * translation[0] + m[r][1] * translation[1] + shift[r] * arcsec }
        return copy
    }

    /// The rotation from the (V2, V3) unit vector to the frame whose x axis is the reference
    /// point (`det_to_optic_axis`).
    public var rotation: RotationSequence3D {
        RotationSequence3D(checkedAngles: [v2Ref / 3600, -v3Ref / 3600, rollRef], axesOrder: "zyx")
    }

    /// Tangent-plane coordinates (radians) of (V2, V3) arcsec, before the affine.
    public func tangentPlane(v2: Double, v3: Double) -> (Double, Double) {
        let u = RotationSequence3D.multiply(rotation.matrix, SphericalCartesian.toCartesian(lon: v2 / 3600, lat: v3 / 3600))
        return (u[1] / u[0], u[2] / u[0])
    }

    /// (V2, V3) arcsec of tangent-plane coordinates (radians), the inverse of `tangentPlane`.
    public func v2v3(tangentPlane q: (Double, Double)) -> (v2: Double, v3: Double) {
        let back = RotationSequence3D.multiply(rotation.inverse.matrix, [1, q.0, q.1])
        let lonLat = SphericalCartesian.toSpherical(back, wrapLonAt: 180)
        return (lonLat[0] * 3600, lonLat[1] * 3600)
    }

    /// The transform tweakwcs builds, with its explicit inverse (the same chain with
    /// `tp_affine_inv`): what goes into the WCS.
    public var transform: Transform {
        let det = matrix[0][0] * matrix[1][1] - matrix[0][1] * matrix[1][0]
        let inverseMatrix = [[matrix[1][1] / det, -matrix[0][1] / det], [-matrix[1][0] / det, matrix[0][0] / det]]
        let inverseTranslation = (0..<2).map { r in -(inverseMatrix[r][0] * translation[0] + inverseMatrix[r][1] * translation[1]) }
        let forward = chain(Transform.affine(matrix: matrix, translation: translation).named("tp_affine")).named(name)
        let inverse = chain(Transform.affine(matrix: inverseMatrix, translation: inverseTranslation).named("tp_affine_inv"))
            .named("Inverse " + name)
        var out = forward
        out.explicitInverse = inverse
        return out
    }

    /// unit_conv | s2c | rot | c2tan | affine | tan2c | rot_inv | c2s | unit_conv_inv.
    private func chain(_ affine: Transform) -> Transform {
        let toDegrees = (Transform.scale(1 / 3600).named("arcsec_to_deg_1D") & Transform.scale(1 / 3600).named("arcsec_to_deg_1D"))
            .named("arcsec_to_deg_2D")
        let toArcsec = (Transform.scale(3600).named("deg_to_arcsec_1D") & Transform.scale(3600).named("deg_to_arcsec_1D"))
            .named("deg_to_arcsec_2D")
        let s2c = Transform(.sphericalToCartesian(wrapLonAt: 180)).named("s2c")
        let c2s = Transform(.cartesianToSpherical(wrapLonAt: 180)).named("c2s")
        let rot = Transform(.rotationSequence(rotation)).named("det_to_optic_axis")
        let rotInverse = Transform(.rotationSequence(rotation.inverse)).named("optic_axis_to_det")
        let c2tan = ((Transform.mapping([0, 1, 2]).named("xyz") / Transform.mapping([0, 0, 0], inputs: 3).named("xxx"))
            | Transform.mapping([1, 2]).named("xtyt")).named("Cartesian 3D to TAN")
        let tan2c = (Transform.mapping([0, 0, 1], inputs: 2).named("xtyt2xyz")
            | (Transform.constant(1).named("one") & Transform.identity(2).named("I(2D)"))).named("TAN to cartesian 3D")
        return toDegrees | s2c | rot | c2tan | affine | tan2c | rotInverse | c2s | toArcsec
    }

    static func product(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
        (0..<2).map { r in (0..<2).map { c in a[r][0] * b[0][c] + a[r][1] * b[1][c] } }
    }
}

extension GWCS {
    /// The frame whose transform a tangent-plane correction follows: `v2v3vacorr` when present,
    /// else `v2v3` (tweakwcs `ST_V2V3_WCSCorrector`).
    public var correctionInputFrame: String? {
        let names = frames.map(\.name)
        return names.contains("v2v3vacorr") ? "v2v3vacorr" : names.contains("v2v3") ? "v2v3" : nil
    }

    /// The tangent-plane correction in this WCS (the transform into `v2v3corr`), nil when none.
    public var tangentPlaneCorrection: TangentPlaneCorrection? {
        get throws(GWCSError) {
            guard let i = steps.firstIndex(where: { $0.frame.name == TangentPlaneCorrection.frameName }), i > 0,
                  let t = steps[i - 1].transform else { return nil }
            return try TangentPlaneCorrection(transform: t)
        }
    }

    /// This WCS with `correction` as its tangent-plane correction: replacing the transform into
    /// an existing `v2v3corr` frame, or inserting the frame `v2v3corr` (a copy of the corrected
    /// frame, renamed) after `v2v3vacorr`/`v2v3` as tweakwcs `set_correction` does. `name`
    /// replaces the WCS's name when given (romancal: `FIT-LVL2-<refcat>`).
    public func correcting(with correction: TangentPlaneCorrection, name: String? = nil) throws(GWCSError) -> GWCS {
        var steps = self.steps
        if let i = steps.firstIndex(where: { $0.frame.name == TangentPlaneCorrection.frameName }), i > 0 {
            steps[i - 1].transform = correction.transform
        } else {
            guard let input = correctionInputFrame, let i = steps.firstIndex(where: { $0.frame.name == input }),
                  i < steps.count - 1 else {
                throw .malformed(path: "steps", reason: "no 'v2v3' or 'v2v3vacorr' frame to correct after")
            }
            var corrected = steps[i].frame
            corrected.name = TangentPlaneCorrection.frameName
            let following = steps[i].transform
            steps[i].transform = correction.transform
            steps.insert(Step(corrected, following), at: i + 1)
        }
        return try GWCS(name: name ?? self.name, steps: steps, pixelShape: pixelShape)
    }
}
