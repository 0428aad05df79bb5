#if canImport(Glibc)
import Glibc
#endif

/// The detection kernel of romancal's source catalog: photutils' `make_2dgaussian_kernel`, a
/// circular 2-D Gaussian of the given FWHM on a size x size grid (size = ⌈3·FWHM⌉ made odd),
/// each pixel the mean of 10 x 10 samples (astropy's 'oversample' discretisation), normalised to
/// sum 1. A circular Gaussian is the product of two 1-D ones, so the kernel is kept as its 1-D
/// factor (the mean of samples of a product over a product grid is the product of the means).
public struct GaussianKernel: Sendable {
    /// The normalised 1-D factor, `size` taps centred on the middle one.
    public let taps: [Float]
    public var size: Int { taps.count }
    public var radius: Int { taps.count / 2 }

    public init(fwhm: Double, oversampling: Int = 10) {
        var size = Int((3 * fwhm).rounded(.up))
        if size % 2 == 0 { size += 1 }
        let sigma = fwhm / (8 * log(2.0)).squareRoot()
        let half = size / 2
        var values = [Double](repeating: 0, count: size)
        for j in 0..<size {
            var sum = 0.0
            for i in 0..<oversampling {
                let t = Double(j - half) - 0.5 + (Double(i) + 0.5) / Double(oversampling)
                sum += exp(-t * t / (2 * sigma * sigma))
            }
            values[j] = sum / Double(oversampling)
        }
        let total = values.reduce(0, +)
        taps = values.map { Float($0 / total) }
    }

    /// The 2-D kernel value at offset (dx, dy) from the centre.
    public func value(dx: Int, dy: Int) -> Float { taps[dy + radius] * taps[dx + radius] }
}
