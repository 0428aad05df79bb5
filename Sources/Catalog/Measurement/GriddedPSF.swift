import Arrays
import WFI

/// photutils' `GriddedPSFModel` built as romancal builds it from an `epsf` reference file
/// (`psf.py` `get_gridded_psf_model`: in-focus plane, spectral type G2V, the 3 x 3 grid of
/// `meta.pixel_x`/`pixel_y`): at a source position the four surrounding grid ePSFs are weighted
/// bilinearly, and each is an interpolating bicubic spline through its oversampled samples,
/// evaluated at oversampling·(x − x₀) + centre (zero beyond the stamp). Stamps in the old
/// normalisation (summing to about 1) are first integrated over a native pixel, as romancal does.
///
/// The splines are uniform cubic B-splines; in the stamp's core, where sources are fitted, they
/// equal FITPACK's not-a-knot splines, since the end conditions' effect decays as 0.27ⁿ over n
/// samples. So the coefficients are solved on the central `coreRadius` pixels of each stamp only
/// (with half-sample symmetric ends there, 2⁻⁵⁰ below the values at 12 samples in), which is
/// what the 5 x 5 fits reach.
public struct GriddedPSF: Sendable {
    public let oversampling: Int
    /// Side of a stamp, oversampled pixels.
    public let side: Int
    /// Grid x and y positions (sorted, unique), pixels.
    let gridX: [Double]
    let gridY: [Double]
    /// B-spline coefficients of the core window of each stamp, one window after another in grid
    /// order (iy * gridX.count + ix), each windowSide x windowSide.
    let coefficients: [Double]
    /// The core window: its first oversampled index along each axis and its side.
    let windowStart: Int
    let windowSide: Int
    /// Half-size of the core window, native pixels.
    static let coreRadius = 12

    /// The model of the epsf reference at `path` (spectral type index 1, focus index 0).
    public init(epsfReference path: String) throws(CatalogError) {
        let model: RomanDataModel
        do { model = try RomanDataModel(contentsOf: path) } catch { throw .reference(path: path, reason: "\(error)") }
        guard let psf = model.array("psf"), psf.shape.count == 5 else {
            throw .reference(path: path, reason: "epsf reference without a 5-D 'psf' array")
        }
        let shape = psf.shape
        guard shape[1] > 1, shape[3] == shape[4], shape[3] >= 4 else {
            throw .reference(path: path, reason: "epsf 'psf' of shape \(shape): needs spectral types and square stamps")
        }
        let xs = model.meta("pixel_x")?.sequenceValue?.compactMap(\.doubleValue) ?? []
        let ys = model.meta("pixel_y")?.sequenceValue?.compactMap(\.doubleValue) ?? []
        guard xs.count == shape[2], ys.count == shape[2] else {
            throw .reference(path: path, reason: "meta.pixel_x/pixel_y do not list the \(shape[2]) grid positions")
        }
        guard let oversample = model.meta("oversample")?.intValue.map(Int.init), oversample > 0 else {
            throw .reference(path: path, reason: "meta.oversample missing")
        }
        let typed: TypedArray<Float>
        do { typed = try psf.typed(Float.self) } catch { throw .reference(path: path, reason: "epsf 'psf': \(error)") }
        let n = shape[3], count = shape[2], plane = n * n
        let offset = 1 * count * plane  // focus 0, spectral type 1 (G2V)
        let oversampling = oversample
        var stamps = typed.withUnsafeBufferPointer { values in
            (0..<count).map { g in (0..<plane).map { Double(values[offset + g * plane + $0]) } }
        }
        let sums = stamps.map { $0.reduce(0, +) }.sorted()
        if sums[sums.count / 2] < Double(oversampling * oversampling) / 2 {
            stamps = stamps.map { Self.integratedOverPixel($0, side: n, oversampling: oversampling) }
        }
        try self.init(stamps: stamps, side: n, positions: Array(zip(xs, ys)), oversampling: oversample, path: path)
    }

    /// A model from stamps (each side x side, summing to oversampling²) at grid positions.
    public init(stamps: [[Double]], side: Int, positions: [(Double, Double)], oversampling: Int, path: String = "(psf)") throws(CatalogError) {
        let gx = Array(Set(positions.map(\.0))).sorted(), gy = Array(Set(positions.map(\.1))).sorted()
        guard gx.count * gy.count == positions.count, positions.count == 1 || (gx.count >= 2 && gy.count >= 2) else {
            throw .reference(path: path, reason: "ePSF positions do not form a rectangular grid (one position, or at least 2 x 2)")
        }
        let half = min(side / 2, Self.coreRadius * oversampling)
        let start = (side - 1) / 2 - half, window = min(side - start, 2 * half + 1)
        var ordered = [[Double]](repeating: [], count: positions.count)
        for (k, p) in positions.enumerated() {
            var core = [Double](repeating: 0, count: window * window)
            for y in 0..<window { for x in 0..<window { core[y * window + x] = stamps[k][(start + y) * side + start + x] } }
            ordered[gy.firstIndex(of: p.1)! * gx.count + gx.firstIndex(of: p.0)!] = CubicBSpline.coefficients2D(core, side: window)
        }
        windowStart = start
        windowSide = window
        self.oversampling = oversampling
        self.side = side
        gridX = gx
        gridY = gy
        coefficients = ordered.flatMap { $0 }
    }

