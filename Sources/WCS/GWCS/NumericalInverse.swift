import Foundation

/// The pixel whose image under a 2 -> 2 forward transform is given world coordinates, for WCSs
/// with no analytic or attached inverse (gwcs `numerical_inverse` plays this role): damped
/// Newton iterations with a central-difference Jacobian, started from the bounding box's centre
/// (or the origin) and, if that does not converge, from the best of a 9 x 9 grid over the box.
///
/// On a celestial output the residual is measured in the gnomonic tangent plane at the target
/// (degrees), which is smooth across RA = 0/360 and near the poles; otherwise it is the plain
/// difference. Convergence: a step below 1e-11 pixel (1e-12 relative), to a few 1e-13 degree.
struct NumericalInverse {
    let forward: Transform
    let celestial: Bool
    let box: [ClosedRange<Double>]?

    /// Pixels (one column per input) of world points (one column per output).
    func solve(columns world: [[Double]]) throws(TransformError) -> [[Double]] {
        guard forward.inputCount == 2, forward.outputCount == 2 else { throw .noInverse(forward.description) }
        let n = world.first?.count ?? 0
        var out: [[Double]] = [[Double](repeating: .nan, count: n), [Double](repeating: .nan, count: n)]
        for k in 0..<n {
            let p = try solve([world[0][k], world[1][k]])
            out[0][k] = p[0]
            out[1][k] = p[1]
        }
        return out
    }

    /// The pixel of one world point; NaN when the point is NaN or no start converges.
    func solve(_ target: [Double]) throws(TransformError) -> [Double] {
        guard target.allSatisfy(\.isFinite) else { return [.nan, .nan] }
        let centre = box.map { $0.map { r in r.lowerBound.isFinite && r.upperBound.isFinite ? 0.5 * (r.lowerBound + r.upperBound) : 0 } } ?? [0, 0]
        if let p = try newton(from: centre, target) { return p }
        // A grid of starts over the box (or ±1000 around the origin), best residual first.
        let ranges = box ?? [-1000...1000, -1000...1000]
        var starts: [(Double, [Double])] = []
        for i in 0...8 {
            for j in 0...8 {
                let x = Self.fraction(ranges[0], Double(i) / 8), y = Self.fraction(ranges[1], Double(j) / 8)
                let r = try residual([x, y], target)
                if r.allSatisfy(\.isFinite) { starts.append((hypot(r[0], r[1]), [x, y])) }
            }
        }
        for (_, start) in starts.sorted(by: { $0.0 < $1.0 }).prefix(5) {
            if let p = try newton(from: start, target) { return p }
        }
        return [.nan, .nan]
    }

    private static func fraction(_ r: ClosedRange<Double>, _ f: Double) -> Double {
        guard r.lowerBound.isFinite, r.upperBound.isFinite else { return f * 2000 - 1000 }
        return r.lowerBound + f * (r.upperBound - r.lowerBound)
    }

    /// The forward image of `p` minus the target: tangent-plane degrees on the sky, else plain.
    private func residual(_ p: [Double], _ target: [Double]) throws(TransformError) -> [Double] {
        let w = try forward.evaluate(p)
        guard celestial else { return [w[0] - target[0], w[1] - target[1]] }
        let u = SphericalCartesian.toCartesian(lon: w[0], lat: w[1])
        let (a, d) = (target[0] * .pi / 180, target[1] * .pi / 180)
        // Standard coordinates of u about the target (east, north), degrees.
        let east = [-sin(a), cos(a), 0.0], north = [-sin(d) * cos(a), -sin(d) * sin(a), cos(d)]
        let centre = [cos(d) * cos(a), cos(d) * sin(a), sin(d)]
        let along = u[0] * centre[0] + u[1] * centre[1] + u[2] * centre[2]
        guard along > 0 else { return [.infinity, .infinity] }
        let xi = (u[0] * east[0] + u[1] * east[1] + u[2] * east[2]) / along
        let eta = (u[0] * north[0] + u[1] * north[1] + u[2] * north[2]) / along
        return [xi * 180 / .pi, eta * 180 / .pi]
    }

    private func newton(from start: [Double], _ target: [Double]) throws(TransformError) -> [Double]? {
        var p = start
        var r = try residual(p, target)
        guard r.allSatisfy(\.isFinite) else { return nil }
        for _ in 0..<60 {
            let h = 0.5
            let px = try residual([p[0] + h, p[1]], target), mx = try residual([p[0] - h, p[1]], target)
            let py = try residual([p[0], p[1] + h], target), my = try residual([p[0], p[1] - h], target)
            let (a, b) = ((px[0] - mx[0]) / (2 * h), (py[0] - my[0]) / (2 * h))
            let (c, d) = ((px[1] - mx[1]) / (2 * h), (py[1] - my[1]) / (2 * h))
            let det = a * d - b * c
            guard det.isFinite, det != 0 else { return nil }
            var step = [-(d * r[0] - b * r[1]) / det, -(a * r[1] - c * r[0]) / det]
            // Halve the step until the residual shrinks (at most 20 times).
            var accepted = false
            for _ in 0..<20 {
                let trial = [p[0] + step[0], p[1] + step[1]]
                let rt = try residual(trial, target)
                if rt.allSatisfy(\.isFinite), hypot(rt[0], rt[1]) <= hypot(r[0], r[1]) * (1 + 1e-12) {
                    (p, r, accepted) = (trial, rt, true)
                    break
                }
                step = step.map { $0 / 2 }
            }
            let size = hypot(step[0], step[1])
            if size <= 1e-11 * max(1, hypot(p[0], p[1]) * 0.1) { return p }
            guard accepted else { return hypot(r[0], r[1]) < 1e-12 ? p : nil }
        }
        return hypot(r[0], r[1]) < 1e-10 ? p : nil
    }
}
