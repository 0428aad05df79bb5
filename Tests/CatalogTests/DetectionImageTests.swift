import Foundation
import InteropSupport
import Testing
@testable import Catalog

/// The background estimate and the detection image, computed in bands and row by row, against
/// their definitions evaluated directly.
@Suite struct DetectionImageTests {
    /// A width x height image of unit Gaussian noise (Box–Muller) on `level(x, y)`.
    static func noisy(width: Int, height: Int, seed: UInt64, level: (Int, Int) -> Double) -> Raster<Float> {
        var generator = SplitMix64(seed: seed)
        func uniform() -> Double { (Double(generator.next() >> 11) + 0.5) / Double(1 << 53) }
        var image = Raster<Float>(width: width, height: height, repeating: 0)
        for y in 0..<height {
            for x in 0..<width {
                let gauss = (-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform())
                image[x, y] = Float(level(x, y) + gauss)
            }
        }
        return image
    }

    /// astropy's masked convolution evaluated pixel by pixel: Σk·d over the unmasked, finite
    /// pixels of the footprint inside the image, over 1 − Σk over the masked ones (NaN when
    /// that is at most 1e-8).
    static func direct(_ data: Raster<Float>, mask: [Bool], kernel: GaussianKernel) -> [Double] {
        let r = kernel.radius
        var out = [Double](repeating: 0, count: data.count)
        for y in 0..<data.height {
            for x in 0..<data.width {
                var sum = 0.0, maskedWeight = 0.0
                for dy in -r...r {
                    for dx in -r...r {
                        let (xx, yy) = (x + dx, y + dy)
                        guard xx >= 0, yy >= 0, xx < data.width, yy < data.height else { continue }
                        let i = yy * data.width + xx
                        let k = Double(kernel.value(dx: dx, dy: dy))
                        if mask[i] || !data.pixels[i].isFinite { maskedWeight += k } else { sum += k * Double(data.pixels[i]) }
                    }
                }
                let weight = 1 - maskedWeight
                out[y * data.width + x] = maskedWeight == 0 ? sum : weight > 1e-8 ? sum / weight : .nan
            }
        }
        return out
    }

    /// Sparse masks (the normaliser accumulated around each masked pixel), dense masks (the
    /// normaliser convolved), NaN pixels, images shorter than the kernel and images of many bands.
    @Test(arguments: [(61, 5, 0.02), (67, 53, 0.0), (67, 53, 0.03), (40, 200, 0.02), (33, 90, 0.6)])
    func convolutionMatchesTheDirectFormula(size: (width: Int, height: Int, maskedFraction: Double)) {
        var data = Self.noisy(width: size.width, height: size.height, seed: 5) { x, y in Double(x + y) * 0.1 }
        var generator = SplitMix64(seed: 9)
        let mask = (0..<data.count).map { _ in Double(generator.next() >> 11) / Double(1 << 53) < size.maskedFraction }
        if size.maskedFraction > 0 { data.pixels[data.count / 2] = .nan }
        let kernel = GaussianKernel(fwhm: 2.5)
        let ours = MaskedConvolution.convolve(data, mask: mask, kernel: kernel)
        let expected = Self.direct(data, mask: mask, kernel: kernel)
        var worst = 0.0
        for i in expected.indices {
            if expected[i].isNaN { #expect(ours.pixels[i].isNaN, "pixel \(i)"); continue }
            worst = max(worst, abs(Double(ours.pixels[i]) - expected[i]) / max(1, abs(expected[i])))
        }
        #expect(worst < 1e-5, "largest relative difference \(worst)")
        if size.maskedFraction > 0.5 { #expect(ours.pixels.contains { $0.isNaN } == expected.contains { $0.isNaN }) }
    }

    /// A flat sky with bright outliers: the clipped mesh finds the sky and the unit noise (the
    /// standard deviation of a normal distribution clipped at 3σ, 0.986), and the row-by-row
    /// subtraction and threshold equal the full background and RMS images.
    @Test func backgroundRowsEqualTheFullImages() throws {
        let (width, height) = (300, 260)
        var data = Self.noisy(width: width, height: height, seed: 3) { _, _ in 10 }
        for i in stride(from: 7, to: data.count, by: 53) { data.pixels[i] += 500 }
        var mask = [Bool](repeating: false, count: data.count)
        for i in stride(from: 11, to: data.count, by: 97) { mask[i] = true }
        let estimate = try #require(Background2D(boxSize: 64).estimate(data, mask: mask))
        #expect(estimate.meshShape.rows == 5 && estimate.meshShape.columns == 5)
        let background = estimate.background(mask: mask), rms = estimate.rms(mask: mask)
        for i in data.pixels.indices where !mask[i] {
            guard abs(background.pixels[i] - 10) < 0.05, abs(rms.pixels[i] - 0.986) < 0.05 else {
                Issue.record("pixel \(i): background \(background.pixels[i]), RMS \(rms.pixels[i])")
                break
            }
        }
        #expect(background.pixels[11] == 0 && rms.pixels[11] == 0, "masked pixels get 0")

        var subtracted = data
        estimate.subtract(from: &subtracted, mask: mask)
        for i in data.pixels.indices {
            #expect(subtracted.pixels[i] == (mask[i] ? data.pixels[i] : data.pixels[i] - background.pixels[i]))
        }
        let above = estimate.pixelsAbove(subtracted, scale: 3, mask: mask)
        let expected = subtracted.pixels.indices.map { !mask[$0] && subtracted.pixels[$0] > 3 * rms.pixels[$0] }
        #expect(above == expected)
        #expect(above.filter { $0 }.count >= data.count / 53 - data.count / 97 / 53 - 1, "every outlier is above")
    }
}
