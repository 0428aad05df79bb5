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

/// Renders sources and a uniform sky into a rate image (electrons per second per pixel).
public struct SceneRenderer: Sendable {
    public var psf: ObscuredPupilPSF
    /// Half-size of the PSF stamp, pixels.
    public var stampRadius = 24
    /// Sub-pixel phases per pixel for which stamps are precomputed; a source uses the nearest,
    /// so positions are rendered to within 1/(2·phases) pixel.
    public var phases = 8

    public init(psf: ObscuredPupilPSF) { self.psf = psf }

    /// The rate image of `sources`, `galaxies` (each convolved with the PSF) and a uniform `sky`.
    public func render(_ sources: [PointSource], galaxies: [SersicGalaxy] = [], width: Int, height: Int,
                       sky: Double) throws -> TypedArray<Float> {
        var image = try TypedArray<Float>(shape: [height, width], repeating: Float(sky))
        if !galaxies.isEmpty {
            var kernelPSF = psf
            kernelPSF.oversampling = 4
            let kernel = try kernelPSF.stamp(radius: min(stampRadius, 12))
            for galaxy in galaxies {
                let radius = Int(min(max(8 * galaxy.halfLightRadius, 12), 64))
                let blurred = try StampConvolution.convolve(galaxy.stamp(radius: radius), with: kernel)
                Self.add(blurred, scale: 1, at: (Int(galaxy.x.rounded()), Int(galaxy.y.rounded())), to: &image)
            }
        }
        // stamps[py * phases + px]: the PSF shifted by shift(px), shift(py) from a pixel centre,
        // the phases spanning [-0.5, 0.5).
        func shift(_ phase: Int) -> Double { -0.5 + (Double(phase) + 0.5) / Double(phases) }
        var stampPSF = psf
        stampPSF.oversampling = 4
        var stamps: [TypedArray<Float>] = []
        for py in 0..<phases {
            for px in 0..<phases {
                stamps.append(try stampPSF.stamp(radius: stampRadius, dx: shift(px), dy: shift(py)))
            }
        }
        func phase(_ offset: Double) -> Int { max(0, min(phases - 1, Int(((offset + 0.5) * Double(phases)).rounded(.down)))) }
        for source in sources {
            // Pixel i covers [i - 0.5, i + 0.5).
            let cx = Int(source.x.rounded()), cy = Int(source.y.rounded())
            let px = phase(source.x - Double(cx)), py = phase(source.y - Double(cy))
            Self.add(stamps[py * phases + px], scale: Float(source.flux), at: (cx, cy), to: &image)
        }
        return image
    }

    /// Adds `scale` times an odd-sized stamp centred on pixel `centre`, clipped at the edges.
    static func add(_ stamp: TypedArray<Float>, scale: Float, at centre: (x: Int, y: Int), to image: inout TypedArray<Float>) {
        let side = stamp.shape[0], half = side / 2
        let (height, width) = (image.shape[0], image.shape[1])
        stamp.withUnsafeBufferPointer { s in
            image.withUnsafeMutableBufferPointer { out in
                for sy in 0..<side {
                    let y = centre.y + sy - half
                    guard y >= 0, y < height else { continue }
                    for sx in 0..<side {
                        let x = centre.x + sx - half
                        guard x >= 0, x < width else { continue }
                        out[y * width + x] += scale * s[sy * side + sx]
                    }
                }
            }
        }
    }
}
