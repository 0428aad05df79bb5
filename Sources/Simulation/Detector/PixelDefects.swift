import Arrays
import WFI
#if canImport(Glibc)
import Glibc
#endif

/// Per-pixel detector defects: a dark-current map and a quantum-efficiency map the ramp
/// simulator uses, and the data-quality flags the mask reference carries for them.
///
/// Made by `random(...)`: independent seeded draws per pixel of the science area (the reference
/// border is left alone)
/// - hot pixels: dark current uniform in `hotDarkRange` (default 1–50 e/s), flagged HOT | DO_NOT_USE;
/// - dead pixels: QE 0 and no dark current, flagged DEAD | DO_NOT_USE;
/// - low-QE pixels: QE uniform in 0.3–0.7, flagged LOW_QE (usable: the flat reference carries the QE).
public struct PixelDefects: Sendable {
    /// Dark current, electrons per second, (size, size).
    public var dark: TypedArray<Float>
    /// Quantum efficiency relative to nominal (1 = normal pixel), (size, size).
    public var efficiency: TypedArray<Float>
    /// Flat pixel index → the mask flags of that pixel.
    public var flags: [Int: PixelFlags]

    public init(dark: TypedArray<Float>, efficiency: TypedArray<Float>, flags: [Int: PixelFlags]) {
        self.dark = dark
        self.efficiency = efficiency
        self.flags = flags
    }

    /// Seeded defects for a `size`×`size` frame with a `border`-pixel reference border.
    /// Fractions are per science pixel; `baseDark` is the dark current of normal pixels (e/s).
    public static func random(size: Int, border: Int = 4, baseDark: Double = 0.01, hotFraction: Double = 1e-4,
                              deadFraction: Double = 1e-4, lowQEFraction: Double = 1e-4,
                              hotDarkRange: ClosedRange<Double> = 1...50, seed: UInt64 = 1) throws -> PixelDefects {
        var dark = try TypedArray<Float>(shape: [size, size], repeating: Float(baseDark))
        var efficiency = try TypedArray<Float>(shape: [size, size], repeating: 1)
        var flags: [Int: PixelFlags] = [:]
        var random = RandomSource(seed: seed ^ 0xDEFEC7_0000, stream: 0)
        // Geometric gaps between defective pixels: one draw per defect, not per pixel.
        let total = hotFraction + deadFraction + lowQEFraction
        guard total > 0 else { return PixelDefects(dark: dark, efficiency: efficiency, flags: [:]) }
        let science = size - 2 * border
        let count = science * science
        let logMiss = log1p(-min(total, 0.999_999))
        var position = -1
        dark.withUnsafeMutableBufferPointer { d in
            efficiency.withUnsafeMutableBufferPointer { q in
                while true {
                    position += 1 + Int(log(1 - random.uniform()) / logMiss)
                    guard position < count else { break }
                    let index = (position / science + border) * size + position % science + border
                    let kind = random.uniform() * total
                    if kind < hotFraction {
                        d[index] = Float(hotDarkRange.lowerBound + random.uniform() * (hotDarkRange.upperBound - hotDarkRange.lowerBound))
                        flags[index] = [.hot, .doNotUse]
                    } else if kind < hotFraction + deadFraction {
                        d[index] = 0
                        q[index] = 0
                        flags[index] = [.dead, .doNotUse]
                    } else {
                        q[index] = Float(0.3 + 0.4 * random.uniform())
                        flags[index] = .lowQE
                    }
                }
            }
        }
        return PixelDefects(dark: dark, efficiency: efficiency, flags: flags)
    }
}

/// Inter-pixel capacitance: the 3×3 kernel by which a pixel's collected charge is shared with
/// its neighbours at read-out. The default couples 1.7% to each side neighbour and 0.2% to each
/// diagonal one, the rest (92.4%) staying in the centre (typical of H4RG-10 detectors,
/// e.g. Freudenburg et al. 2020, PASP 132, 074504). The kernel sums to 1, so flux is conserved
/// away from the frame edges (charge shared off the frame is lost).
public struct IPCKernel: Sendable, Hashable {
    /// Weights, row-major (dy = -1...1, dx = -1...1).
    public var weights: [Double]

    public init(side: Double = 0.017, diagonal: Double = 0.002) {
        let centre = 1 - 4 * side - 4 * diagonal
        weights = [diagonal, side, diagonal, side, centre, side, diagonal, side, diagonal]
    }

    /// `image` (rows, columns) convolved with the kernel, zero outside the frame.
    public func apply(to image: TypedArray<Float>) throws -> TypedArray<Float> {
        let (rows, columns) = (image.shape[0], image.shape[1])
        var out = try TypedArray<Float>(shape: image.shape)
        let w = weights.map(Float.init)
        image.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                for y in 0..<rows {
                    for dy in -1...1 where y + dy >= 0 && y + dy < rows {
                        let source = (y + dy) * columns
                        for dx in -1...1 {
                            let weight = w[(1 - dy) * 3 + (1 - dx)]
                            // out(y, x) += k(dy', dx') in(y - dy', x - dx'): here in(y+dy, x+dx) with dy' = -dy.
                            let low = max(0, -dx), high = min(columns, columns - dx)
                            for x in low..<high { output[y * columns + x] += weight * input[source + x + dx] }
                        }
                    }
                }
            }
        }
        return out
    }
}