    /// astropy `convolve(psf, Box2DKernel(oversampling)) · oversampling²` (an even box has half
    /// weights at its ends), separably.
    static func integratedOverPixel(_ stamp: [Double], side: Int, oversampling: Int) -> [Double] {
        var taps = [Double](repeating: 1, count: oversampling % 2 == 0 ? oversampling + 1 : oversampling)
        if oversampling % 2 == 0 { taps[0] = 0.5; taps[taps.count - 1] = 0.5 }
        let total = taps.reduce(0, +)
        taps = taps.map { $0 / total }
        let r = taps.count / 2
        func pass(_ image: [Double], horizontal: Bool) -> [Double] {
            var out = [Double](repeating: 0, count: image.count)
            for y in 0..<side {
                for x in 0..<side {
                    var s = 0.0
                    for k in -r...r {
                        let (xx, yy) = horizontal ? (x + k, y) : (x, y + k)
                        guard xx >= 0, yy >= 0, xx < side, yy < side else { continue }
                        s += taps[k + r] * image[yy * side + xx]
                    }
                    out[y * side + x] = s
                }
            }
            return out
        }
        let scale = Double(oversampling * oversampling)
        return pass(pass(stamp, horizontal: true), horizontal: false).map { $0 * scale }
    }

    /// Bilinear weights of the grid stamps for a source at (x0, y0) (clipped to the grid).
    func gridWeights(x0: Double, y0: Double) -> [(Int, Double)] {
        func cell(_ grid: [Double], _ v: Double) -> (Int, Double) {
            guard grid.count > 1 else { return (0, 0) }
            var i = (grid.firstIndex { $0 >= v } ?? grid.count) - 1
            i = min(max(i, 0), grid.count - 2)
            let t = (min(max(v, grid[i]), grid[i + 1]) - grid[i]) / (grid[i + 1] - grid[i])
            return (i, t)
        }
        let (ix, tx) = cell(gridX, x0), (iy, ty) = cell(gridY, y0)
        let nx = gridX.count
        if gridX.count == 1 && gridY.count == 1 { return [(0, 1)] }
        return [(iy * nx + ix, (1 - tx) * (1 - ty)), (iy * nx + ix + 1, tx * (1 - ty)),
                ((iy + 1) * nx + ix, (1 - tx) * ty), ((iy + 1) * nx + ix + 1, tx * ty)].filter { $0.1 != 0 }
    }

    /// The unit-flux PSF centred at (x0, y0) at pixel (x, y), with its derivatives with
    /// respect to x0 and y0 (the grid weights held fixed).
    func evaluate(x: Double, y: Double, x0: Double, y0: Double, weights: [(Int, Double)]) -> (value: Double, dx0: Double, dy0: Double) {
        let os = Double(oversampling)
        let centre = Double(side - 1) / 2
        let u = os * (x - x0) + centre - Double(windowStart), v = os * (y - y0) + centre - Double(windowStart)
        // Beyond the core window (more than 12 px from the centre) the model is taken as 0.
        guard u >= 0, v >= 0, u <= Double(windowSide - 1), v <= Double(windowSide - 1) else { return (0, 0, 0) }
        let bu = Int(u.rounded(.down)), bv = Int(v.rounded(.down))
        // The basis values and coefficient offsets of the 4 x 4 neighbourhood, the same for
        // every grid stamp.
        var bx = SIMD4<Double>(), dbx = SIMD4<Double>(), by = SIMD4<Double>(), dby = SIMD4<Double>()
        var columns = SIMD4<Int>(), rows = SIMD4<Int>()
        for k in 0..<4 {
            let (i, j) = (bu - 1 + k, bv - 1 + k)
            bx[k] = CubicBSpline.basis(u - Double(i))
            dbx[k] = CubicBSpline.derivative(u - Double(i))
            by[k] = CubicBSpline.basis(v - Double(j))
            dby[k] = CubicBSpline.derivative(v - Double(j))
            columns[k] = CubicBSpline.reflect(i, windowSide)
            rows[k] = CubicBSpline.reflect(j, windowSide) * windowSide
        }
        let plane = windowSide * windowSide
        var value = 0.0, du = 0.0, dv = 0.0
        coefficients.withUnsafeBufferPointer { c in
            for (g, w) in weights {
                let stamp = g * plane
                for jj in 0..<4 where by[jj] != 0 || dby[jj] != 0 {
                    for ii in 0..<4 {
                        let coefficient = w * c[stamp + rows[jj] + columns[ii]]
                        value += coefficient * bx[ii] * by[jj]
                        du += coefficient * dbx[ii] * by[jj]
                        dv += coefficient * bx[ii] * dby[jj]
                    }
                }
            }
        }
        return (value, -os * du, -os * dv)
    }
}

extension CubicBSpline {
    /// dβ³/dt.
    static func derivative(_ t: Double) -> Double {
        let a = abs(t), sign: Double = t < 0 ? -1 : 1
        if a < 1 { return sign * (-2 * a + 1.5 * a * a) }
        if a < 2 { let b = 2 - a; return -sign * 0.5 * b * b }
        return 0
    }

    /// Coefficients of the tensor-product spline through a side x side image (rows, then columns).
    static func coefficients2D(_ image: [Double], side: Int) -> [Double] {
        var c = image
        for y in 0..<side {
            let row = coefficients(Array(c[(y * side)..<((y + 1) * side)]))
            for x in 0..<side { c[y * side + x] = row[x] }
        }
        for x in 0..<side {
            let column = coefficients((0..<side).map { c[$0 * side + x] })
            for y in 0..<side { c[y * side + x] = column[y] }
        }
        return c
    }
}
