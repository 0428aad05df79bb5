#if canImport(Glibc)
import Glibc
#endif

/// DAOFIND's sharpness and roundness1 (Stetson 1987; romancal `_daofind.py`) at a source
/// position: a Gaussian of the detection FWHM on a (2·⌊max(2, 1.5σ)⌋+1)² grid, cut to a circle
/// of that radius, scaled to peak 1 and made zero-sum over the circle; the data are convolved
/// with it (zero outside the image). On the cutout centred on the nearest pixel, sharpness =
/// (peak − mean of the other circle pixels) / convolved peak, and roundness1 = 2·(−q1 + q2 − q3
/// + q4)/Σ|convolved| over the four quadrants of the convolved cutout without its centre.
struct DAOFindStatistics: Sendable {
    let size: Int
    let centre: Int
    let kernel: [Double]
    let inCircle: [Bool]

    init(fwhm: Double) {
        let sigma = fwhm / (8 * log(2.0)).squareRoot()
        let radius = max(2.0, 1.5 * sigma)
        size = 2 * Int(radius) + 1
        centre = (size - 1) / 2
        var values = [Double](repeating: 0, count: size * size)
        var circle = [Bool](repeating: false, count: size * size)
        for y in 0..<size {
            for x in 0..<size {
                let (dx, dy) = (Double(x - centre), Double(y - centre))
                circle[y * size + x] = (dx * dx + dy * dy).squareRoot() <= radius
                values[y * size + x] = circle[y * size + x] ? exp(-(dx * dx + dy * dy) / (2 * sigma * sigma)) : 0
            }
        }
        let peak = values.max() ?? 1
        values = values.map { $0 / peak }
        let n = Double(circle.filter { $0 }.count)
        let sum = values.reduce(0, +), squares = values.reduce(0) { $0 + $1 * $1 }
        let denominator = squares - sum * sum / n
        kernel = (0..<values.count).map { circle[$0] ? (values[$0] - sum / n) / denominator : 0 }
        inCircle = circle
    }

    /// (sharpness, roundness1) of the source at (x, y); NaN when non-finite.
    func measure(x: Double, y: Double, data: Raster<Float>) -> (sharpness: Double, roundness: Double) {
        // astropy extract_array centre: ⌈pos − size/2⌉ + centre.
        let x0 = x.isFinite ? Int((x - Double(size) / 2).rounded(.up)) : -1000
        let y0 = y.isFinite ? Int((y - Double(size) / 2).rounded(.up)) : -1000
        func pixel(_ px: Int, _ py: Int) -> Double {
            guard px >= 0, py >= 0, px < data.width, py < data.height else { return 0 }
            return Double(data.pixels[py * data.width + px])
        }
        func convolved(_ px: Int, _ py: Int) -> Double {
            guard px >= 0, py >= 0, px < data.width, py < data.height else { return 0 }
            var sum = 0.0
            for ky in 0..<size {
                for kx in 0..<size where inCircle[ky * size + kx] {
                    sum += kernel[ky * size + kx] * pixel(px + kx - centre, py + ky - centre)
                }
            }
            return sum
        }
        var cut = [Double](repeating: 0, count: size * size), conv = cut
        for cy in 0..<size {
            for cx in 0..<size {
                cut[cy * size + cx] = pixel(x0 + cx, y0 + cy)
                conv[cy * size + cx] = convolved(x0 + cx, y0 + cy)
            }
        }
        let peak = cut[centre * size + centre], convPeak = conv[centre * size + centre]
        var circleSum = 0.0
        for i in cut.indices where inCircle[i] { circleSum += cut[i] }
        let n = Double(inCircle.filter { $0 }.count) - 1
        let sharpness = (peak - (circleSum - peak) / n) / convPeak
        conv[centre * size + centre] = 0
        func quadrant(_ ys: Range<Int>, _ xs: Range<Int>) -> Double {
            var s = 0.0
            for qy in ys { for qx in xs { s += conv[qy * size + qx] } }
            return s
        }
        let c = centre
        let q1 = quadrant(0..<(c + 1), (c + 1)..<size), q2 = quadrant(0..<c, 0..<(c + 1))
        let q3 = quadrant(c..<size, 0..<c), q4 = quadrant((c + 1)..<size, c..<size)
        let total = conv.reduce(0) { $0 + abs($1) }
        let roundness = total == 0 ? Double.nan : 2 * (-q1 + q2 - q3 + q4) / total
        return (sharpness, roundness)
    }
}
