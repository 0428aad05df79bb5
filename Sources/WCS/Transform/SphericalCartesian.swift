import Foundation

/// gwcs `geometry.SphericalToCartesian` / `CartesianToSpherical` (gwcs 1.0.3,
/// `tag:stsci.edu:gwcs/spherical_cartesian-1.3.0`): unit-sphere conversions with angles in
/// degrees.
public enum SphericalCartesian {
    /// The two longitude ranges gwcs allows: 180 -> [−180, 180), 360 -> [0, 360).
    public static let allowedWraps = [180, 360]

    /// (cos lat cos lon, cos lat sin lon, sin lat) for (lon, lat) in degrees.
    public static func toCartesian(lon: Double, lat: Double) -> [Double] {
        let (l, b) = (lon * (Double.pi / 180), lat * (Double.pi / 180))
        let c = cos(b)
        return [c * cos(l), c * sin(l), sin(b)]
    }

    /// (lon, lat) in degrees of a cartesian (x, y, z): lat = atan2(z, hypot(x, y)),
    /// lon = atan2(y, x), 0 on the poles (hypot 0); with `wrapLonAt` 360, lon mod 360 (NumPy
    /// `np.mod` semantics), with 180 the `atan2` value in [−180, 180].
    public static func toSpherical(_ v: [Double], wrapLonAt: Int) -> [Double] {
        let h = hypot(v[0], v[1])
        let lat = atan2(v[2], h) * (180 / Double.pi)
        var lon = atan2(v[1], v[0]) * (180 / Double.pi)
        if h == 0 { lon *= 0 }
        if wrapLonAt != 180, lon.isFinite {
            var r = fmod(lon, 360)
            if r != 0, r < 0 { r += 360 } else if r == 0 { r = 0 }
            lon = r
        }
        return [lon, lat]
    }
}
