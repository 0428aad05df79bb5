import Arrays
import WFI
#if canImport(Glibc)
import Glibc
#endif

/// romancal's `wfi18_transient` (algorithms.md §1.7; RC `romancal/wfi18_transient/wfi18_transient.py`):
/// WFI18's first resultant carries a transient decaying with read time. The first resultant is
/// compared with its extrapolation from resultants 1 and 2; per row the 3σ-clipped mean of that
/// residual (pixels brighter than the row's median R4 − R3 excluded; astropy
/// `sigma_clipped_stats`, median centre, 5 iterations) is fitted with a·exp(−t/τa) + b·exp(−t/τb)
/// against the row's mean read time (romancal: scipy `curve_fit`, MINPACK Levenberg–Marquardt;
/// here a small Levenberg–Marquardt with the analytic Jacobian, Marquardt 1963), and the model at
/// every pixel's read time is subtracted from resultant 0 (science area only).
/// With `maskRows`, fewer than 5 resultants, or a failed fit, rows 0..<1000 of resultant 0 get
/// DO_NOT_USE | WFI18_TRANSIENT instead.
public enum WFI18TransientCorrection {
    public enum Outcome: Sendable, Equatable {
        /// Not WFI18 (`cal_step = N/A`).
        case notApplicable
        /// The transient was fitted and subtracted, with (a, b, τa, τb).
        case corrected(a: Double, b: Double, tauA: Double, tauB: Double)
        /// The affected rows were flagged instead.
        case masked
    }

    @discardableResult
    public static func apply(to ramp: inout Ramp, maskRows: Bool = false) throws(CalibrationError) -> Outcome {
        let step = "wfi18_transient"
        try StepSupport.checkRamp(step, ramp)
        guard ramp.detector == 18 else { return .notApplicable }
        let (n, rows, columns, border) = (ramp.resultants, ramp.rows, ramp.columns, ramp.border)
        if maskRows || n < 5 {
            maskAffectedRows(&ramp)
            return .masked
        }
        let innerRows = rows - 2 * border, innerColumns = columns - 2 * border
        guard rows == columns, innerRows > 1000 else {
            throw .unsupported(step: step, reason: "the fit needs a square frame with more than 1000 science rows (found \(rows)×\(columns))")
        }
        let times: FrameReadTimes
        do { times = try FrameReadTimes(frameTime: ramp.frameTime, sca: 18, size: columns) } catch {
            throw .unsupported(step: step, reason: error.description)
        }
        let resultantTimes = ramp.readPattern.map { reads in reads.reduce(0.0) { $0 + Double($1) * ramp.frameTime } / Double(reads.count) }
        let dt0 = resultantTimes[1] - resultantTimes[0], dt1 = resultantTimes[2] - resultantTimes[1]
        let plane = rows * columns

        // Per row: mean read time and clipped mean residual.
        var rowTime = [Double](repeating: 0, count: innerRows), rowResidual = rowTime
        ramp.data.withUnsafeBufferPointer { dataBuffer in
            rowTime.withUnsafeMutableBufferPointer { tBuffer in rowResidual.withUnsafeMutableBufferPointer { rBuffer in
                nonisolated(unsafe) let (data, tOut, rOut) = (dataBuffer, tBuffer, rBuffer)
                Parallel.chunks(innerRows, minimumChunk: 32) { range in
                    var diff = [Float](repeating: 0, count: innerColumns), scratch = diff
                    var kept = [Double](); kept.reserveCapacity(innerColumns)
                    for iy in range {
                        let y = iy + border
                        var tSum = 0.0
                        for ix in 0..<innerColumns { tSum += times.time(row: y, column: ix + border) }
                        tOut[iy] = tSum / Double(innerColumns)
                        for ix in 0..<innerColumns {
                            let p = y * columns + ix + border
                            diff[ix] = data[4 * plane + p] - data[3 * plane + p]
                        }
                        scratch.withUnsafeMutableBufferPointer { s in for i in 0..<innerColumns { s[i] = diff[i] } }
                        // np.median is NaN when a value is NaN (then no pixel counts as bright).
                        let median = diff.contains(where: \.isNaN) ? Float.nan : scratch.withUnsafeMutableBufferPointer { medianOf($0) }
                        kept.removeAll(keepingCapacity: true)
                        for ix in 0..<innerColumns where !(diff[ix] > median) {
                            let p = y * columns + ix + border
                            let rate = Double(data[2 * plane + p] - data[plane + p]) / dt1
                            let estimate = Double(data[plane + p]) - rate * dt0
                            let residual = Double(data[p]) - estimate
                            if residual.isFinite { kept.append(residual) }
                        }
                        rOut[iy] = clippedMean(&kept)
                    }
                }
            } }
        }
        guard rowResidual.allSatisfy(\.isFinite), rowTime.count > 1000 else {
            maskAffectedRows(&ramp)
            return .masked
        }
        let r0 = rowResidual[0]
        let start = [1.1 * r0, -0.1 * r0, rowTime[300], rowTime[1000]]
        guard let p = fitDoubleExponential(t: rowTime, y: rowResidual, start: start) else {
            maskAffectedRows(&ramp)
            return .masked
        }
        ramp.data.withUnsafeMutableBufferPointer { dataBuffer in
            nonisolated(unsafe) let data = dataBuffer
            Parallel.chunks(innerRows, minimumChunk: 32) { range in
                for iy in range {
                    let y = iy + border
                    for ix in 0..<innerColumns {
                        let t = times.time(row: y, column: ix + border)
                        let model = p[0] * exp(-t / p[2]) + p[1] * exp(-t / p[3])
                        let index = y * columns + ix + border
                        data[index] = Float(Double(data[index]) - model)
                    }
                }
            }
        }
        return .corrected(a: p[0], b: p[1], tauA: p[2], tauB: p[3])
    }

