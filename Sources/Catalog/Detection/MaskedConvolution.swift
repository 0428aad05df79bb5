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
///
/// The image is done in bands of rows, each band on one core from its own small buffers, so the
/// only full-frame memory is the result; every sum adds its terms in the same order as the
/// direct formula, so the result does not depend on the banding.
public enum MaskedConvolution {
    public static func convolve(_ data: Raster<Float>, mask: [Bool], kernel: GaussianKernel) -> Raster<Float> {
        let (width, height) = (data.width, data.height)
        let masked = maskedIndices(data, mask: mask)
        var output = [Float](repeating: 0, count: width * height)
        data.pixels.withUnsafeBufferPointer { d in
            nonisolated(unsafe) let d = d
            mask.withUnsafeBufferPointer { m in
                nonisolated(unsafe) let m = m
                output.withUnsafeMutableBufferPointer { o in
                    separable(into: o, width: width, height: height, taps: kernel.taps) { i in
                        m[i] || !d[i].isFinite ? 0 : d[i]
                    }
                }
            }
        }
        guard !masked.isEmpty else { return Raster(width: width, height: height, pixels: output) }
        if masked.count * kernel.size * kernel.size < 4 * width * height {
            output.withUnsafeMutableBufferPointer { o in
                normaliseNearMasked(o, masked: masked, width: width, height: height, kernel: kernel)
            }
        } else {
            // Σk over the masked pixels of each footprint, by convolving the masked indicator;
            // pixels outside the image are unmasked zeros, so they stay in the normaliser.
            var maskedWeights = [Float](repeating: 0, count: width * height)
            mask.withUnsafeBufferPointer { m in
                nonisolated(unsafe) let m = m
                data.pixels.withUnsafeBufferPointer { d in
                    nonisolated(unsafe) let d = d
                    maskedWeights.withUnsafeMutableBufferPointer { w in
                        separable(into: w, width: width, height: height, taps: kernel.taps) { i in m[i] || !d[i].isFinite ? 1 : 0 }
                    }
                }
            }
            output.withUnsafeMutableBufferPointer { o in
                nonisolated(unsafe) let o = o
                maskedWeights.withUnsafeBufferPointer { w in
                    nonisolated(unsafe) let w = w
                    Parallel.chunks(o.count, minimumChunk: 1 << 16) { range in
                        for i in range where w[i] != 0 { divide(&o[i], by: 1 - w[i]) }
                    }
                }
            }
        }
        return Raster(width: width, height: height, pixels: output)
    }

    /// The indices of masked or non-finite pixels, ascending.
    static func maskedIndices(_ data: Raster<Float>, mask: [Bool]) -> [Int] {
        let bands = Parallel.map(Parallel.cores * 4) { band -> [Int] in
            let count = data.pixels.count
            let range = (count * band / (Parallel.cores * 4))..<(count * (band + 1) / (Parallel.cores * 4))
            return data.pixels.withUnsafeBufferPointer { d in
                mask.withUnsafeBufferPointer { m in range.filter { m[$0] || !d[$0].isFinite } }
            }
        }
        return bands.flatMap { $0 }
    }

    /// The numerator over the normaliser 1 − Σk over the masked pixels of each footprint, for the
    /// pixels near masked ones; each band accumulates the footprints of the masked pixels that
    /// reach it, in ascending order.
    static func normaliseNearMasked(_ output: UnsafeMutableBufferPointer<Float>, masked: [Int], width: Int, height: Int,
                                    kernel: GaussianKernel) {
        nonisolated(unsafe) let output = output
        let r = kernel.radius, taps = kernel.taps
        Parallel.chunks(height, minimumChunk: 64) { rows in
            // The masked pixels within r rows of the band.
            let first = lowerBound(masked, max(0, rows.lowerBound - r) * width)
            let last = lowerBound(masked, min(height, rows.upperBound + r) * width)
            guard first < last else { return }
            var weights = [Float](repeating: 1, count: rows.count * width)
            for i in masked[first..<last] {
                let (x, y) = (i % width, i / width)
                for yy in max(rows.lowerBound, y - r)...min(rows.upperBound - 1, y + r) {
                    let wy = taps[yy - y + r]
                    let row = (yy - rows.lowerBound) * width
                    for xx in max(0, x - r)...min(width - 1, x + r) { weights[row + xx] -= wy * taps[xx - x + r] }
                }
            }
            for i in weights.indices where weights[i] != 1 { divide(&output[rows.lowerBound * width + i], by: weights[i]) }
        }
    }

    @inline(__always)
    static func divide(_ value: inout Float, by weight: Float) {
        if weight != 1 { value = weight > 1e-8 ? value / weight : .nan }
    }

    /// The first position in the ascending `values` whose value is at least `target`.
    static func lowerBound(_ values: [Int], _ target: Int) -> Int {
        var (a, b) = (0, values.count)
        while a < b {
            let m = (a + b) / 2
            if values[m] < target { a = m + 1 } else { b = m }
        }
        return a
    }

    /// Writes the convolution of the image `value(i)` with taps ⊗ taps (zero outside) into
    /// `output`, in bands of rows: each band filters the rows it needs (its own and r more on
    /// each side) along x into a band buffer, then filters the band along y. Both passes run the
    /// taps in the outer loop, so the inner loops are vectorised, and add the terms of each sum
    /// in tap order from zero, as the direct formula does.
    static func separable(into output: UnsafeMutableBufferPointer<Float>, width: Int, height: Int, taps: [Float],
                          value: @Sendable (Int) -> Float) {
        nonisolated(unsafe) let output = output
        let radius = taps.count / 2
        Parallel.chunks(height, minimumChunk: 32) { rows in
            let lo = max(0, rows.lowerBound - radius), hi = min(height, rows.upperBound + radius)
            var band = [Float](repeating: 0, count: (hi - lo) * width)
            var padded = [Float](repeating: 0, count: width + 2 * radius)
            band.withUnsafeMutableBufferPointer { b in
                padded.withUnsafeMutableBufferPointer { p in
                    taps.withUnsafeBufferPointer { k in
                        for y in lo..<hi {
                            for x in 0..<width { p[radius + x] = value(y * width + x) }
                            let target = b.baseAddress! + (y - lo) * width
                            for t in 0..<k.count {
                                let (weight, source) = (k[t], p.baseAddress! + t)
                                for x in 0..<width { target[x] += weight * source[x] }
                            }
                        }
                        for y in rows {
                            let target = output.baseAddress! + y * width
                            for x in 0..<width { target[x] = 0 }
                            for t in 0..<k.count {
                                let source = y - radius + t
                                guard source >= 0 && source < height else { continue }
                                let (weight, from) = (k[t], b.baseAddress! + (source - lo) * width)
                                for x in 0..<width { target[x] += weight * from[x] }
                            }
                        }
                    }
                }
            }
        }
    }
}
