import Foundation

/// Roman's barycentric position for annual parallax, in au (ICRS axes): Earth's heliocentric
/// position from the Astronomical Almanac's low-precision solar coordinates (the Sun's
/// geocentric ecliptic longitude to 0.01° for 1950-2050; Astronomical Almanac, section C,
/// "Low-precision formulas for the Sun"), precessed to J2000, reversed and extended by 1% to
/// Sun-Earth L2 where Roman orbits. Earth's position agrees with astropy's ephemeris to 3e-4 au;
/// the heliocentre standing in for the barycentre (≤ 0.01 au apart) and the L2 approximation
/// make the error about 0.01 au, so 1% of a star's parallax (0.1 mas at ϖ = 10 mas).
public enum ObserverPosition {
    /// Distance of Sun-Earth L2 beyond the Earth, as a fraction of the Earth-Sun distance.
    public static let l2Fraction = 0.01

    /// Roman's position at `julianYear` (e.g. 2027.41).
    public static func roman(julianYear: Double) -> SIMD3<Double> {
        earth(julianYear: julianYear) * (1 + l2Fraction)
    }

    /// The Earth's heliocentric position at `julianYear`, au, equatorial (ICRS) axes.
    public static func earth(julianYear: Double) -> SIMD3<Double> {
        let n = (julianYear - 2000) * 365.25   // days from J2000.0
        let radians = Double.pi / 180
        let meanLongitude = 280.460 + 0.985_647_4 * n
        let meanAnomaly = (357.528 + 0.985_600_3 * n) * radians
        // The formula's longitude is referred to the equinox of date; general precession
        // (50.29"/yr, 3.8246e-5 °/day) brings it back to J2000, whose equator and obliquity
        // (23.439291°) give the ICRS axes to the ecliptic's own slow motion (0.5"/yr).
        let longitude = (meanLongitude + 1.915 * sin(meanAnomaly) + 0.020 * sin(2 * meanAnomaly) - 3.8246e-5 * n) * radians
        let distance = 1.000_14 - 0.016_71 * cos(meanAnomaly) - 0.000_14 * cos(2 * meanAnomaly)
        let obliquity = 23.439_291 * radians
        let sun = SIMD3(distance * cos(longitude), distance * cos(obliquity) * sin(longitude),
                        distance * sin(obliquity) * sin(longitude))
        return -sun
    }
}
