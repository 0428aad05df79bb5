import Foundation

/// The telescope pointing: the rotation between the telescope frame (V2, V3) and the sky (RA,
/// Dec, ICRS), in the JWST/Roman convention romancal's assign_wcs uses (`v23tosky`):
///
///     (V2, V3)/3600 | SphericalToCartesian | RotationSequence3D([v2_ref/3600, −v3_ref/3600,
///         roll_ref, dec_ref, −ra_ref], axes_order="zyxyz") | CartesianToSpherical(wrap 360)
///
/// The rotation matrix is M = Rz(−ra_ref)·Ry(dec_ref)·Rx(roll_ref)·Ry(−v3_ref)·Rz(v2_ref), each
/// R a rotation of the frame (astropy `coordinates.matrix_utilities.rotation_matrix`:
/// Rz(a) = [[c, s, 0], [−s, c, 0], [0, 0, 1]]), applied to the unit vector
/// (cos V3 cos V2, cos V3 sin V2, sin V3); so (v2_ref, v3_ref) lands exactly on (ra_ref, dec_ref).
///
/// `rollRef` is the roll angle of that sequence: the position angle (east of north) of the +V3
/// direction *at V1* of the frame rotated so that the reference point sits on V1 — equal to
/// PA_V3 (`meta.pointing.pa_v3`, the PA of V3 at V1) only when v2_ref = v3_ref = 0. It is what
/// romancal stores as `meta.wcsinfo.roll_ref` (JWST `compute_roll_ref`).
public struct Attitude: Sendable, Equatable {
    /// Reference point in the telescope frame, arcsec.
    public let v2Ref: Double
    public let v3Ref: Double
    /// Sky position of the reference point, degrees.
    public let raRef: Double
    public let decRef: Double
    /// Roll of the rotation sequence, degrees.
    public let rollRef: Double
    /// The 3x3 rotation, telescope unit vector -> ICRS unit vector (row-major).
    public let matrix: [[Double]]

    /// The pointing with (v2Ref, v3Ref) arcsec at (raRef, decRef) deg and roll rollRef deg.
    public init(v2Ref: Double, v3Ref: Double, raRef: Double, decRef: Double, rollRef: Double) {
        self.v2Ref = v2Ref
        self.v3Ref = v3Ref
        self.raRef = raRef
        self.decRef = decRef
        self.rollRef = rollRef
        matrix = Self.sequence([(v2Ref / 3600, 2), (-v3Ref / 3600, 1), (rollRef, 0), (decRef, 1), (-raRef, 2)])
    }

    /// The pointing that puts the V1 axis at (raV1, decV1) deg with V3 at position angle paV3 deg
    /// (east of north) there: `meta.pointing.ra_v1`, `dec_v1`, `pa_v3`.
    public init(raV1: Double, decV1: Double, paV3: Double) {
        self.init(v2Ref: 0, v3Ref: 0, raRef: raV1, decRef: decV1, rollRef: paV3)
    }

    /// The pointing that puts the telescope point (v2, v3) arcsec (for example WFI_CEN's V2Ref,
    /// V3Ref, or a detector's) at (ra, dec) deg, with PA_V3 (position angle of V3 at V1, east of
    /// north) paV3 deg. Turning the roll about the reference point moves V1 on a circle around
    /// it; the roll is the root of PA_V3(roll) − paV3, bracketed on a 0.5° grid and bisected to
    /// machine precision; if several, the one closest to paV3. When that circle encloses a
    /// celestial pole, turning the roll also turns north at V1 and PA_V3 hardly changes (the
    /// request is degenerate): the roll that brings PA_V3 closest to paV3 is taken.
    public init(v2: Double, v3: Double, ra: Double, dec: Double, paV3: Double) {
        func residual(_ roll: Double) -> Double {
            Self.wrap180(Attitude(v2Ref: v2, v3Ref: v3, raRef: ra, decRef: dec, rollRef: roll).paV3 - paV3)
        }
        var best = paV3
        var bestDistance = Double.infinity
        var lo = paV3 - 180, fLo = residual(lo)
        var closest = (roll: lo, residual: abs(fLo))
        for k in 1...720 {
            let hi = paV3 - 180 + 0.5 * Double(k), fHi = residual(hi)
            if abs(fHi) < closest.residual { closest = (hi, abs(fHi)) }
            // A sign change that is not the ±180° wrap of the residual.
            if fLo * fHi <= 0, abs(fLo - fHi) < 90 {
                var (a, b, fa) = (lo, hi, fLo)
                for _ in 0..<80 {
                    let m = 0.5 * (a + b), fm = residual(m)
                    if fa * fm <= 0 { b = m } else { (a, fa) = (m, fm) }
                }
                let root = 0.5 * (a + b)
                let distance = abs(Self.wrap180(root - paV3))
                if distance < bestDistance { (best, bestDistance) = (root, distance) }
            }
            (lo, fLo) = (hi, fHi)
        }
        if bestDistance == .infinity { best = closest.roll }
        self.init(v2Ref: v2, v3Ref: v3, raRef: ra, decRef: dec, rollRef: Self.wrap360(best))
    }

    /// This pointing with its reference point moved on the sky by `east` and `north` arcsec
    /// (ΔRA = east / cos Dec) and the roll about it increased by `roll` arcsec: what a pointing
    /// error of that size makes of the attitude (simulated pointing errors, alignment tests).
    public func offset(eastArcsec east: Double, northArcsec north: Double, rollArcsec roll: Double) -> Attitude {
        Attitude(v2Ref: v2Ref, v3Ref: v3Ref, raRef: Self.wrap360(raRef + east / 3600 / cos(decRef * .pi / 180)),
                 decRef: decRef + north / 3600, rollRef: Self.wrap360(rollRef + roll / 3600))
    }

