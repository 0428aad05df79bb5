/// The geometry of one WFI detector from the SIAF: its distortion from 0-based pixels of the L2
/// 4088x4088 science array to telescope (V2, V3) arcsec, and back.
///
/// Pixel convention: romancal's assign_wcs input frame (`detector`, 0-based pixel centres of the
/// trimmed 4088x4088 array, edges at ±0.5). SIAF science pixels are 1-based, so
/// x_sci = x + 1 and the polynomial variable is dx = x_sci − XSciRef = x − (XSciRef − 1).
///
/// The ideal -> telescope step is pysiaf's default `method='planar_approximation'` (an affine
/// rotation and offset); this matches pysiaf `aperture.sci_to_tel` / `aperture.tel_to_sci`
/// called with default arguments. pysiaf's `'spherical'` method differs from it by up to a few
/// milliarcseconds at the detector corners (second order in the field angle).
public struct DetectorGeometry: Sendable {
    /// Detector number, 1...18.
    public let detector: Int
    public let aperture: SIAFAperture
    /// Science-array size in pixels (4088 for every WFI detector).
    public let size: Int

    public init(detector: Int) throws(FocalPlaneError) {
        self.detector = detector
        aperture = try RomanSIAF.detector(detector)
        size = Int(aperture.xSciSize ?? 4088)
        guard aperture.sci2IdlDeg > 0, aperture.xSciRef != nil, aperture.ySciRef != nil else {
            throw .noDistortion(aperture: aperture.name)
        }
    }

    /// Detector name in Roman metadata (`WFI01`).
    public var name: String { String(aperture.name.prefix(5)) }

    /// Pixel (x, y) 0-based -> ideal (X, Y) arcsec:
    /// `(Shift(1 − XSciRef) & Shift(1 − YSciRef)) | Mapping(0, 1, 0, 1) | (Sci2IdlX & Sci2IdlY)`.
    public var pixelToIdeal: Transform {
        let a = aperture
        return (Transform.shift(1 - a.xSciRef!) & Transform.shift(1 - a.ySciRef!))
            | Transform.mapping([0, 1, 0, 1])
            | (Transform.polynomial(SIAFAperture.polynomial(a.sci2IdlX, degree: a.sci2IdlDeg))
                & Transform.polynomial(SIAFAperture.polynomial(a.sci2IdlY, degree: a.sci2IdlDeg)))
    }

    /// Ideal (X, Y) arcsec -> pixel (x, y) 0-based:
    /// `Mapping(0, 1, 0, 1) | (Idl2SciX & Idl2SciY) | (Shift(XSciRef − 1) & Shift(YSciRef − 1))`.
    public var idealToPixel: Transform {
        let a = aperture
        return Transform.mapping([0, 1, 0, 1])
            | (Transform.polynomial(SIAFAperture.polynomial(a.idl2SciX, degree: a.sci2IdlDeg))
                & Transform.polynomial(SIAFAperture.polynomial(a.idl2SciY, degree: a.sci2IdlDeg)))
            | (Transform.shift(a.xSciRef! - 1) & Transform.shift(a.ySciRef! - 1))
    }

    /// The distortion, pixel (x, y) 0-based -> (V2, V3) arcsec, with the SIAF Idl2Sci inverse
    /// attached as its explicit inverse and the bounding box (−0.5, size − 0.5) on both axes:
    /// what a Roman `distortion` reference file holds as `coordinate_distortion_transform`.
    public var distortion: Transform {
        let forward = (pixelToIdeal | aperture.idealToTelescope).named("\(name)_distortion")
        let inverse = (aperture.telescopeToIdeal | idealToPixel).named("\(name)_distortion_inverse")
        let edge = Double(size) - 0.5
        // Arity is right by construction (2 -> 2 both ways).
        return (try? forward.withInverse(inverse).withBoundingBox([-0.5...edge, -0.5...edge])) ?? forward
    }

    /// (V2, V3) arcsec of 0-based pixel (x, y).
    public func v2v3(x: Double, y: Double) -> (v2: Double, v3: Double) {
        let out = (try? distortion.evaluate([x, y])) ?? [.nan, .nan]
        return (out[0], out[1])
    }

    /// 0-based pixel (x, y) of (V2, V3) arcsec through the SIAF Idl2Sci polynomials (the explicit
    /// inverse of `distortion`, what pysiaf `tel_to_sci` computes). The SIAF inverse polynomials
    /// undo Sci2Idl only to a few millipixels (pysiaf itself round-trips to 2.2 mpx on WFI01 and
    /// 5.6 mpx on WFI18 at worst); `exactPixel` removes that.
    public func pixel(v2: Double, v3: Double) -> (x: Double, y: Double) {
        let out = (try? distortion.inverse.evaluate([v2, v3])) ?? [.nan, .nan]
        return (out[0], out[1])
    }

    /// 0-based pixel (x, y) of (V2, V3) arcsec that the forward distortion maps exactly onto
    /// (V2, V3): `pixel(v2:v3:)` refined by Newton iterations on the forward polynomials
    /// (Jacobian by central differences over ±0.5 pixel; converges to ~1e-10 pixel in 2-3 steps).
    public func exactPixel(v2: Double, v3: Double) -> (x: Double, y: Double) {
        var (x, y) = pixel(v2: v2, v3: v3)
        let forward = distortion
        func at(_ x: Double, _ y: Double) -> [Double] { (try? forward.evaluate([x, y])) ?? [.nan, .nan] }
        for _ in 0..<8 {
            let f = at(x, y)
            let (r2, r3) = (v2 - f[0], v3 - f[1])
            let h = 0.5
            let px = at(x + h, y), mx = at(x - h, y), py = at(x, y + h), my = at(x, y - h)
            let (a, b) = ((px[0] - mx[0]) / (2 * h), (py[0] - my[0]) / (2 * h))
            let (c, d) = ((px[1] - mx[1]) / (2 * h), (py[1] - my[1]) / (2 * h))
            let det = a * d - b * c
            guard det != 0, det.isFinite else { break }
            let (dx, dy) = ((d * r2 - b * r3) / det, (a * r3 - c * r2) / det)
            x += dx
            y += dy
            if abs(dx) + abs(dy) < 1e-12 { break }
        }
        return (x, y)
    }
}
