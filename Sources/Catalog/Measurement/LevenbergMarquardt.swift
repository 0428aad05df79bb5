/// A small dense Levenberg–Marquardt least-squares solver (Levenberg 1944; Marquardt 1963; the
/// diagonal scaling of Moré 1978): minimises Σ r(p)² from analytic Jacobians, stopping when the
/// relative step falls below 1e-7 or the relative cost change below 1e-8 (the defaults of the
/// astropy/scipy fitters romancal uses). The covariance is (JᵀJ)⁻¹ at the solution.
struct LevenbergMarquardt {
    var maxIterations = 100
    var stepTolerance = 1e-7
    var costTolerance = 1e-8

    struct Solution {
        var parameters: [Double]
        var residuals: [Double]
        var covariance: [[Double]]?
        var converged: Bool
    }

    typealias Model = ([Double], Bool) -> (residuals: [Double], jacobian: [[Double]])

    func minimize(parameters start: [Double], model: Model) -> Solution {
        var p = start
        var (r, j) = model(p, true)
        var cost = r.reduce(0) { $0 + $1 * $1 }
        var lambda = 1e-3
        var converged = false
        let n = p.count
        for _ in 0..<maxIterations {
            let (a, g) = Self.normalEquations(j, r)
            var accepted = false
            for _ in 0..<20 {
                var damped = a
                for k in 0..<n { damped[k][k] += lambda * max(a[k][k], 1e-300) }
                guard let step = Self.solve(damped, g) else { lambda *= 10; continue }
                let trial = zip(p, step).map { $0 + $1 }
                let (rt, _) = model(trial, false)
                let trialCost = rt.reduce(0) { $0 + $1 * $1 }
                if trialCost.isFinite && trialCost <= cost {
                    let stepNorm = step.reduce(0) { $0 + $1 * $1 }.squareRoot()
                    let pNorm = p.reduce(0) { $0 + $1 * $1 }.squareRoot()
                    let relativeChange = (cost - trialCost) / max(cost, 1e-300)
                    p = trial
                    (r, j) = model(p, true)
                    cost = trialCost
                    lambda = max(lambda / 10, 1e-12)
                    accepted = true
                    if stepNorm <= stepTolerance * (pNorm + stepTolerance) || relativeChange < costTolerance { converged = true }
                    break
                }
                lambda *= 10
            }
            if !accepted { converged = true; break }
            if converged { break }
        }
        let (a, _) = Self.normalEquations(j, r)
        return Solution(parameters: p, residuals: r, covariance: Self.inverse(a), converged: converged)
    }

    /// JᵀJ and Jᵀr for Jacobian columns ∂(model)/∂p (residuals are data − model, so the step
    /// solves JᵀJ·δ = Jᵀr).
    static func normalEquations(_ columns: [[Double]], _ r: [Double]) -> ([[Double]], [Double]) {
        let n = columns.count
        var a = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        var g = [Double](repeating: 0, count: n)
        for i in 0..<n {
            for k in r.indices { g[i] += columns[i][k] * r[k] }
            for l in i..<n {
                var s = 0.0
                for k in r.indices { s += columns[i][k] * columns[l][k] }
                a[i][l] = s
                a[l][i] = s
            }
        }
        return (a, g)
    }

    /// Solves A·x = b by Gaussian elimination with partial pivoting (nil when singular).
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        let n = b.count
        var m = a, x = b
        for c in 0..<n {
            guard let pivot = (c..<n).max(by: { abs(m[$0][c]) < abs(m[$1][c]) }), abs(m[pivot][c]) > 1e-300 else { return nil }
            m.swapAt(c, pivot); x.swapAt(c, pivot)
            for r in (c + 1)..<n {
                let f = m[r][c] / m[c][c]
                guard f != 0 else { continue }
                for k in c..<n { m[r][k] -= f * m[c][k] }
                x[r] -= f * x[c]
            }
        }
        for c in stride(from: n - 1, through: 0, by: -1) {
            var s = x[c]
            for k in (c + 1)..<n { s -= m[c][k] * x[k] }
            x[c] = s / m[c][c]
        }
        return x.allSatisfy(\.isFinite) ? x : nil
    }

    /// The inverse of a symmetric matrix (nil when singular).
    static func inverse(_ a: [[Double]]) -> [[Double]]? {
        let n = a.count
        var columns: [[Double]] = []
        for i in 0..<n {
            var e = [Double](repeating: 0, count: n)
            e[i] = 1
            guard let c = solve(a, e) else { return nil }
            columns.append(c)
        }
        return (0..<n).map { r in (0..<n).map { columns[$0][r] } }
    }
}
