import WFI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Read-pattern constants of the Casertano et al. (2022) fit, in float32 as stcal's `ols_cas22`
/// keeps them: t̄_i = frame time · mean read number, τ_i = frame time · Σ_k (2(N−k)−1) r_k / N²,
/// and for jump detection the single (i, i+1) and double (i, i+2) time differences, their
/// squares, 1/N_a + 1/N_b and τ_a + τ_b − 2 min(t̄_a, t̄_b).
struct CasertanoReadPattern: Sendable {
    let resultants: Int
    let tBar: [Float], tau: [Float], reads: [Int32]
    let singleDiff: [Float], singleDiffSquared: [Float], singleRecip: [Float], singleSlopeVar: [Float]
    let doubleDiff: [Float], doubleDiffSquared: [Float], doubleRecip: [Float], doubleSlopeVar: [Float]

    init(readPattern: [[Int]], frameTime: Double) {
        let readTime = Double(Float(frameTime))
        resultants = readPattern.count
        tBar = readPattern.map { Float(readTime * (Double($0.reduce(0, +)) / Double($0.count))) }
        tau = readPattern.map { reads in
            let n = reads.count
            var sum = 0
            for (k, r) in reads.enumerated() { sum += (2 * (n - k) - 1) * r }
            return Float(Double(sum) * readTime / Double(n * n))
        }
        reads = readPattern.map { Int32($0.count) }
        let m = max(resultants - 1, 0)
        var sd = [Float](repeating: 0, count: m), sd2 = sd, sr = sd, sv = sd
        var dd = [Float](repeating: .nan, count: m), dd2 = dd, dr = dd, dv = dd
        let (t, ta, n) = (tBar, tau, reads)
        for i in 0..<m {
            sd[i] = t[i + 1] - t[i]
            sd2[i] = sd[i] * sd[i]
            sr[i] = 1 / Float(n[i + 1]) + 1 / Float(n[i])
            sv[i] = ta[i + 1] + ta[i] - 2 * min(t[i + 1], t[i])
            if i < resultants - 2 {
                dd[i] = t[i + 2] - t[i]
                dd2[i] = dd[i] * dd[i]
                dr[i] = 1 / Float(n[i + 2]) + 1 / Float(n[i])
                dv[i] = ta[i + 2] + ta[i] - 2 * min(t[i + 2], t[i])
            }
        }
        (singleDiff, singleDiffSquared, singleRecip, singleSlopeVar) = (sd, sd2, sr, sv)
        (doubleDiff, doubleDiffSquared, doubleRecip, doubleSlopeVar) = (dd, dd2, dr, dv)
    }
}

/// The alternative romancal fit, 'ols_cas22': Casertano et al. (2022) optimal-weighting least
/// squares on arbitrarily spaced resultants, with in-fit jump detection (stcal
/// `ols_cas22/_ramp.pyx`, `_jump.pyx`), in electrons (resultants and read noise times the gain),
/// reported in DN/s.
///
/// Per pixel: the ramp is cut into runs of resultants without flags; each run is fitted with the
/// Table 2 power weights of its signal-to-noise; the largest single/double-difference statistic
/// (S − slope)/√(var + correction) is compared with 5.5 − ⅓ log10(clip(slope, 1, 10⁴)); above it,
/// both resultants of the difference get JUMP_DET (the flag value replaces the resultant's flags,
/// which are zero inside a run) and the run is split around them. Runs are combined with weights
/// 1/read variance, and the Poisson variance is scaled by max(slope, 0). Arithmetic follows
/// stcal's float32/float64 mix so slopes agree to rounding.
final class OptimalWeightingFit {
    let pattern: CasertanoReadPattern
    let thresholdIntercept: Float = 5.5
    let thresholdConstant: Float = 1.0 / 3.0
    private let resultants: UnsafeMutablePointer<Float>
    private let dq: UnsafeMutablePointer<Int32>
    private let weights: UnsafeMutablePointer<Double>
    private let singleSlope, doubleSlope: UnsafeMutablePointer<Float>
    private let stack: UnsafeMutablePointer<(Int, Int)>

    init(pattern: CasertanoReadPattern) {
        self.pattern = pattern
        let n = max(pattern.resultants, 1)
        resultants = .allocate(capacity: n)
        dq = .allocate(capacity: n)
        weights = .allocate(capacity: n)
        singleSlope = .allocate(capacity: n)
        doubleSlope = .allocate(capacity: n)
        stack = .allocate(capacity: 2 * n + 2)
    }

