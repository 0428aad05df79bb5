import Arrays

/// The `refpix` reference (gamma, zeta, alpha: complex128, (32, L/2+1)) that makes romancal's
/// IRRC correction (algorithms.md §1.5 step 7) the Wiener filter of the simulated common-mode
/// noise.
///
/// Step 7 subtracts from channel c: irfft((F_left γ_c + F_right ζ_c + F_amp33 α_c) · 2(L/2+1)),
/// F_x = rfft(x/L) (left and right ×35). With γ = ζ = 0 that is irfft(rfft(amp33) · H) where
/// H = α · 2(L/2+1)/L. amp33 is the common mode c(t) plus white read noise w(t), so the least-
/// squares estimate of c(t) is the Wiener filter H(f) = P_c(f) / (P_c(f) + P_w) with P_c the
/// common-mode spectrum (`CorrelatedReadNoise.powerSpectrum`) and P_w = σ_read² + 1/12 (read
/// noise plus rounding to integer DN) the white spectrum; both scale alike with the reads per
/// resultant, so H does not depend on the resultant. Hence
///   α_c(m) = P_c(m/L) / (P_c(m/L) + P_w) · L / (2(L/2+1)),  γ = ζ = 0, for every channel c.
/// The expected residual variance of the common mode after correction is Σ_m P_c P_w/(P_c+P_w)
/// over the frequency grid (`expectedResidualFraction`).
public enum RefpixCoefficients {
    /// The Wiener gain H at rfft bin m = 0...L/2 (L = `noise.geometry.frameClocks`).
    public static func wienerGain(noise: CorrelatedReadNoise, readNoise: Double) -> [Double] {
        let length = noise.geometry.frameClocks
        let white = readNoise * readNoise + 1.0 / 12
        return (0...(length / 2)).map { m in
            let p = noise.powerSpectrum(Double(m) / Double(length))
            return p / (p + white)
        }
    }

    /// Expected fraction of the common-mode variance left after the Wiener correction.
    public static func expectedResidualFraction(noise: CorrelatedReadNoise, readNoise: Double) -> Double {
        let length = noise.geometry.frameClocks
        let white = readNoise * readNoise + 1.0 / 12
        var total = 0.0, left = 0.0
        for m in 0..<length {
            let p = noise.powerSpectrum(Double(m) / Double(length))
            total += p
            left += p * white / (p + white)
        }
        return left / total
    }

    /// The arrays gamma, zeta and alpha, each complex128 (32, L/2+1).
    public static func arrays(noise: CorrelatedReadNoise, readNoise: Double) throws -> [String: TypedArray<ComplexElement<Double>>] {
        let gain = wienerGain(noise: noise, readNoise: readNoise)
        let bins = gain.count
        let length = Double(noise.geometry.frameClocks)
        let shape = [ReadoutGeometry.channels, bins]
        let zero = ComplexElement<Double>(0, 0)
        var alpha = try TypedArray<ComplexElement<Double>>(shape: shape, repeating: zero)
        alpha.withUnsafeMutableBufferPointer { out in
            for c in 0..<ReadoutGeometry.channels {
                for m in 0..<bins { out[c * bins + m] = ComplexElement(gain[m] * length / (2 * Double(bins)), 0) }
            }
        }
        return ["gamma": try TypedArray(shape: shape, repeating: zero), "zeta": try TypedArray(shape: shape, repeating: zero),
                "alpha": alpha]
    }
}
