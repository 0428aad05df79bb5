import Foundation

/// astropy `RotationSequence3D(angles, axes_order)` (rotation_type `cartesian`: unit vector
/// (x, y, z) in and out) and `SphericalRotationSequence` (rotation_type `spherical`: (lon, lat)
/// degrees in and out), ASDF `rotate_sequence_3d-1.2.0`.
///
/// The matrix is M = R_kn(an)···R_k1(a1), the first angle applied first, each R a rotation of the
/// *frame* (astropy `coordinates.rotation_matrix`: Rz(a) = [[c, s, 0], [−s, c, 0], [0, 0, 1]]).
public struct RotationSequence3D: Sendable, Equatable {
    /// Rotation angles, degrees, in the order of `axesOrder`.
    public var angles: [Double]
    /// One of `x`, `y`, `z` per angle (`"zyxyz"` for the Roman V2V3 -> sky rotation).
    public var axesOrder: String
    /// Whether the model takes (lon, lat) degrees (`SphericalRotationSequence`) instead of
    /// cartesian (x, y, z).
    public var spherical: Bool

    /// Checks that every axis is `x`, `y` or `z` and that there is one angle per axis.
    public init(angles: [Double], axesOrder: String, spherical: Bool = false) throws(TransformError) {
        guard axesOrder.allSatisfy({ "xyz".contains($0) }) else {
            throw .invalidParameter("RotationSequence3D axes_order '\(axesOrder)': only x, y, z")
        }
        guard angles.count == axesOrder.count else {
            throw .invalidParameter("RotationSequence3D: \(angles.count) angles for axes '\(axesOrder)'")
        }
        self.angles = angles
        self.axesOrder = axesOrder
        self.spherical = spherical
    }

    /// The inverse sequence: reversed axes, negated reversed angles (astropy `inverse`).
    public var inverse: RotationSequence3D {
        var copy = self
        copy.angles = angles.reversed().map { -$0 }
        copy.axesOrder = String(axesOrder.reversed())
        return copy
    }

    /// The 3x3 matrix (row-major), as astropy `_create_matrix` builds it from angles in radians
    /// (`np.deg2rad`).
    public var matrix: [[Double]] {
        var m: [[Double]] = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
        for (angle, axis) in zip(angles, axesOrder) {
            m = Self.product(Self.rotation(angle * (Double.pi / 180), axis: axis), m)
        }
        return m
    }

    /// M·v for a cartesian point, or the rotated (lon, lat) in degrees for a spherical one
    /// (longitude from `atan2`, in (−180, 180], not wrapped: astropy `cartesian2spherical`).
    public func apply(_ point: [Double]) -> [Double] {
        let m = matrix
        if spherical {
            let (lon, lat) = SkyRotation.apply(m, lon: point[0], lat: point[1], wrap: false)
            return [lon, lat]
        }
        return Self.multiply(m, point)
    }

    /// astropy `rotation_matrix(angle, axis, unit=rad)`.
    static func rotation(_ radians: Double, axis: Character) -> [[Double]] {
        let (c, s) = (cos(radians), sin(radians))
        switch axis {
        case "x": return [[1, 0, 0], [0, c, s], [0, -s, c]]
        case "y": return [[c, 0, -s], [0, 1, 0], [s, 0, c]]
        default: return [[c, s, 0], [-s, c, 0], [0, 0, 1]]
        }
    }

    static func product(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
        (0..<3).map { (r: Int) -> [Double] in
            (0..<3).map { (c: Int) -> Double in a[r][0] * b[0][c] + a[r][1] * b[1][c] + a[r][2] * b[2][c] }
        }
    }

    static func multiply(_ m: [[Double]], _ v: [Double]) -> [Double] {
        (0..<3).map { (r: Int) -> Double in m[r][0] * v[0] + m[r][1] * v[1] + m[r][2] * v[2] }
    }
}