    deinit {
        resultants.deallocate()
        dq.deallocate()
        weights.deallocate()
        singleSlope.deallocate()
        doubleSlope.deallocate()
        stack.deallocate()
    }

    struct Segment {
        var slope: Float
        var readVar: Float
        var poissonVar: Float
    }

    func fitRow(_ row: Int, io: RowIO) {
        let (columns, plane, count) = (io.columns, io.plane, io.resultants)
        let rowStart = row * columns
        for col in 0..<columns {
            let pixel = rowStart + col
            let gain = io.gain[pixel]
            for g in 0..<count {
                resultants[g] = io.data[g * plane + pixel] * gain
                dq[g] = Int32(io.groupDQ[g * plane + pixel])
            }
            let readNoise = io.readNoise[pixel] * gain
            let fit = fitPixel(readNoise: readNoise)
            let slope = fit.slope / gain
            let gain2 = gain * gain
            let varR = fit.readVar / gain2
            let varP = fit.poissonVar / gain2
            let err = (varP + varR).squareRoot()
            io.slope[pixel] = slope
            io.varReadNoise[pixel] = varR
            io.varPoisson[pixel] = varP
            io.err[pixel] = err
            io.chisq[pixel] = 0
            // romancal get_pixeldq_flags.
            var allSat = true, allSatOrDNU = true, anyJump = false
            for g in 0..<count {
                let f = UInt8(truncatingIfNeeded: dq[g])
                io.groupDQ[g * plane + pixel] = f
                if f & GroupFlags.saturated.rawValue == 0 { allSat = false }
                if f & (GroupFlags.saturated.rawValue | GroupFlags.doNotUse.rawValue) == 0 { allSatOrDNU = false }
                if f & GroupFlags.jumpDetected.rawValue != 0 { anyJump = true }
            }
            var out = io.dq[pixel]
            if anyJump { out |= PixelFlags.jumpDetected.rawValue }
            if allSat { out |= PixelFlags.saturated.rawValue }
            if allSatOrDNU || !slope.isFinite || err <= 0 { out |= PixelFlags.doNotUse.rawValue }
            if gain < 0 || !gain.isFinite { out |= PixelFlags.noGainValue.rawValue }
            io.dq[pixel] = out
        }
    }

    /// stcal `fit_jumps` for the pixel in `resultants`/`dq` (electrons); updates `dq`.
    func fitPixel(readNoise: Float) -> Segment {
        let n = pattern.resultants
        // Runs of unflagged resultants, pushed in order and fitted last-first.
        var top = 0
        var start = -1
        for g in 0..<n {
            if start < 0 {
                if dq[g] == 0 { start = g }
            } else if dq[g] != 0 {
                stack[top] = (start, g - 1)
                top += 1
                start = -1
            }
        }
        if start >= 0 {
            stack[top] = (start, n - 1)
            top += 1
        }
        let noise2 = readNoise * readNoise
        pattern.singleDiff.withUnsafeBufferPointer { sd in
            pattern.doubleDiff.withUnsafeBufferPointer { dd in
                for i in 0..<max(n - 1, 0) {
                    singleSlope[i] = (resultants[i + 1] - resultants[i]) / sd[i]
                    doubleSlope[i] = i < n - 2 ? (resultants[i + 2] - resultants[i]) / dd[i] : .nan
                }
            }
        }
        var average = Segment(slope: 0, readVar: 0, poissonVar: 0)
        var totalWeight: Float = 0
        while top > 0 {
            top -= 1
            let (first, last) = stack[top]
            let fit = fitSegment(first, last, readNoise: readNoise)
            let (argmax, maxStat) = statistic(first, last, slope: fit.slope, noise2: noise2)
            if maxStat > threshold(fit.slope) {
                let jump0 = argmax + first, jump1 = jump0 + 1
                dq[jump0] = Int32(GroupFlags.jumpDetected.rawValue)
                dq[jump1] = Int32(GroupFlags.jumpDetected.rawValue)
                if jump0 > first { stack[top] = (first, jump0 - 1); top += 1 }
                if jump1 < last { stack[top] = (jump1 + 1, last); top += 1 }
                continue
            }
            if !fit.slope.isNaN {
                let weight: Float = fit.readVar == 0 ? 0 : 1 / fit.readVar
                totalWeight += weight
                average.slope += weight * fit.slope
                average.readVar += weight * weight * fit.readVar
                average.poissonVar += weight * weight * fit.poissonVar
            }
        }
        average.slope /= totalWeight != 0 ? totalWeight : 1
        average.readVar /= totalWeight != 0 ? totalWeight * totalWeight : 1
        average.poissonVar /= totalWeight != 0 ? totalWeight * totalWeight : 1
        average.poissonVar *= average.slope > 0 ? average.slope : 0
        return average
    }

