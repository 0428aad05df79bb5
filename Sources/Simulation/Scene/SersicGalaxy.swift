#if canImport(Glibc)
import Glibc
#endif
import Arrays

/// An elliptical Sérsic galaxy: I(r) ∝ exp(−b_n [(r/r_e)^(1/n) − 1]) with b_n from Ciotti &
/// Bertin (1999, A&A 352, 447), so that r_e encloses half the light.
public struct SersicGalaxy: Sendable, Hashable {
    /// Centre, detector pixels.
    public var x: Double
    public var y: Double
    /// Total count rate, electrons per second.
    public var flux: Double
    /// Half-light radius along the major axis, pixels.
    public var halfLightRadius: Double
    /// Sérsic index (0.5 Gaussian-like, 1 exponential disk, 4 de Vaucouleurs).
    public var index: Double
    /// Axis ratio b/a in (0, 1].
    public var axisRatio: Double
    /// Position angle of the major axis from the +x axis, radians.
    public var angle: Double

    public init(x: Double, y: Double, flux: Double, halfLightRadius: Double, index: Double, axisRatio: Double = 1, angle: Double = 0) {
        self.x = x
        self.y = y
        self.flux = flux
        self.halfLightRadius = halfLightRadius
        self.index = index
        self.axisRatio = axisRatio
        self.angle = angle
    }

    /// b_n, the constant that makes r_e the half-light radius: Ciotti & Bertin's asymptotic
    /// series to fifth order (better than 1e-4 for n >= 1, about 1e-3 at n = 0.5).
    public static func b(_ n: Double) -> Double {
        2 * n - 1.0 / 3 + 4 / (405 * n) + 46 / (25_515 * n * n) + 131 / (1_148_175 * n * n * n)
            - 2_194_697 / (30_690_717_750 * n * n * n * n)
    }

    /// Unnormalised surface brightness at offset (dx, dy) from the centre, pixels.
    public func profile(dx: Double, dy: Double) -> Double {
        let c = cos(angle), s = sin(angle)
        let major = dx * c + dy * s, minor = -dx * s + dy * c
        let r = (major * major + minor * minor / (axisRatio * axisRatio)).squareRoot()
        return exp(-Self.b(index) * (pow(r / halfLightRadius, 1 / index) - 1))
    }

    /// The galaxy on a (2·radius+1)² stamp around the pixel nearest its centre, integrated
    /// over pixels (oversampled), normalised to `flux` within the stamp.
    public func stamp(radius: Int, oversampling: Int = 4) throws -> TypedArray<Float> {
        let side = 2 * radius + 1
        let cx = x.rounded(), cy = y.rounded()
        var values = [Double](repeating: 0, count: side * side)
        var total = 0.0
        let n = oversampling
        for py in 0..<side {
            for px in 0..<side {
                var sum = 0.0
                for sy in 0..<n {
                    let yy = cy + Double(py - radius) - 0.5 + (Double(sy) + 0.5) / Double(n)
                    for sx in 0..<n {
                        let xx = cx + Double(px - radius) - 0.5 + (Double(sx) + 0.5) / Double(n)
                        sum += profile(dx: xx - x, dy: yy - y)
                    }
                }
                values[py * side + px] = sum
                total += sum
            }
        }
        var stamp = try TypedArray<Float>(shape: [side, side])
        stamp.withUnsafeMutableBufferPointer { b in
            for i in b.indices { b[i] = Float(flux * values[i] / max(total, .leastNonzeroMagnitude)) }
        }
        return stamp
    }
}

/// Direct 2-D convolution of two odd-sized square stamps ("full" size would grow; this keeps
/// the first stamp's size, with the kernel centred).
public enum StampConvolution {
    public static func convolve(_ image: TypedArray<Float>, with kernel: TypedArray<Float>) throws -> TypedArray<Float> {
        let n = image.shape[0], k = kernel.shape[0], half = k / 2
        var out = try TypedArray<Float>(shape: [n, n])
        image.withUnsafeBufferPointer { a in
            kernel.withUnsafeBufferPointer { w in
                out.withUnsafeMutableBufferPointer { o in
                    for y in 0..<n {
                        for x in 0..<n {
                            var sum: Float = 0
                            for ky in 0..<k {
                                let sy = y + half - ky
                                guard sy >= 0, sy < n else { continue }
                                for kx in 0..<k {
                                    let sx = x + half - kx
                                    guard sx >= 0, sx < n else { continue }
                                    sum += a[sy * n + sx] * w[ky * k + kx]
                                }
                            }
                            o[y * n + x] = sum
                        }
                    }
                }
            }
        }
        return out
    }
}