    /// (RA, Dec) deg of telescope (V2, V3) arcsec; RA in [0, 360).
    public func sky(v2: Double, v3: Double) -> (ra: Double, dec: Double) {
        let u = Self.unit(lon: v2 / 3600, lat: v3 / 3600)
        let (lon, lat) = Self.angles(Self.multiply(matrix, u))
        return (Self.wrap360(lon), lat)
    }

    /// Telescope (V2, V3) arcsec of (RA, Dec) deg; V2 in (−648000, 648000].
    public func telescope(ra: Double, dec: Double) -> (v2: Double, v3: Double) {
        let u = Self.unit(lon: ra, lat: dec)
        let transposed = (0..<3).map { r in (0..<3).map { c in matrix[c][r] } }
        let (lon, lat) = Self.angles(Self.multiply(transposed, u))
        return (Self.wrap180(lon) * 3600, lat * 3600)
    }

    /// Sky position of V1 (V2 = V3 = 0), degrees.
    public var v1: (ra: Double, dec: Double) { sky(v2: 0, v3: 0) }

    /// Position angle of V3 at V1, degrees in [0, 360) (`meta.pointing.pa_v3`).
    public var paV3: Double { reference(v2: 0, v3: 0).rollRef }

    /// The same pointing expressed at another telescope point (v2, v3) arcsec: its (raRef,
    /// decRef) and the rollRef that reproduces the same rotation matrix, so that every detector's
    /// `meta.wcsinfo` describes one consistent focal plane.
    public func reference(v2: Double, v3: Double) -> Attitude {
        let (ra, dec) = sky(v2: v2, v3: v3)
        // Rx(roll) = Ry(−dec)·Rz(ra)·M·Rz(−v2)·Ry(v3); Rx(a)[1] = [0, cos a, sin a].
        let left = Self.sequence([(ra, 2), (-dec, 1)])
        let right = Self.sequence([(v3 / 3600, 1), (-v2 / 3600, 2)])
        let a = Self.product(Self.product(left, matrix), right)
        let roll = atan2(a[1][2], a[1][1]) * 180 / .pi
        return Attitude(v2Ref: v2, v3Ref: v3, raRef: ra, decRef: dec, rollRef: Self.wrap360(roll))
    }

    /// The pointing at detector `n`'s SIAF reference point (V2Ref, V3Ref of `WFInn_FULL`).
    public func reference(detector n: Int) throws(FocalPlaneError) -> Attitude {
        let a = try RomanSIAF.detector(n)
        return reference(v2: a.v2Ref, v3: a.v3Ref)
    }

    // MARK: Rotation algebra (astropy conventions)

    /// R_kn(an)···R_k1(a1) for (angle deg, axis 0=x 1=y 2=z) in application order
    /// (astropy `rotations._create_matrix`).
    static func sequence(_ steps: [(Double, Int)]) -> [[Double]] {
        var m: [[Double]] = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
        for (angle, axis) in steps { m = product(rotation(angle, axis: axis), m) }
        return m
    }

    /// astropy `rotation_matrix(angle, axis)`: a rotation of the frame by `angle` degrees.
    static func rotation(_ angle: Double, axis: Int) -> [[Double]] {
        let a = angle * .pi / 180
        let (c, s) = (cos(a), sin(a))
        switch axis {
        case 0: return [[1, 0, 0], [0, c, s], [0, -s, c]]
        case 1: return [[c, 0, -s], [0, 1, 0], [s, 0, c]]
        default: return [[c, s, 0], [-s, c, 0], [0, 0, 1]]
        }
    }

    static func product(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
        var out: [[Double]] = Array(repeating: [0, 0, 0], count: 3)
        for r in 0..<3 {
            for c in 0..<3 {
                var sum = 0.0
                for k in 0..<3 { sum += a[r][k] * b[k][c] }
                out[r][c] = sum
            }
        }
        return out
    }

    static func multiply(_ m: [[Double]], _ v: [Double]) -> [Double] {
        (0..<3).map { (r: Int) -> Double in
            let row = m[r]
            return row[0] * v[0] + row[1] * v[1] + row[2] * v[2]
        }
    }

    /// gwcs `SphericalToCartesian`: (cos lat cos lon, cos lat sin lon, sin lat), degrees in.
    static func unit(lon: Double, lat: Double) -> [Double] {
        let (l, b) = (lon * .pi / 180, lat * .pi / 180)
        return [cos(b) * cos(l), cos(b) * sin(l), sin(b)]
    }

    /// gwcs `CartesianToSpherical`: lon = atan2(y, x), lat = atan2(z, hypot(x, y)), degrees.
    static func angles(_ v: [Double]) -> (lon: Double, lat: Double) {
        let h = hypot(v[0], v[1])
        let lon = h == 0 ? 0 : atan2(v[1], v[0]) * 180 / .pi
        return (lon, atan2(v[2], h) * 180 / .pi)
    }

    static func wrap360(_ x: Double) -> Double {
        let r = x.truncatingRemainder(dividingBy: 360)
        return r < 0 ? r + 360 : r
    }

    static func wrap180(_ x: Double) -> Double {
        let r = wrap360(x + 180) - 180
        return r
    }
}
