/// The per-pixel detector properties a ramp is made with (all may vary per pixel; a scalar
/// stands for the whole detector).
public struct DetectorModel: Sendable {
    /// Electrons per DN.
    public var gain: Double = 2.0
    /// Read noise of one read, DN.
    public var readNoise: Double = 5.0
    /// Dark current, electrons per second.
    public var darkCurrent: Double = 0.01
    /// Bias level of the reset, DN.
    public var bias: Double = 10_000
    /// Saturation: the measured DN (above bias) at which the signal stops growing.
    public var saturation: Double = 55_000
    /// Classic non-linearity: measured = true * (1 + c1 true + c2 true^2) in DN above bias.
    /// Zero coefficients give a linear detector.
    public var nonlinearity: (c1: Double, c2: Double) = (0, 0)
    /// Cosmic-ray hits per cm^2 per second (about 5 in L2 orbit).
    public var cosmicRayRate: Double = 5.0
    /// Pixel pitch, cm (10 microns).
    public var pixelSize: Double = 10e-4
    /// Electrons deposited by a cosmic ray: mean of an exponential distribution.
    public var cosmicRayMeanCharge: Double = 1_000

    public init() {}

    /// The DN measured for `trueDN` accumulated above bias (before saturation).
    @inline(__always)
    public func measured(_ trueDN: Double) -> Double {
        trueDN * (1 + nonlinearity.c1 * trueDN + nonlinearity.c2 * trueDN * trueDN)
    }

    /// The true charge (DN above bias) at which the measured signal reaches `saturation`: the
    /// pixel's full well. Found by bisection on the rising part of the response.
    public func fullWell() -> Double {
        var low = 0.0, high = saturation
        while measured(high) < saturation && high < 1e9 { high *= 2 }
        for _ in 0..<100 {
            let mid = (low + high) / 2
            if measured(mid) < saturation { low = mid } else { high = mid }
        }
        return high
    }

    /// The measured DN for `trueDN` of accumulated charge, saturating at the full well.
    @inline(__always)
    public func response(_ trueDN: Double, fullWell: Double) -> Double {
        trueDN >= fullWell ? saturation : measured(trueDN)
    }
}
