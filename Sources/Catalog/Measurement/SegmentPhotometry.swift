#if canImport(Glibc)
import Glibc
#endif

/// photutils `SourceCatalog` photometry of one segment with romancal's settings
/// (`aperture_mask_method='mask'`, `kron_params=(2.5, 1.4, 0.0)`, no local background): the
/// isophotal (segment) flux, the Kron (1980) radius and flux, the radius enclosing half the
/// Kron flux, and the SExtractor-style windowed centroid. Pixels that are masked, non-finite
/// or in another segment are left out of every sum.
struct SegmentPhotometry: Sendable {
    /// Unmasked pixels of the segment (NaN when none).
    var area = Double.nan
    var segmentFlux = Double.nan, segmentFluxError = Double.nan
    /// Kron radius in units of the moment ellipse (photutils' `kron_radius`, "pix").
    var kronRadius = Double.nan
    var kronFlux = Double.nan, kronFluxError = Double.nan
    /// Radius enclosing half the Kron flux, pixels.
    var halfFluxRadius = Double.nan
    var windowedX = Double.nan, windowedY = Double.nan

    static let kronScale = 2.5, kronMinimum = 1.4, kronMinimumCircularRadius = 0.0

    init(label: UInt32, box: SegmentationImage.Box, shape: SegmentShape, images: MeasurementImages) {
        measureSegment(label: label, box: box, images: images)
        guard area.isFinite else { return }
        measureKron(label: label, shape: shape, images: images)
        measureHalfFluxRadius(label: label, shape: shape, images: images)
        measureWindowedCentroid(label: label, shape: shape, images: images)
    }

    /// Sums of data and error² over the segment's usable pixels.
    mutating func measureSegment(label: UInt32, box: SegmentationImage.Box, images: MeasurementImages) {
        let width = images.width
        var n = 0, flux = 0.0, variance = 0.0
        for y in box.ymin...box.ymax {
            for x in box.xmin...box.xmax {
                let i = y * width + x
                guard images.segmentation.labels.pixels[i] == label, !images.mask[i], images.data.pixels[i].isFinite else { continue }
                n += 1
                flux += Double(images.data.pixels[i])
                let e = Double(images.error.pixels[i])
                variance += e * e
            }
        }
        guard n > 0 else { return }
        area = Double(n)
        segmentFlux = flux
        segmentFluxError = variance.squareRoot()
    }