    /// romancal's `mask_affected_rows`: rows 0..<1000 of resultant 0 flagged.
    public static func maskAffectedRows(_ ramp: inout Ramp) {
        let flags = GroupFlags.doNotUse.rawValue | GroupFlags.wfi18Transient.rawValue
        let count = min(1000, ramp.rows) * ramp.columns
        ramp.groupDQ.withUnsafeMutableBufferPointer { g in for i in 0..<count { g[i] |= flags } }
    }

    /// np.median of float32 values (the mean of the two middle ones for an even count), by
    /// selection; reorders `values`.
    static func medianOf(_ values: UnsafeMutableBufferPointer<Float>) -> Float {
        let n = values.count, k = n / 2
        var low = 0, high = n - 1
        while low < high {
            // Median-of-three pivot, Hoare partition.
            let mid = (low + high) / 2
            let pivot = max(min(values[low], values[mid]), min(max(values[low], values[mid]), values[high]))
            var i = low, j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j { values.swapAt(i, j); i += 1; j -= 1 }
            }
            if k <= j { high = j } else if k >= i { low = i } else { break }
        }
        let upper = values[k]
        guard n % 2 == 0 else { return upper }
        var lower = -Float.infinity
        for i in 0..<k { lower = max(lower, values[i]) }
        return (lower + upper) / 2
    }

    /// astropy `sigma_clipped_stats(sigma=3, maxiters=5)` mean: centre nanmedian, scale nanstd
    /// (ddof 0), strict bounds. The kept set is always a contiguous range of the sorted values.
    static func clippedMean(_ values: inout [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        values.sort()
        var low = 0, high = values.count   // kept: low..<high
        for _ in 0..<5 {
            let count = high - low
            let mid = low + count / 2
            let median = count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2
            var sum = 0.0
            for i in low..<high { sum += values[i] }
            let mean = sum / Double(count)
            var squares = 0.0
            for i in low..<high { squares += (values[i] - mean) * (values[i] - mean) }
            let std = (squares / Double(count)).squareRoot()
            let lower = median - std * 3, upper = median + std * 3
            var newLow = low, newHigh = high
            while newLow < newHigh && values[newLow] < lower { newLow += 1 }
            while newHigh > newLow && values[newHigh - 1] > upper { newHigh -= 1 }
            if newLow == low && newHigh == high { break }
            (low, high) = (newLow, newHigh)
            if low == high { return .nan }
        }
        var sum = 0.0
        for i in low..<high { sum += values[i] }
        return sum / Double(high - low)
    }

    /// Least squares of y ≈ a·exp(−t/τa) + b·exp(−t/τb) by Levenberg–Marquardt (Marquardt
    /// scaling by diag(JᵀJ)); nil when it does not converge in 1000 iterations or leaves the finite numbers.
    static func fitDoubleExponential(t: [Double], y: [Double], start: [Double]) -> [Double]? {
        var p = start
        func cost(_ q: [Double]) -> Double {
            var s = 0.0
            for i in t.indices {
                let r = y[i] - (q[0] * exp(-t[i] / q[2]) + q[1] * exp(-t[i] / q[3]))
                s += r * r
            }
            return s
        }
        var current = cost(p)
        guard current.isFinite else { return nil }
        var lambda = -1.0
        for _ in 0..<1000 {
            var jtj = [[Double]](repeating: [Double](repeating: 0, count: 4), count: 4)
            var jtr = [Double](repeating: 0, count: 4)
            for i in t.indices {
                let e1 = exp(-t[i] / p[2]), e2 = exp(-t[i] / p[3])
                let r = y[i] - (p[0] * e1 + p[1] * e2)
                let j = [e1, e2, p[0] * e1 * t[i] / (p[2] * p[2]), p[1] * e2 * t[i] / (p[3] * p[3])]
                for a in 0..<4 {
                    jtr[a] += j[a] * r
                    for b in 0..<4 { jtj[a][b] += j[a] * j[b] }
                }
            }
            if lambda < 0 { lambda = 1e-3 * (0..<4).map { jtj[$0][$0] }.max()! }
            var improved = false
            for _ in 0..<60 {
                var m = jtj
                for a in 0..<4 { m[a][a] += lambda * max(jtj[a][a], 1e-300) }
                guard let step = solve4(m, jtr) else { lambda *= 10; continue }
                let trial = (0..<4).map { p[$0] + step[$0] }
                let c = cost(trial)
                if c.isFinite && c <= current {
                    let reduction = current - c
                    let stepSize = (0..<4).map { abs(step[$0]) / max(abs(trial[$0]), 1e-300) }.max()!
                    p = trial
                    let previous = current
                    current = c
                    lambda = max(lambda / 3, 1e-15)
                    improved = true
                    if reduction <= 1e-14 * previous || stepSize < 1e-12 { return p.allSatisfy(\.isFinite) ? p : nil }
                    break
                }
                lambda *= 2
            }
            // No decrease possible at any damping: at the minimum to machine precision.
            if !improved { return p.allSatisfy(\.isFinite) ? p : nil }
        }
        return nil
    }

    /// Gaussian elimination with partial pivoting on a 4 × 4 system; nil when singular.
    static func solve4(_ matrix: [[Double]], _ vector: [Double]) -> [Double]? {
        var a = matrix, b = vector
        for c in 0..<4 {
            let pivot = (c..<4).max { abs(a[$0][c]) < abs(a[$1][c]) }!
            guard a[pivot][c] != 0, a[pivot][c].isFinite else { return nil }
            a.swapAt(c, pivot)
            b.swapAt(c, pivot)
            for r in (c + 1)..<4 {
                let f = a[r][c] / a[c][c]
                for k in c..<4 { a[r][k] -= f * a[c][k] }
                b[r] -= f * b[c]
            }
        }
        var x = [Double](repeating: 0, count: 4)
        for r in stride(from: 3, through: 0, by: -1) {
            var s = b[r]
            for k in (r + 1)..<4 { s -= a[r][k] * x[k] }
            x[r] = s / a[r][r]
        }
        return x.allSatisfy(\.isFinite) ? x : nil
    }
}