    /// Casertano+22 Table 2: the weighting power for a signal-to-noise.
    @inline(__always)
    static func power(_ signal: Float) -> Float {
        if signal < 5 { return 0 }
        if signal < 10 { return 0.4 }
        if signal < 20 { return 1 }
        if signal < 50 { return 3 }
        if signal < 100 { return 6 }
        return 10
    }

    /// stcal `fit_ramp` on resultants first...last.
    func fitSegment(_ first: Int, _ last: Int, readNoise: Float) -> Segment {
        guard last > first else { return Segment(slope: .nan, readVar: .nan, poissonVar: .nan) }
        return pattern.tBar.withUnsafeBufferPointer { t in
            pattern.tau.withUnsafeBufferPointer { tau in
                pattern.reads.withUnsafeBufferPointer { reads in
                    let tMid = Double(t[first] + t[last]) / 2
                    let rise = resultants[last] - resultants[first]
                    var signal = Double(rise.isNaN ? 0 : max(rise, 0))
                    let noise2 = readNoise * readNoise
                    signal = signal / (Double(noise2) + signal).squareRoot()
                    let p = Double(Self.power(Float(signal)))
                    var tScale = Double(t[last] - t[first]) / 2
                    if tScale == 0 { tScale = 1 }
                    var f0 = 0.0, f1 = 0.0, f2 = 0.0
                    for i in first...last {
                        let nr = Double(reads[i])
                        let w = ((1 + p) * nr) / (1 + p * nr) * pow(abs((Double(t[i]) - tMid) / tScale), p)
                        weights[i] = w
                        f0 += w
                        f1 += w * Double(t[i])
                        f2 += w * Double(t[i] * t[i])
                    }
                    let det = f2 * f0 - f1 * f1
                    var fit = Segment(slope: 0, readVar: 0, poissonVar: 0)
                    if det == 0 { return fit }
                    var sumCoeffT = 0.0
                    for i in first...last {
                        let coeff = (f0 * Double(t[i]) - f1) * weights[i] / det
                        fit.slope = Float(Double(fit.slope) + coeff * Double(resultants[i]))
                        fit.readVar = Float(Double(fit.readVar) + (coeff * coeff * Double(noise2)) / Double(reads[i]))
                        fit.poissonVar = Float(Double(fit.poissonVar) + (coeff * coeff * Double(tau[i]) + 2 * coeff * sumCoeffT))
                        sumCoeffT += coeff * Double(t[i])
                    }
                    return fit
                }
            }
        }
    }

    @inline(__always)
    func threshold(_ slope: Float) -> Float {
        var s = slope > 1 ? slope : 1
        s = s < 1e4 ? s : 1e4
        return Float(Double(thresholdIntercept) - Double(thresholdConstant) * log10(Double(s)))
    }

    /// The index (relative to `first`) and value of the largest jump statistic of a run.
    func statistic(_ first: Int, _ last: Int, slope: Float, noise2: Float) -> (Int, Float) {
        guard first != last else { return (0, .nan) }
        let p = pattern
        let correct = -slope / (p.tBar[last] - p.tBar[first])
        @inline(__always) func stat(_ local: Float, _ varNoise: Float, _ dt2: Float, _ varSlope: Float) -> Float {
            let delta = local - slope
            let variance = (varNoise + slope * varSlope) / dt2
            return delta / (variance + correct).squareRoot()
        }
        let endIndex = last - 1
        var argmax = last - first - 1
        var maxStat = stat(singleSlope[endIndex], noise2 * p.singleRecip[endIndex], p.singleDiffSquared[endIndex], p.singleSlopeVar[endIndex])
        var k = 0
        for index in first..<(last - 1) {
            let s1 = stat(singleSlope[index], noise2 * p.singleRecip[index], p.singleDiffSquared[index], p.singleSlopeVar[index])
            let s2 = stat(doubleSlope[index], noise2 * p.doubleRecip[index], p.doubleDiffSquared[index], p.doubleSlopeVar[index])
            let s = s1.isNaN ? s2 : (s2.isNaN ? s1 : max(s1, s2))
            if s > maxStat {
                maxStat = s
                argmax = k
            }
            k += 1
        }
        return (argmax, maxStat)
    }
}