    /// The Kron radius (first moment of r within 6 "sigma" of the moment ellipse, at least 1.4,
    /// NaN above 6) and the flux in the ellipse scaled by 2.5 × that radius (exact overlap).
    mutating func measureKron(label: UInt32, shape: SegmentShape, images: MeasurementImages) {
        let (xc, yc) = (shape.x, shape.y)
        let scale = 6.0
        let (a, b) = (shape.semimajor * scale, shape.semiminor * scale)
        let theta = shape.orientation * .pi / 180
        guard xc.isFinite, yc.isFinite, a.isFinite, b.isFinite, theta.isFinite, a > 0 || b > 0 else { return }
        let (c, s) = (cos(theta), sin(theta))
        let halfW = (a * a * c * c + b * b * s * s).squareRoot(), halfH = (a * a * s * s + b * b * c * c).squareRoot()
        let xs = MeasurementImages.clip(Int(floor(xc - halfW + 0.5)), Int(floor(xc + halfW + 0.5)) + 1, images.width)
        let ys = MeasurementImages.clip(Int(floor(yc - halfH + 0.5)), Int(floor(yc + halfH + 0.5)) + 1, images.height)
        guard !xs.isEmpty, !ys.isEmpty else { return }
        var numerator = 0.0, denominator = 0.0
        for y in ys {
            let dy = Double(y) - yc
            for x in xs {
                let i = y * images.width + x
                guard !images.excluded(i, label: label) else { continue }
                let dx = Double(x) - xc
                let r = max(shape.cxx * dx * dx + shape.cxy * dx * dy + shape.cyy * dy * dy, 0).squareRoot()
                guard r <= scale else { continue }
                let v = Double(images.data.pixels[i])
                numerator += v * r
                denominator += v
            }
        }
        var radius = numerator <= 0 || denominator <= 0 ? Self.kronMinimum : numerator / denominator
        if radius > 6 { return }
        radius = max(radius, Self.kronMinimum)
        if Self.kronScale * radius * (shape.semimajor * shape.semiminor).squareRoot() <= Self.kronMinimumCircularRadius {
            kronRadius = 0
            return
        }
        kronRadius = radius
        let (ka, kb) = (shape.semimajor * Self.kronScale * radius, shape.semiminor * Self.kronScale * radius)
        let extentX = ((ka * c) * (ka * c) + (kb * s) * (kb * s)).squareRoot()
        let extentY = ((ka * s) * (ka * s) + (kb * c) * (kb * c)).squareRoot()
        let kx = MeasurementImages.clip(Int(floor(xc - extentX + 0.5)), Int(floor(xc + extentX + 1.5)), images.width)
        let ky = MeasurementImages.clip(Int(floor(yc - extentY + 0.5)), Int(floor(yc + extentY + 1.5)), images.height)
        var flux = 0.0, variance = 0.0, used = 0
        for y in ky {
            for x in kx {
                let i = y * images.width + x
                let w = PixelOverlap.ellipse(dx: Double(x) - xc, dy: Double(y) - yc, a: ka, b: kb, cosTheta: c, sinTheta: s)
                guard w > 0, !images.excluded(i, label: label) else { continue }
                used += 1
                flux += w * Double(images.data.pixels[i])
                let e = Double(images.error.pixels[i])
                variance += w * e * e
            }
        }
        guard used > 0 else { return }
        kronFlux = flux
        kronFluxError = variance.squareRoot()
    }

    /// photutils `flux_radius(0.5)`: the circular radius where the enclosed flux (exact
    /// overlap, masked pixels as 0) is half the Kron flux, by Brent's method on [0.1, R], R the
    /// Kron ellipse's semi-major axis, shrinking R by 10% while the root is not bracketed.
    mutating func measureHalfFluxRadius(label: UInt32, shape: SegmentShape, images: MeasurementImages) {
        let maxRadius = shape.semimajor * kronRadius * Self.kronScale
        let (xc, yc) = (shape.x, shape.y)
        guard xc.isFinite, yc.isFinite, kronFlux.isFinite, kronFlux != 0, maxRadius.isFinite, maxRadius > 0 else { return }
        let xs = MeasurementImages.clip(Int(floor(xc - maxRadius + 0.5)), Int(ceil(xc + maxRadius + 0.5)), images.width)
        let ys = MeasurementImages.clip(Int(floor(yc - maxRadius + 0.5)), Int(ceil(yc + maxRadius + 0.5)), images.height)
        guard !xs.isEmpty, !ys.isEmpty else { return }
        var pixels: [(dx: Double, dy: Double, value: Double)] = []
        for y in ys {
            for x in xs {
                let i = y * images.width + x
                guard !images.excluded(i, label: label) else { continue }
                pixels.append((Double(x) - xc, Double(y) - yc, Double(images.data.pixels[i])))
            }
        }
        let target = kronFlux * 0.5
        let f = { (r: Double) -> Double in
            var sum = 0.0
            for p in pixels { sum += p.value * PixelOverlap.circle(dx: p.dx, dy: p.dy, radius: r) }
            return 1 - sum / target
        }
        var upper = maxRadius
        let step = 0.1 * maxRadius
        while upper > 0.1 {
            if let root = BrentRoot.find(f, 0.1, upper) { halfFluxRadius = root; return }
            upper -= step
        }
    }

