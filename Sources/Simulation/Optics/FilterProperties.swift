#if canImport(Glibc)
import Glibc
#endif
import WFI

/// Photometric properties of one WFI imaging filter: how AB magnitudes become detected electrons
/// per second, and what the sky adds. The values (`RomanFilters.generated.swift`) come from
/// GalSim's Roman module (Roman project office effective areas, zodiacal and thermal
/// backgrounds) through `scripts/python/roman_filters.py`.
public struct FilterProperties: Sendable, Hashable {
    /// AB magnitude of a source that gives 1 electron per second over the collecting area
    /// (throughput and detector QE included).
    public var zeropoint: Double
    /// Effective wavelength, micrometres.
    public var wavelength: Double
    /// Zodiacal-light background near the north ecliptic pole, electrons per second per square
    /// arcsecond.
    public var zodiacal: Double
    /// Thermal background of the telescope, electrons per second per pixel.
    public var thermal: Double
    /// Effective-area curve: wavelengths, micrometres, and areas, m^2 (photom reference).
    public var curveWavelength: [Double]
    public var curveArea: [Double]

    /// AB magnitude zero point in flux density: 3631 Jy, in nanojansky.
    public static let abZeroNanojansky = 3631e9

    /// Detected electrons per second of a source of AB magnitude `magnitude`.
    public func electronRate(abMagnitude magnitude: Double) -> Double {
        pow(10, -0.4 * (magnitude - zeropoint))
    }

    /// AB magnitude of a source detected at `rate` electrons per second.
    public func abMagnitude(electronRate rate: Double) -> Double {
        zeropoint - 2.5 * log10(rate)
    }

    /// Flux density, nanojansky, of a source detected at `rate` electrons per second.
    public func nanojansky(electronRate rate: Double) -> Double {
        rate * Self.abZeroNanojansky * pow(10, -0.4 * zeropoint)
    }

    /// Sky background, electrons per second per pixel, for pixels of `pixelArea` square
    /// arcseconds.
    public func skyRate(pixelArea: Double) -> Double {
        zodiacal * pixelArea + thermal
    }

    /// The photom conversion, (MJy/sr) per (DN/s): a surface brightness of 1 DN/s per pixel of
    /// `pixelAreaSteradians`, for a detector of `gain` electrons per DN.
    public func megajanskyPerSteradian(gain: Double, pixelAreaSteradians: Double) -> Double {
        gain * nanojansky(electronRate: 1) * 1e-15 / pixelAreaSteradians
    }

    /// The filter's properties (nil for grism, prism and dark).
    public static func of(_ element: OpticalElement) -> FilterProperties? { imaging[element] }
}
