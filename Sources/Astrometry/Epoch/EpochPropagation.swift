import Foundation

/// Apparent place of a catalog star at another epoch: the rigorous propagation of linear space
/// motion (ESA 1997, The Hipparcos Catalogue, Vol. 1, §1.5.5; Butkevich & Lindegren 2014, A&A
/// 570, A62; Gaia DR3 documentation §4.1.7), then annual parallax for the observer's
/// barycentric position.
///
/// With the normal triad at the reference epoch, p = (−sin α, cos α, 0), q = (−sin δ cos α,
/// −sin δ sin α, cos δ), r = (cos δ cos α, cos δ sin α, sin δ), proper motion vector
/// μ = p·μα* + q·μδ, radial proper motion μr = vr·ϖ/A (A = 4.740470446 km yr⁻¹ s⁻¹) and
/// t = epoch − reference epoch:
///
///     u = [r·(1 + μr t) + μ t] · f,   f = [1 + 2 μr t + (μ² + μr²) t²]^(−1/2)
///
/// (all rates in rad/yr). The observed direction is u − ϖ·b normalised, b the observer's
/// barycentric position in au and ϖ in radians. The propagation is exact for uniform space
/// motion; the limits are the catalog's (Gaia DR3 errors grow as σ_μ·t) and, for parallax, the
/// observer position (`ObserverPosition`, ~0.01 au: 1% of ϖ).
public enum EpochPropagation {
    /// km/s per (au/yr): the astronomical unit in km over the Julian year in s (IAU 2012).
    public static let kmPerSecondPerAUPerYear = 149_597_870.700 / (365.25 * 86_400)
    static let masToRadians = Double.pi / (180 * 3_600_000)

    /// The star's direction at `epoch` (Julian year) seen from `observer` (au; nil: from the
    /// barycentre). A star without a known reference epoch (NaN) keeps its position.
    public static func position(of star: ReferenceStar, at epoch: Double, observer: SIMD3<Double>? = nil) -> SkyPosition {
        let t = star.epoch.isFinite ? epoch - star.epoch : 0
        let moves = star.pmRA != 0 || star.pmDec != 0 || star.radialVelocity != 0
        if !(moves && t != 0), observer == nil || star.parallax == 0 { return SkyPosition(ra: star.ra, dec: star.dec) }
        let (a, d) = (star.ra * .pi / 180, star.dec * .pi / 180)
        let (sa, ca, sd, cd) = (sin(a), cos(a), sin(d), cos(d))
        let p = SIMD3(-sa, ca, 0), q = SIMD3(-sd * ca, -sd * sa, cd), r = SIMD3(cd * ca, cd * sa, sd)
        let mu = p * (star.pmRA * masToRadians) + q * (star.pmDec * masToRadians)
        let muR = star.radialVelocity * star.parallax / kmPerSecondPerAUPerYear * masToRadians
        let muSquared = (mu * mu).sum()
        let f = 1 / (1 + 2 * muR * t + (muSquared + muR * muR) * t * t).squareRoot()
        var u = (r * (1 + muR * t) + mu * t) * f
        if let b = observer, star.parallax != 0 {
            // Parallax at the new epoch scales with f too (the distance changes).
            u -= b * (star.parallax * masToRadians * f)
        }
        return TangentPlane.position(of: u)
    }
}