    /// photutils 3.0 `centroid_win`: Gaussian-weighted centroid iterated from the moment
    /// centroid (weights exp(−r²/2σ²) within 4σ, σ = 2·r½/2.3548 with r½ ≥ 0.5; step 2·Δ as
    /// SExtractor's XWIN_IMAGE; at most 16 passes, until the shift is below 1e-4 px), reset to
    /// the moment centroid when it leaves the moment ellipse.
    mutating func measureWindowedCentroid(label: UInt32, shape: SegmentShape, images: MeasurementImages) {
        guard halfFluxRadius.isFinite, shape.x.isFinite, shape.y.isFinite else { return }
        let sigma = 2 * max(halfFluxRadius, 0.5) / (8 * log(2.0)).squareRoot()
        let radius = 4 * sigma
        let half = Int(radius + 1.5)
        var (xc, yc) = (shape.x, shape.y)
        var shift = 1.0, iterations = 0
        while iterations < 16 && shift > 1e-4 {
            let ix = Int(xc + 0.5) - half, iy = Int(yc + 0.5) - half
            let xs = MeasurementImages.clip(ix, ix + 2 * half + 1, images.width)
            let ys = MeasurementImages.clip(iy, iy + 2 * half + 1, images.height)
            guard !xs.isEmpty, !ys.isEmpty else { xc = .nan; yc = .nan; break }
            var total = 0.0, sx = 0.0, sy = 0.0
            for y in ys {
                let dy = Double(y) - yc
                for x in xs {
                    let i = y * images.width + x
                    guard !images.excluded(i, label: label) else { continue }
                    let dx = Double(x) - xc
                    let r2 = dx * dx + dy * dy
                    guard r2 <= radius * radius else { continue }
                    let w = Double(images.data.pixels[i]) * exp(-r2 / (2 * sigma * sigma))
                    total += w
                    sx += w * dx
                    sy += w * dy
                }
            }
            let (dx, dy) = (sx / total, sy / total)
            shift = (dx * dx + dy * dy).squareRoot()
            xc += 2 * dx
            yc += 2 * dy
            iterations += 1
        }
        let (ddx, ddy) = (shape.x - xc, shape.y - yc)
        if !xc.isFinite || !yc.isFinite || shape.cxx * ddx * ddx + shape.cxy * ddx * ddy + shape.cyy * ddy * ddy > 1 {
            (xc, yc) = (shape.x, shape.y)
        }
        windowedX = xc
        windowedY = yc
    }
}

/// Brent's (1973) root finder on a bracketing interval (scipy `brentq`'s algorithm).
enum BrentRoot {
    static func find(_ f: (Double) -> Double, _ lower: Double, _ upper: Double, tolerance: Double = 2e-12,
                     maxIterations: Int = 100) -> Double? {
        var a = lower, b = upper
        var fa = f(a), fb = f(b)
        guard fa.isFinite, fb.isFinite else { return nil }
        if fa == 0 { return a }
        if fb == 0 { return b }
        guard (fa < 0) != (fb < 0) else { return nil }
        var c = a, fc = fa, d = b - a, e = d
        for _ in 0..<maxIterations {
            if (fb < 0) == (fc < 0) { c = a; fc = fa; d = b - a; e = d }
            if abs(fc) < abs(fb) { a = b; b = c; c = a; fa = fb; fb = fc; fc = fa }
            let tol = 2 * Double.ulpOfOne * abs(b) + tolerance / 2
            let m = (c - b) / 2
            if abs(m) <= tol || fb == 0 { return b }
            if abs(e) >= tol && abs(fa) > abs(fb) {
                let s = fb / fa
                var p: Double, q: Double
                if a == c {
                    p = 2 * m * s; q = 1 - s
                } else {
                    let qq = fa / fc, r = fb / fc
                    p = s * (2 * m * qq * (qq - r) - (b - a) * (r - 1))
                    q = (qq - 1) * (r - 1) * (s - 1)
                }
                if p > 0 { q = -q } else { p = -p }
                if 2 * p < min(3 * m * q - abs(tol * q), abs(e * q)) { e = d; d = p / q } else { d = m; e = m }
            } else {
                d = m; e = m
            }
            a = b; fa = fb
            b += abs(d) > tol ? d : (m > 0 ? tol : -tol)
            fb = f(b)
        }
        return b
    }
}
