import Arrays
import Dispatch

/// Renders point sources, Sérsic galaxies and a uniform sky into a rate image (electrons per
/// second per pixel) with a field-dependent PSF.
///
/// Stars use the PSF tabulated at 8 x 8 sub-pixel phases, interpolated between the PSF grid
/// points; each stamp sums to 1, so a star's rendered light equals its flux (up to clipping at
/// the image edge). Galaxies are drawn on their own stamps and convolved with the PSF core
/// (`galaxyKernelRadius`, renormalised), which also conserves their flux; their stamps are
/// computed on all cores.
public struct SceneRenderer: Sendable {
    public var psf: FieldDependentPSF
    /// Half-size of the PSF core that extended sources are convolved with, pixels.
    public var galaxyKernelRadius = 10

    public init(psf: FieldDependentPSF) { self.psf = psf }

    /// The rate image of `sources` and `galaxies` (positions in the PSF's science frame) plus a
    /// uniform `sky`, on a width x height array whose science frame starts `border` pixels in
    /// (4 for a full L1 frame with its reference pixels; those get no light).
    public func render(_ sources: [PointSource], galaxies: [SersicGalaxy] = [], width: Int, height: Int,
                       sky: Double, border: Int = 0) throws -> TypedArray<Float> {
        var image = try TypedArray<Float>(shape: [height, width])
        let offset = Double(border)
        image.withUnsafeMutableBufferPointer { out in
            for y in border..<(height - border) {
                for x in border..<(width - border) { out[y * width + x] = Float(sky) }
            }
        }
        let stamps = try galaxyStamps(galaxies)
        for (galaxy, stamp) in zip(galaxies, stamps) {
            Self.add(stamp, at: (Int(galaxy.x.rounded()) + border, Int(galaxy.y.rounded()) + border), to: &image)
        }
        image.withUnsafeMutableBufferPointer { out in
            for source in sources {
                psf.add(flux: Float(source.flux), x: source.x + offset, y: source.y + offset, to: out,
                        width: width, height: height, position: (source.x, source.y))
            }
        }
        return image
    }

    /// Each galaxy's stamp convolved with the PSF core at its position, computed concurrently.
    func galaxyStamps(_ galaxies: [SersicGalaxy]) throws -> [TypedArray<Float>] {
        guard !galaxies.isEmpty else { return [] }
        let results = ConcurrentResults<Result<TypedArray<Float>, any Error>>(count: galaxies.count)
        let psf = self.psf, kernelRadius = galaxyKernelRadius
        DispatchQueue.concurrentPerform(iterations: galaxies.count) { i in
            let galaxy = galaxies[i]
            results.store(i, Result {
                let kernel = try psf.core(x: galaxy.x, y: galaxy.y, radius: kernelRadius)
                let radius = Int(min(max(8 * galaxy.halfLightRadius, 12), 64))
                return try StampConvolution.convolve(galaxy.stamp(radius: radius), with: kernel)
            })
        }
        return try results.values.map { try $0.get() }
    }

    /// Adds an odd-sized stamp centred on pixel `centre`, clipped at the edges.
    static func add(_ stamp: TypedArray<Float>, at centre: (x: Int, y: Int), to image: inout TypedArray<Float>) {
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
                        out[y * width + x] += s[sy * side + sx]
                    }
                }
            }
        }
    }
}
