import Arrays
/// romancal's PSF photometry (`psf.py` `_PSFCatalog`): photutils `PSFPhotometry` with the
/// gridded ePSF, a 5 x 5 fit box, sources closer than 5 px fitted together (`SourceGrouper`:
/// single-linkage groups), initial fluxes from 5-px circular apertures, weights 1/err and masked
/// pixels left out. Each group is a least-squares fit of (flux, x, y) per source by
/// Levenberg–Marquardt (Moré 1978); errors are √diag((JᵀJ)⁻¹) of the weighted Jacobian (astropy's
/// covariance with absolute weights), `psf_gof` the reduced χ² of the source's own fit pixels and
/// `psf_flags` photutils' bit flags.
struct PSFPhotometry: Sendable {
    var psf: GriddedPSF
    var fitShape = 5
    var groupSeparation = 5.0
    var apertureRadius = 5.0
    var maxIterations = 100

    struct Fit: Sendable {
        var x = Double.nan, y = Double.nan, flux = Double.nan
        var xError = Double.nan, yError = Double.nan, fluxError = Double.nan
        var reducedChi2 = Double.nan
        var flags: Int32 = 0
    }

    /// photutils `PSF_FLAGS` bits.
    enum Flag: Int32 {
        case partial = 1, outsideBounds = 2, negativeFlux = 4, noConvergence = 8, noCovariance = 16
        case noOverlap = 64, fullyMasked = 128, tooFewPixels = 256, nonFinitePosition = 512, nonFiniteFlux = 1024
    }

    /// Fits every source starting at its position (NaN positions are not fitted).
    func fit(positions: [(x: Double, y: Double)], images: MeasurementImages) -> [Fit] {
        let groups = Self.groups(positions, separation: groupSeparation)
        let fitted: [[(Int, Fit)]] = Parallel.map(groups.count) { g in fitGroup(groups[g], positions: positions, images: images) }
        var out = [Fit](repeating: Fit(), count: positions.count)
        for group in fitted { for (i, f) in group { out[i] = f } }
        return out
    }

    /// Single-linkage groups of sources within `separation` pixels (union-find over a cell grid).
    static func groups(_ positions: [(x: Double, y: Double)], separation: Double) -> [[Int]] {
        var parent = Array(positions.indices)
        func find(_ a: Int) -> Int { var r = a; while parent[r] != r { r = parent[r] }; parent[a] = r; return r }
        var cells: [Int64: [Int]] = [:]
        func key(_ cx: Int, _ cy: Int) -> Int64 { Int64(cx) << 32 ^ Int64(UInt32(bitPattern: Int32(truncatingIfNeeded: cy))) }
        for (i, p) in positions.enumerated() where p.x.isFinite && p.y.isFinite {
            let (cx, cy) = (Int((p.x / separation).rounded(.down)), Int((p.y / separation).rounded(.down)))
            for dy in -1...1 {
                for dx in -1...1 {
                    for j in cells[key(cx + dx, cy + dy)] ?? [] {
                        let q = positions[j]
                        if (q.x - p.x) * (q.x - p.x) + (q.y - p.y) * (q.y - p.y) <= separation * separation {
                            parent[find(i)] = find(j)
                        }
                    }
                }
            }
            cells[key(cx, cy), default: []].append(i)
        }
        var byRoot: [Int: [Int]] = [:]
        for i in positions.indices { byRoot[find(i), default: []].append(i) }
        return byRoot.values.sorted { $0[0] < $1[0] }
    }

    /// One source's fit pixels: the fit box about its position, trimmed to the image, masked
    /// pixels left out.
    func fitPixels(x: Double, y: Double, images: MeasurementImages) -> (pixels: [Int], boxPixels: Int) {
        let half = Double(fitShape) / 2
        let xs = MeasurementImages.clip(Int((x - half).rounded(.up)), Int((x - half).rounded(.up)) + fitShape, images.width)
        let ys = MeasurementImages.clip(Int((y - half).rounded(.up)), Int((y - half).rounded(.up)) + fitShape, images.height)
        var pixels: [Int] = []
        for py in ys { for px in xs where !images.mask[py * images.width + px] && images.data.pixels[py * images.width + px].isFinite { pixels.append(py * images.width + px) } }
        return (pixels, xs.count * ys.count)
    }

