/// astropy's `convolve(data, kernel, mask=mask)` with its defaults (boundary 'fill' with 0,
/// NaN interpolation, normalised kernel) for a separable kernel: masked pixels are left out and
/// the kernel renormalised over what remains, Σk·d / Σk over unmasked pixels, pixels outside the
/// image counting as unmasked zeros. Both sums are separable convolutions (rows, then columns).
/// A pixel whose whole kernel footprint is masked becomes NaN.
public enum MaskedConvolution {
    public static func convolve(_ data: Raster<Float>, mask: [Bool], kernel: GaussianKernel) -> Raster<Float> {
        let (width, height) = (data.width, data.height)
        var masked = data.pixels
        var anyMasked = false
        for i in masked.indices where mask[i] || !masked[i].isFinite {
            masked[i] = 0
            anyMasked = true
        }
        var numerator = separable(masked, width: width, height: height, taps: kernel.taps)
        if anyMasked {
            let valid = mask.indices.map { mask[$0] || !data.pixels[$0].isFinite ? Float(0) : 1 }
            let denominator = separable(valid, width: width, height: height, taps: kernel.taps)
            numerator.withUnsafeMutableBufferPointer { n in
                nonisolated(unsafe) let out = n
                denominator.withUnsafeBufferPointer { d in
                    nonisolated(unsafe) let weights = d
                    Parallel.chunks(out.count, minimumChunk: 1 << 16) { range in
                        for i in range { out[i] = weights[i] > 1e-8 ? out[i] / weights[i] : .nan }
                    }
                }
            }
        }
        return Raster(width: width, height: height, pixels: numerator)
    }

    /// The separable convolution of `image` with taps ⊗ taps, zero outside.
    static func separable(_ image: [Float], width: Int, height: Int, taps: [Float]) -> [Float] {
        let radius = taps.count / 2
        var rows = [Float](repeating: 0, count: image.count)
        var out = [Float](repeating: 0, count: image.count)
        image.withUnsafeBufferPointer { source in
            nonisolated(unsafe) let input = source
            rows.withUnsafeMutableBufferPointer { target in
                nonisolated(unsafe) let output = target
                Parallel.chunks(height, minimumChunk: 32) { range in
                    for y in range {
                        let row = y * width
                        for x in 0..<width {
                            var sum: Float = 0
                            let lo = max(0, x - radius), hi = min(width - 1, x + radius)
                            for xx in lo...hi { sum += taps[xx - x + radius] * input[row + xx] }
                            output[row + x] = sum
                        }
                    }
                }
            }
        }
        rows.withUnsafeBufferPointer { source in
            nonisolated(unsafe) let input = source
            out.withUnsafeMutableBufferPointer { target in
                nonisolated(unsafe) let output = target
                Parallel.chunks(height, minimumChunk: 32) { range in
                    for y in range {
                        let lo = max(0, y - radius), hi = min(height - 1, y + radius)
                        let row = y * width
                        for yy in lo...hi {
                            let weight = taps[yy - y + radius], from = yy * width
                            for x in 0..<width { output[row + x] += weight * input[from + x] }
                        }
                    }
                }
            }
        }
        return out
    }
}
