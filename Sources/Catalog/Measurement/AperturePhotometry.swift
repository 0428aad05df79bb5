/// romancal's `ApertureCatalog`: circular-aperture sums at the centroid (photutils
/// `aperture_photometry`, exact overlap, no mask: a non-finite pixel in an aperture makes its sum
/// NaN), with errors √Σ w·err², and the local background in an annulus (pixel centres inside,
/// 3σ-clipped with the standard deviation, median and √(π/2N)·σ as its error).
struct AperturePhotometry: Sendable {
    /// Aperture radii, pixels.
    var radii: [Double]
    /// Inner and outer annulus radii, pixels.
    var annulus: (inner: Double, outer: Double)

    /// Sum and error of each aperture (NaN when the aperture misses the image).
    func fluxes(x: Double, y: Double, images: MeasurementImages) -> [(flux: Double, error: Double)] {
        radii.map { r in
            guard x.isFinite, y.isFinite else { return (.nan, .nan) }
            let xs = MeasurementImages.clip(Int((x - r + 0.5).rounded(.down)), Int((x + r + 1.5).rounded(.down)), images.width)
            let ys = MeasurementImages.clip(Int((y - r + 0.5).rounded(.down)), Int((y + r + 1.5).rounded(.down)), images.height)
            guard !xs.isEmpty, !ys.isEmpty else { return (.nan, .nan) }
            var flux = 0.0, variance = 0.0
            for py in ys {
                for px in xs {
                    let w = PixelOverlap.circle(dx: Double(px) - x, dy: Double(py) - y, radius: r)
                    guard w > 0 else { continue }
                    let i = py * images.width + px
                    flux += w * Double(images.data.pixels[i])
                    let e = Double(images.error.pixels[i])
                    variance += w * e * e
                }
            }
            return (flux, variance.squareRoot())
        }
    }

    /// Median and its error of the data in the annulus, per pixel (NaN when no pixel is left).
    func localBackground(x: Double, y: Double, images: MeasurementImages) -> (median: Double, error: Double) {
        guard x.isFinite, y.isFinite else { return (.nan, .nan) }
        let r = annulus.outer
        let xs = MeasurementImages.clip(Int((x - r + 0.5).rounded(.down)), Int((x + r + 1.5).rounded(.down)), images.width)
        let ys = MeasurementImages.clip(Int((y - r + 0.5).rounded(.down)), Int((y + r + 1.5).rounded(.down)), images.height)
        var values: [Float] = []
        let (inner2, outer2) = (annulus.inner * annulus.inner, annulus.outer * annulus.outer)
        for py in ys {
            let dy = Double(py) - y
            for px in xs {
                let dx = Double(px) - x
                let r2 = dx * dx + dy * dy
                if r2 <= outer2 && r2 > inner2 { values.append(images.data.pixels[py * images.width + px]) }
            }
        }
        var clip = SigmaClippedStatistics()
        clip.spread = .standardDeviation
        guard let s = clip(&values) else { return (.nan, .nan) }
        return (s.median, (Double.pi / (2 * Double(s.count))).squareRoot() * s.std)
    }
}