    func fitGroup(_ members: [Int], positions: [(x: Double, y: Double)], images: MeasurementImages) -> [(Int, Fit)] {
        var results: [(Int, Fit)] = []
        var sources: [(index: Int, pixels: [Int], flux: Double)] = []
        let margin = Double(fitShape / 2 + 1)
        for i in members {
            var fit = Fit()
            let p = positions[i]
            guard p.x.isFinite, p.y.isFinite else {
                fit.flags = Flag.nonFinitePosition.rawValue | Flag.nonFiniteFlux.rawValue
                results.append((i, fit)); continue
            }
            let flux = initialFlux(x: p.x, y: p.y, images: images)
            guard flux.isFinite else { fit.flags = Flag.nonFiniteFlux.rawValue | Flag.nonFinitePosition.rawValue; results.append((i, fit)); continue }
            if p.x < -margin || p.y < -margin || p.x >= Double(images.width) + margin || p.y >= Double(images.height) + margin {
                fit.flags = Flag.noOverlap.rawValue | Flag.nonFinitePosition.rawValue | Flag.nonFiniteFlux.rawValue
                results.append((i, fit)); continue
            }
            let (pixels, box) = fitPixels(x: p.x, y: p.y, images: images)
            var flags: Int32 = pixels.count < fitShape * fitShape || box < fitShape * fitShape ? Flag.partial.rawValue : 0
            if pixels.isEmpty { flags |= Flag.fullyMasked.rawValue } else if pixels.count < 3 { flags |= Flag.tooFewPixels.rawValue }
            if pixels.count < 3 {
                fit.flags = flags | Flag.nonFinitePosition.rawValue | Flag.nonFiniteFlux.rawValue
                results.append((i, fit)); continue
            }
            sources.append((i, pixels, flux))
        }
        guard !sources.isEmpty else { return results }
        // Concatenated fit pixels of every source (a pixel in two boxes appears twice, as photutils does).
        let allPixels = sources.flatMap(\.pixels)
        let weights = allPixels.map { 1 / Double(images.error.pixels[$0]) }
        let values = allPixels.map { Double(images.data.pixels[$0]) }
        var parameters = sources.flatMap { [$0.flux, positions[$0.index].x, positions[$0.index].y] }
        let width = images.width
        let model = { (params: [Double], jacobian: Bool) -> (residuals: [Double], jacobian: [[Double]]) in
            var residuals = zip(values, weights).map { $0 * $1 }
            var columns = jacobian ? [[Double]](repeating: [Double](repeating: 0, count: allPixels.count), count: params.count) : []
            for s in sources.indices {
                let (flux, x0, y0) = (params[3 * s], params[3 * s + 1], params[3 * s + 2])
                let gw = psf.gridWeights(x0: x0, y0: y0)
                for (k, pixel) in allPixels.enumerated() {
                    let (px, py) = (Double(pixel % width), Double(pixel / width))
                    guard abs(px - x0) <= Double(GriddedPSF.coreRadius), abs(py - y0) <= Double(GriddedPSF.coreRadius) else { continue }
                    let e = psf.evaluate(x: px, y: py, x0: x0, y0: y0, weights: gw)
                    residuals[k] -= weights[k] * flux * e.value
                    if jacobian {
                        columns[3 * s][k] = weights[k] * e.value
                        columns[3 * s + 1][k] = weights[k] * flux * e.dx0
                        columns[3 * s + 2][k] = weights[k] * flux * e.dy0
                    }
                }
            }
            return (residuals, columns)
        }
        let solution = LevenbergMarquardt(maxIterations: maxIterations).minimize(parameters: parameters, model: model)
        parameters = solution.parameters
        let covariance = solution.covariance
        var start = 0
        for (s, source) in sources.enumerated() {
            var fit = Fit()
            fit.flux = parameters[3 * s]
            fit.x = parameters[3 * s + 1]
            fit.y = parameters[3 * s + 2]
            if let covariance {
                fit.fluxError = covariance[3 * s][3 * s].squareRoot()
                fit.xError = covariance[3 * s + 1][3 * s + 1].squareRoot()
                fit.yError = covariance[3 * s + 2][3 * s + 2].squareRoot()
            }
            let n = source.pixels.count
            var chi2 = 0.0
            for k in start..<(start + n) { chi2 += solution.residuals[k] * solution.residuals[k] }
            start += n
            fit.reducedChi2 = n > 3 ? chi2 / Double(n - 3) : .nan
            var flags: Int32 = n < fitShape * fitShape ? Flag.partial.rawValue : 0
            if fit.x < -0.5 || fit.y < -0.5 || fit.x > Double(images.width) - 0.5 || fit.y > Double(images.height) - 0.5 { flags |= Flag.outsideBounds.rawValue }
            if fit.flux <= 0 { flags |= Flag.negativeFlux.rawValue }
            if !solution.converged { flags |= Flag.noConvergence.rawValue }
            if covariance == nil { flags |= Flag.noCovariance.rawValue }
            if !fit.x.isFinite || !fit.y.isFinite { flags |= Flag.nonFinitePosition.rawValue }
            if !fit.flux.isFinite { flags |= Flag.nonFiniteFlux.rawValue }
            fit.flags = flags
            results.append((source.index, fit))
        }
        return results
    }

    /// The 5-px exact circular-aperture sum at the start position, masked pixels left out.
    func initialFlux(x: Double, y: Double, images: MeasurementImages) -> Double {
        let r = apertureRadius
        let xs = MeasurementImages.clip(Int((x - r + 0.5).rounded(.down)), Int((x + r + 1.5).rounded(.down)), images.width)
        let ys = MeasurementImages.clip(Int((y - r + 0.5).rounded(.down)), Int((y + r + 1.5).rounded(.down)), images.height)
        guard !xs.isEmpty, !ys.isEmpty else { return .nan }
        var flux = 0.0
        for py in ys {
            for px in xs {
                let i = py * images.width + px
                guard !images.mask[i], images.data.pixels[i].isFinite else { continue }
                flux += PixelOverlap.circle(dx: Double(px) - x, dy: Double(py) - y, radius: r) * Double(images.data.pixels[i])
            }
        }
        return flux
    }
}
