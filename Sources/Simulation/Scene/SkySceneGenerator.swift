#if canImport(Glibc)
import Glibc
#endif
import WFI

/// Draws a random high-latitude sky: stars and galaxies, uniformly over a disk on the sky,
/// with number counts, sizes, profiles and colours like a deep near-infrared field.
///
/// - Galaxies: counts dN/dm ∝ 10^(0.28 m) in F158 (the slope of deep H-band counts fainter than
///   m ≈ 20; Metcalfe et al. 2006, MNRAS 370, 1257); half-light radii log-normal about
///   0.35″·10^(−0.1(m − 24)) with σ(ln r) = 0.5 (the size–magnitude trend of HST deep fields,
///   e.g. van der Wel et al. 2014, ApJ 788, 28); two thirds disks (Sérsic n ≈ 1, axis ratio
///   uniform in 0.15–1) and one third spheroids (n ≈ 3, axis ratio 0.5–1); colours from a
///   power-law SED f_ν ∝ λ^β with β ~ N(0.8, 0.5).
/// - Stars: counts dN/dm ∝ 10^(0.15 m) (high Galactic latitude), colours f_ν ∝ λ^β with β
///   uniform in [−2, 1.5], proper motions ~N(0, 5 mas/yr) per axis.
///
/// Magnitudes are AB in every imaging filter. The same seed gives the same sky.
public struct SkySceneGenerator: Sendable {
    /// Centre of the disk, degrees.
    public var ra: Double
    public var dec: Double
    /// Radius of the disk, degrees.
    public var radius: Double
    /// Sources (stars and galaxies together) per square arcminute.
    public var density = 160.0
    /// Fraction of the sources that are stars.
    public var starFraction = 1.0 / 3
    /// F158 magnitude ranges.
    public var starMagnitudes = 15.0...26.0
    public var galaxyMagnitudes = 19.0...27.0
    public var seed: UInt64 = 1

    public init(ra: Double, dec: Double, radius: Double) {
        self.ra = ra
        self.dec = dec
        self.radius = radius
    }

    /// Number of sources the disk holds on average.
    public var expectedCount: Double {
        let areaArcmin2 = 2 * Double.pi * (1 - cos(radius * .pi / 180)) * pow(180 * 60 / Double.pi, 2)
        return density * areaArcmin2
    }

    /// The sources, ids from 1.
    public func generate() -> [SkySource] {
        var random = RandomSource(seed: seed, stream: 0x534B_5953)
        let count = Int(random.poisson(expectedCount))
        let reference = FilterProperties.of(.f158)!.wavelength
        let filters = OpticalElement.allCases.compactMap { element in FilterProperties.of(element).map { (element, $0.wavelength) } }
        return (0..<count).map { index in
            let (sourceRA, sourceDec) = position(&random)
            let isStar = random.uniform() < starFraction
            let kind: SkySource.Kind = isStar ? .star : .galaxy
            let m158 = isStar ? Self.powerLaw(&random, slope: 0.15, range: starMagnitudes)
                : Self.powerLaw(&random, slope: 0.28, range: galaxyMagnitudes)
            let beta = isStar ? -2 + 3.5 * random.uniform() : 0.8 + 0.5 * random.gaussian()
            var magnitudes: [OpticalElement: Double] = [:]
            for (element, wavelength) in filters {
                magnitudes[element] = m158 - 2.5 * beta * log10(wavelength / reference)
            }
            var source = SkySource(id: index + 1, kind: kind, ra: sourceRA, dec: sourceDec, magnitudes: magnitudes)
            if isStar {
                source.properMotion = (5 * random.gaussian(), 5 * random.gaussian())
            } else {
                let median = 0.35 * pow(10, -0.1 * (m158 - 24))
                source.halfLightRadius = min(max(median * exp(0.5 * random.gaussian()), 0.05), 4)
                if random.uniform() < 2.0 / 3 {
                    source.sersicIndex = min(max(exp(0.3 * random.gaussian()), 0.5), 6)
                    source.axisRatio = 0.15 + 0.85 * random.uniform()
                } else {
                    source.sersicIndex = min(max(3 * exp(0.3 * random.gaussian()), 0.5), 6)
                    source.axisRatio = 0.5 + 0.5 * random.uniform()
                }
                source.positionAngle = 180 * random.uniform()
            }
            return source
        }
    }

    /// A uniform position on the spherical cap of `radius` around the centre.
    private func position(_ random: inout RandomSource) -> (Double, Double) {
        let cosMax = cos(radius * .pi / 180)
        let cosTheta = 1 - random.uniform() * (1 - cosMax)
        let theta = acos(cosTheta), phi = 2 * Double.pi * random.uniform()
        return SphericalOffset.destination(ra: ra, dec: dec, separation: theta * 180 / .pi, bearing: phi * 180 / .pi)
    }

    /// A magnitude with dN/dm ∝ 10^(slope·m) on `range` (inverse CDF).
    static func powerLaw(_ random: inout RandomSource, slope: Double, range: ClosedRange<Double>) -> Double {
        let k = slope * log(10.0)
        let low = exp(k * range.lowerBound), high = exp(k * range.upperBound)
        return log(low + random.uniform() * (high - low)) / k
    }
}

/// Great-circle offsets on the celestial sphere.
public enum SphericalOffset {
    /// The point `separation` degrees from (ra, dec) along `bearing` degrees east of north.
    public static func destination(ra: Double, dec: Double, separation: Double, bearing: Double) -> (ra: Double, dec: Double) {
        let d = Double.pi / 180
        let (a, b, s) = (dec * d, bearing * d, separation * d)
        let sinDec = sin(a) * cos(s) + cos(a) * sin(s) * cos(b)
        let newDec = asin(max(-1, min(1, sinDec)))
        let newRA = ra * d + atan2(sin(b) * sin(s) * cos(a), cos(s) - sin(a) * sinDec)
        var raDegrees = newRA / d
        raDegrees = raDegrees.truncatingRemainder(dividingBy: 360)
        if raDegrees < 0 { raDegrees += 360 }
        return (raDegrees, newDec / d)
    }

    /// Angular separation of two points, degrees (haversine, accurate at small angles).
    public static func separation(_ ra1: Double, _ dec1: Double, _ ra2: Double, _ dec2: Double) -> Double {
        let d = Double.pi / 180
        let sinDDec = sin((dec2 - dec1) * d / 2), sinDRA = sin((ra2 - ra1) * d / 2)
        let h = sinDDec * sinDDec + cos(dec1 * d) * cos(dec2 * d) * sinDRA * sinDRA
        return 2 * asin(min(1, h.squareRoot())) / d
    }
}
