import Foundation

/// The FITS gnomonic (TAN) projection between the projection plane and native spherical
/// coordinates (Calabretta & Greisen 2002, A&A 395, 1077, §5.1.3), as astropy's
/// `Pix2Sky_Gnomonic` / `Sky2Pix_Gnomonic` compute it through wcslib (`tanx2s`, `tans2x`):
/// degrees in and out, R0 = 180/π.
public enum Gnomonic {
    /// Which way a gnomonic model goes (`direction` of `gnomonic-1.4.0`).
    public enum Direction: String, Sendable, Equatable {
        /// Plane (x, y) deg -> native (φ, θ) deg (`Pix2Sky_Gnomonic`).
        case pix2sky
        /// Native (φ, θ) deg -> plane (x, y) deg (`Sky2Pix_Gnomonic`).
        case sky2pix

        /// The other direction (the analytic inverse).
        public var inverse: Direction { self == .pix2sky ? .sky2pix : .pix2sky }
    }

    static let r0 = 180 / Double.pi

    /// Plane (x, y) -> native (φ, θ): φ = atan2(x, −y) (0 at the origin), θ = atan2(R0, r),
    /// r = hypot(x, y).
    public static func native(x: Double, y: Double) -> (phi: Double, theta: Double) {
        let r = (x * x + y * y).squareRoot()
        let phi = r == 0 ? 0 : atan2(x, -y) * r0
        return (phi, atan2(r0, r) * r0)
    }

    /// Native (φ, θ) -> plane (x, y): r = R0·cos θ / sin θ, x = r sin φ, y = −r cos φ; NaN for
    /// θ ≤ 0 (the hemisphere the projection cannot show, wcslib's strict bounds).
    public static func plane(phi: Double, theta: Double) -> (x: Double, y: Double) {
        let s = sinDegrees(theta)
        guard s > 0 else { return (.nan, .nan) }
        let r = r0 * cosDegrees(theta) / s
        let p = phi / r0
        return (r * sin(p), -r * cos(p))
    }

    /// wcslib `sind`: exact at multiples of 90°.
    static func sinDegrees(_ angle: Double) -> Double {
        if angle.truncatingRemainder(dividingBy: 90) == 0 {
            switch Int((angle / 90).rounded()) % 4 {
            case 0: return 0
            case 1, -3: return 1
            case 2, -2: return 0
            default: return -1
            }
        }
        return sin(angle / r0)
    }

    /// wcslib `cosd`: exact at multiples of 90°.
    static func cosDegrees(_ angle: Double) -> Double {
        if angle.truncatingRemainder(dividingBy: 90) == 0 {
            switch Int((angle / 90).rounded()) % 4 {
            case 0: return 1
            case 1, -1, 3, -3: return 0
            default: return -1
            }
        }
        return cos(angle / r0)
    }
}
