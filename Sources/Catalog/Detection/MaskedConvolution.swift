import Arrays
/// astropy's `convolve(data, kernel, mask=mask)` with its defaults (boundary 'fill' with 0,
/// NaN interpolation, normalised kernel) for a separable kernel: masked pixels are left out and
/// the kernel renormalised over what remains, Σk·d / Σk over unmasked pixels, pixels outside the
/// image counting as unmasked zeros. A pixel whose whole kernel footprint is masked becomes NaN.
///
/// The numerator is a separable convolution (rows, then columns) of the data with masked pixels
/// zeroed. The kernel sums to 1, so the normaliser is 1 − Σk over the masked pixels in the
/// footprint: it differs from 1 only near masked pixels, where it is accumulated from each
/// masked pixel's footprint (or by a second separable convolution when many pixels are masked).
public enum MaskedConvolution {
    public static func convolve(_ data: Raster<Float>, mask: [Bool], kernel: GaussianKernel) -> Raster<Float> {
        let (width, height) = (data.width, data.height)
        var numerator = data.pixels
        var masked: [Int] = []
        for i in numerator.indices where mask[i] || !numerator[i].isFinite {
            numerator[i] = 0
            masked.append(i)
        }
        var scratch = [Float](repeating: 0, count: width * height)
        separable(&numerator, scratch: &scratch, width: width, height: height, taps: kernel.taps)
        guard !masked.isEmpty else { return Raster(width: width, height: height, pixels: numerator) }
        // The normaliser, in the scratch image.
        for i in scratch.indices { scratch[i] = 1 }
        if masked.count * kernel.size * kernel.size < 4 * width * height {
            // 1 − the kernel weight on masked pixels, accumulated around each masked pixel.
            let r = kernel.radius
            for i in masked {
                let (x, y) = (i % width, i / width)
                for yy in max(0, y - r)...min(height - 1, y + r) {
                    let wy = kernel.taps[yy - y + r]
                    for xx in max(0, x - r)...min(width - 1, x + r) { scratch[yy * width + xx] -= wy * kernel.taps[xx - x + r] }
                }
            }
        } else {
            for i in masked { scratch[i] = 0 }
            var more = [Float](repeating: 0, count: width * height)
            separable(&scratch, scratch: &more, width: width, height: height, taps: kernel.taps)
        }
        numerator.withUnsafeMutableBufferPointer { n in
            nonisolated(unsafe) let out = n
            scratch.withUnsafeBufferPointer { d in
                nonisolated(unsafe) let weights = d
                Parallel.chunks(out.count, minimumChunk: 1 << 16) { range in
                    for i in range where weights[i] != 1 { out[i] = weights[i] > 1e-8 ? out[i] / weights[i] : .nan }
                }
            }
        }
        return Raster(width: width, height: height, pixels: numerator)
    }

    /// Convolves `image` in place with taps ⊗ taps, zero outside, using `rows` as scratch.
    static func separable(_ image: inout [Float], scratch rows: inout [Float], width: Int, height: Int, taps: [Float]) {
        let radius = taps.count / 2
        image.withUnsafeBufferPointer { source in
            nonisolated(unsafe) let input = source
            rows.withUnsafeMutableBufferPointer { target in
                nonisolated(unsafe) let output = target
                taps.withUnsafeBufferPointer { k in
                    nonisolated(unsafe) let k = k
                    Parallel.chunks(height, minimumChunk: 32) { range in
                        for y in range {
                            let row = y * width
                            for x in 0..<width {
                                var sum: Float = 0
                                if x >= radius && x + radius < width {
                                    let base = row + x - radius
                                    for t in 0..<k.count { sum += k[t] * input[base + t] }
                                } else {
                                    for xx in max(0, x - radius)...min(width - 1, x + radius) { sum += k[xx - x + radius] * input[row + xx] }
                                }
                                output[row + x] = sum
                            }
                        }
                    }
                }
            }
        }
        rows.withUnsafeBufferPointer { source in
            nonisolated(unsafe) let input = source
            image.withUnsafeMutableBufferPointer { target in
                nonisolated(unsafe) let output = target
                Parallel.chunks(height, minimumChunk: 32) { range in
                    for y in range {
                        let lo = max(0, y - radius), hi = min(height - 1, y + radius)
                        let row = y * width
                        if hi - lo + 1 == taps.count {
                            // All taps inside: one pass over the row, reading every input row once.
                            for x in 0..<width {
                                var sum: Float = 0
                                var from = lo * width + x
                                for t in 0..<taps.count { sum += taps[t] * input[from]; from += width }
                                output[row + x] = sum
                            }
                        } else {
                            for x in 0..<width { output[row + x] = 0 }
                            for yy in lo...hi {
                                let weight = taps[yy - y + radius], from = yy * width
                                for x in 0..<width { output[row + x] += weight * input[from + x] }
                            }
                        }
                    }
                }
            }
        }
    }
}
