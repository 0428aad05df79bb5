import Foundation

/// astropy's `RotateNative2Celestial`, `RotateCelestial2Native` and `EulerAngleRotation`
/// (ASDF `rotate3d-1.5.0`, keys `phi`, `theta`, `psi` in degrees and `direction`): rotations of
/// (lon, lat) degrees on the sphere by three Euler angles (astropy `modeling/rotations.py`).
///
/// For the sky rotations `phi`, `theta`, `psi` are the celestial longitude and latitude of the
/// fiducial point and the native longitude of the celestial pole (FITS CRVAL1, CRVAL2, LONPOLE;
/// Calabretta & Greisen 2002 §2.3). They become z-x-z Euler angles
/// native -> celestial: (psi − 90°, −(90° − theta), −(90° + phi)),
/// celestial -> native: (90° + phi, 90° − theta, −(psi − 90°)),
/// and negative output longitudes get +360°. A plain Euler rotation uses (phi, theta, psi) about
/// the axes of `direction` (`zxz`...) and does not wrap.
public struct SkyRotation: Sendable, Equatable {
    /// `direction` of the ASDF form.
    public enum Direction: Sendable, Equatable {
        case nativeToCelestial
        case celestialToNative
        /// Three of `x`, `y`, `z` (`zxz`, `xyz`...).
        case euler(String)

        /// The ASDF `direction` string.
        public var name: String {
            switch self {
            case .nativeToCelestial: "native2celestial"
            case .celestialToNative: "celestial2native"
            case .euler(let axes): axes
            }
        }

        /// The direction of a `direction` string, nil when it is none of the forms above.
        public init?(name: String) {
            switch name {
            case "native2celestial": self = .nativeToCelestial
            case "celestial2native": self = .celestialToNative
            default:
                guard name.count == 3, name.allSatisfy({ "xyz".contains($0) }) else { return nil }
                self = .euler(name)
            }
        }
    }

    /// Angles in degrees.
    public var phi: Double
    public var theta: Double
    public var psi: Double
    public var direction: Direction

    public init(phi: Double, theta: Double, psi: Double, direction: Direction) {
        self.phi = phi
        self.theta = theta
        self.psi = psi
        self.direction = direction
    }

    /// The inverse rotation: the other sky direction with the same angles, or the Euler
    /// rotation (−psi, −theta, −phi) about the reversed axes (astropy `inverse`).
    public var inverse: SkyRotation {
        switch direction {
        case .nativeToCelestial: SkyRotation(phi: phi, theta: theta, psi: psi, direction: .celestialToNative)
        case .celestialToNative: SkyRotation(phi: phi, theta: theta, psi: psi, direction: .nativeToCelestial)
        case .euler(let axes): SkyRotation(phi: -psi, theta: -theta, psi: -phi, direction: .euler(String(axes.reversed())))
        }
    }

    /// The 3x3 matrix applied to unit vectors (row-major), built as astropy `_create_matrix`
    /// builds it from the Euler angles in radians.
    public var matrix: [[Double]] {
        let halfPi = Double.pi / 2
        let (lon, lat, pole) = (phi * .pi / 180, theta * .pi / 180, psi * .pi / 180)
        let angles: [Double], axes: String
        switch direction {
        case .nativeToCelestial: (angles, axes) = ([pole - halfPi, -(halfPi - lat), -(halfPi + lon)], "zxz")
        case .celestialToNative: (angles, axes) = ([halfPi + lon, halfPi - lat, -(pole - halfPi)], "zxz")
        case .euler(let order): (angles, axes) = ([lon, lat, pole], order)
        }
        var m: [[Double]] = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
        for (angle, axis) in zip(angles, axes) {
            m = RotationSequence3D.product(RotationSequence3D.rotation(angle, axis: axis), m)
        }
        return m
    }

    /// Whether negative output longitudes are wrapped into [0, 360) (the sky rotations).
    var wrapsLongitude: Bool { if case .euler = direction { false } else { true } }

    /// The rotated (lon, lat) of (lon, lat), degrees, with `matrix` computed once by the caller.
    static func apply(_ m: [[Double]], lon: Double, lat: Double, wrap: Bool) -> (lon: Double, lat: Double) {
        let v = SphericalCartesian.toCartesian(lon: lon, lat: lat)
        let r = RotationSequence3D.multiply(m, v)
        var a = atan2(r[1], r[0]) * (180 / Double.pi)
        let d = atan2(r[2], hypot(r[0], r[1])) * (180 / Double.pi)
        if wrap, a < 0 { a += 360 }
        return (a, d)
    }
}
