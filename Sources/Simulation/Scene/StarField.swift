#if canImport(Glibc)
import Glibc
#endif
import Arrays

/// A point source of the simulated scene, in detector pixels (0-based, science-array frame).
public struct PointSource: Sendable, Hashable {
    public var x: Double
    public var y: Double
    /// Count rate, electrons per second.
    public var flux: Double

    public init(x: Double, y: Double, flux: Double) {
        self.x = x
        self.y = y
        self.flux = flux
    }
}

/// Stars drawn from a power-law luminosity function, dN/dF ∝ F^-slope between a faint and a
/// bright flux limit (electrons per second), at uniform random positions.
public struct StarField: Sendable {
    public var count: Int
    public var faintFlux: Double = 5
    public var brightFlux: Double = 200_000
    /// Power-law index of dN/dF (about 2 for counts rising ~0.3 dex per magnitude).
    public var slope: Double = 2.0
    public var seed: UInt64 = 1

    public init(count: Int) { self.count = count }

    /// The stars inside a width x height detector, `margin` pixels from its edges.
    public func draw(width: Int, height: Int, margin: Double = 0) -> [PointSource] {
        var random = RandomSource(seed: seed, stream: 0x5354_4152)
        let a = 1 - slope
        return (0..<count).map { _ in
            // Inverse CDF of a truncated power law.
            let u = random.uniform()
            let flux: Double
            if abs(a) < 1e-9 {
                flux = faintFlux * pow(brightFlux / faintFlux, u)
            } else {
                flux = pow(pow(faintFlux, a) + u * (pow(brightFlux, a) - pow(faintFlux, a)), 1 / a)
            }
            let x = margin + random.uniform() * (Double(width) - 1 - 2 * margin)
            let y = margin + random.uniform() * (Double(height) - 1 - 2 * margin)
            return PointSource(x: x, y: y, flux: flux)
        }
    }
}
