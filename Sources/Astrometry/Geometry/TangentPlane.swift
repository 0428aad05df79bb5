import Foundation

/// The gnomonic (standard-coordinate) plane tangent to the sky at a point: ξ towards east, η
/// towards north, in arcseconds (Calabretta & Greisen 2002 TAN projection with the native pole at
/// the tangent point; the plane of Gaia/HST astrometric fits). Great circles map to straight
/// lines, so a rotation of the sky about the tangent point is a rotation of the plane.
public struct TangentPlane: Sendable, Equatable {
    /// The tangent point, ICRS degrees.
    public let centre: SkyPosition
    private let east: SIMD3<Double>, north: SIMD3<Double>, axis: SIMD3<Double>
    static let arcsec = 180 * 3600 / Double.pi

    public init(centre: SkyPosition) {
        self.centre = centre
        let (a, d) = (centre.ra * .pi / 180, centre.dec * .pi / 180)
        east = SIMD3(-sin(a), cos(a), 0)
        north = SIMD3(-sin(d) * cos(a), -sin(d) * sin(a), cos(d))
        axis = SIMD3(cos(d) * cos(a), cos(d) * sin(a), sin(d))
    }

    /// The plane tangent at the mean direction of `points` (their normalised vector sum).
    public init?(meanOf points: [SkyPosition]) {
        var sum = SIMD3<Double>(repeating: 0)
        for p in points where p.ra.isFinite && p.dec.isFinite { sum += Self.unit(p) }
        guard (sum * sum).sum() > 0 else { return nil }
        self.init(centre: Self.position(of: sum))
    }

    /// (ξ, η) arcsec of a sky position; NaN on or beyond the plane's horizon.
    public func project(_ p: SkyPosition) -> SIMD2<Double> {
        let u = Self.unit(p)
        let along = (u * axis).sum()
        guard along > 0 else { return SIMD2(.nan, .nan) }
        return SIMD2((u * east).sum(), (u * north).sum()) / along * Self.arcsec
    }

    /// The sky position of (ξ, η) arcsec.
    public func deproject(_ q: SIMD2<Double>) -> SkyPosition {
        Self.position(of: axis + east * (q.x / Self.arcsec) + north * (q.y / Self.arcsec))
    }

    /// The direction of a vector (any length): RA in [0, 360), Dec from atan2 (accurate at the
    /// poles, where asin is not).
    static func position(of v: SIMD3<Double>) -> SkyPosition {
        var ra = atan2(v.y, v.x) * 180 / .pi
        if ra < 0 { ra += 360 }
        return SkyPosition(ra: ra, dec: atan2(v.z, (v.x * v.x + v.y * v.y).squareRoot()) * 180 / .pi)
    }

    static func unit(_ p: SkyPosition) -> SIMD3<Double> {
        let (a, d) = (p.ra * .pi / 180, p.dec * .pi / 180)
        return SIMD3(cos(d) * cos(a), cos(d) * sin(a), sin(d))
    }
}
