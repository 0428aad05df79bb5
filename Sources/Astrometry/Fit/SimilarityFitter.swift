import Foundation

/// Weighted least-squares fit of a shift, rotation and optionally a scale between matched point
/// lists, in closed form (Umeyama 1991, IEEE TPAMI 13, 376; the same solution as tweakwcs
/// `fit_rscale`), with iterative sigma clipping as tweakwcs `iter_linear_fit` does it: after
/// each fit, pairs whose residual exceeds `sigma`·RMSE are dropped (for good: `clip_accum`)
/// unless that would leave fewer than `minimumPoints` or drop nothing.
struct SimilarityFitter {
    let geometry: FitGeometry
    let clipIterations: Int
    let sigma: Double
    let minimumPoints: Int

    /// The fit taking `image` points onto `reference` points, or nil when the points do not
    /// determine it (fewer than the geometry needs, or all coincident).
    func fit(image: [SIMD2<Double>], reference: [SIMD2<Double>], weights: [Double]?) -> (fit: LinearFit, used: [Bool])? {
        var mask = (0..<image.count).map { i in weights.map { $0[i] > 0 } ?? true }
        guard mask.filter({ $0 }).count >= max(geometry.minimumPoints, 1) else { return nil }
        let center = Self.weightedMean(image, weights, mask)
        guard var current = solve(image, reference, weights, mask) else { return nil }
        var iterations = 0
        for _ in 0..<clipIterations {
            let residuals = image.indices.map { hypotOf(reference[$0] - current.apply(image[$0])) }
            let rmse = Self.rms(residuals, weights, mask)
            let keep = image.indices.map { mask[$0] && residuals[$0] < sigma * rmse }
            let kept = keep.filter { $0 }.count
            guard kept >= minimumPoints, kept < mask.filter({ $0 }).count, let next = solve(image, reference, weights, keep) else { break }
            mask = keep
            current = next
            iterations += 1
        }
        let residuals = image.indices.map { hypotOf(reference[$0] - current.apply(image[$0])) }
        current.rmse = Self.rms(residuals, weights, mask)
        current.mae = Self.mean(residuals, weights, mask)
        current.center = center
        current.used = mask.filter { $0 }.count
        current.clipIterations = iterations
        return (current, mask)
    }

    /// One weighted solve on the masked pairs.
    private func solve(_ image: [SIMD2<Double>], _ reference: [SIMD2<Double>], _ weights: [Double]?, _ mask: [Bool]) -> LinearFit? {
        let a0 = Self.weightedMean(image, weights, mask), b0 = Self.weightedMean(reference, weights, mask)
        guard a0.x.isFinite, b0.x.isFinite else { return nil }
        var dot = 0.0, cross = 0.0, norm = 0.0
        for i in image.indices where mask[i] {
            let w = weights?[i] ?? 1
            let (a, b) = (image[i] - a0, reference[i] - b0)
            dot += w * (a.x * b.x + a.y * b.y)
            cross += w * (a.x * b.y - a.y * b.x)
            norm += w * (a.x * a.x + a.y * a.y)
        }
        var (c, s) = (1.0, 0.0)
        if geometry != .shift {
            let length = hypot(dot, cross)
            guard length > 0 else { return nil }
            (c, s) = (dot / length, cross / length)
        }
        var k = 1.0
        if geometry == .rscale {
            guard norm > 0 else { return nil }
            k = (dot * c + cross * s) / norm
        }
        let matrix = [[k * c, -k * s], [k * s, k * c]]
        let shift = b0 - SIMD2(matrix[0][0] * a0.x + matrix[0][1] * a0.y, matrix[1][0] * a0.x + matrix[1][1] * a0.y)
        return LinearFit(geometry: geometry, matrix: matrix, shift: shift, center: a0, rmse: .nan, mae: .nan, used: 0, clipIterations: 0)
    }

    static func weightedMean(_ points: [SIMD2<Double>], _ weights: [Double]?, _ mask: [Bool]) -> SIMD2<Double> {
        var sum = SIMD2<Double>(0, 0), total = 0.0
        for i in points.indices where mask[i] {
            let w = weights?[i] ?? 1
            sum += points[i] * w
            total += w
        }
        return sum / total
    }

    static func rms(_ values: [Double], _ weights: [Double]?, _ mask: [Bool]) -> Double {
        var sum = 0.0, total = 0.0
        for i in values.indices where mask[i] {
            let w = weights?[i] ?? 1
            sum += w * values[i] * values[i]
            total += w
        }
        return (sum / total).squareRoot()
    }

    static func mean(_ values: [Double], _ weights: [Double]?, _ mask: [Bool]) -> Double {
        var sum = 0.0, total = 0.0
        for i in values.indices where mask[i] {
            let w = weights?[i] ?? 1
            sum += w * values[i]
            total += w
        }
        return sum / total
    }
}

@inline(__always) func hypotOf(_ d: SIMD2<Double>) -> Double { (d * d).sum().squareRoot() }
