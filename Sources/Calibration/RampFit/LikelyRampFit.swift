import WFI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The read-pattern part of the covariance of resultant differences (Brandt 2024a, PASP 136,
/// 045004, eqs. 4, 11, 28, 29): with N_i reads at times t_{i,k} in resultant i,
/// t̄_i = mean_k t_{i,k}, τ_i = Σ_k (2N_i + 1 − 2k) t_{i,k} / N_i², Δ_i = t̄_{i+1} − t̄_i, the
/// differences d_i = (R_{i+1} − R_i)/Δ_i have a tridiagonal covariance
/// α_i = σ²(1/N_i + 1/N_{i+1})/Δ_i² + (c/g)(τ_i + τ_{i+1} − 2t̄_i)/Δ_i² and
/// β_i = −σ²/(N_{i+1}Δ_iΔ_{i+1}) + (c/g)(t̄_{i+1} − τ_{i+1})/(Δ_iΔ_{i+1}).
/// Read-noise and photon parts are kept apart (they give var_rnoise and var_poisson).
struct LikelyReadPattern: Sendable {
    let differences: Int
    let deltaT: [Double]
    let alphaRead: [Double], alphaPhoton: [Double]
    let betaRead: [Double], betaPhoton: [Double]
    /// 1 where a pair of adjacent differences may be dropped together: the resultant they share
    /// averages more than one read (stcal's `two_omit_ok`).
    let twoOmitAllowed: [Double]

    init(readPattern: [[Int]], frameTime: Double) {
        var mean: [Double] = [], tau: [Double] = [], reads: [Double] = []
        for pattern in readPattern {
            let times = pattern.map { Double($0) * frameTime }
            let n = Double(times.count)
            mean.append(times.reduce(0, +) / n)
            var weighted = 0.0
            for (k, t) in times.enumerated() { weighted += (2 * n + 1 - 2 * Double(k + 1)) * t }
            tau.append(weighted / (n * n))
            reads.append(n)
        }
        let n = readPattern.count - 1
        differences = n
        var dt = [Double](repeating: 0, count: n), aR = dt, aP = dt
        for i in 0..<n {
            let delta: Double = mean[i + 1] - mean[i]
            dt[i] = delta
            aR[i] = (1 / reads[i] + 1 / reads[i + 1]) / (delta * delta)
            aP[i] = (tau[i] + tau[i + 1] - 2 * mean[i]) / (delta * delta)
        }
        let m = max(n - 1, 0)
        var bR = [Double](repeating: 0, count: m), bP = bR, ok = bR
        for i in 0..<m {
            let product: Double = dt[i + 1] * dt[i]
            bR[i] = -1 / (reads[i + 1] * product)
            bP[i] = (mean[i + 1] - tau[i + 1]) / product
            ok[i] = reads[i + 1] > 1 ? 1 : 0
        }
        (deltaT, alphaRead, alphaPhoton, betaRead, betaPhoton, twoOmitAllowed) = (dt, aR, aP, bR, bP, ok)
    }
}

/// The default romancal ramp fit: the likelihood fit of resultant differences of Brandt
/// (2024a, PASP 136, 045004) with the jump search of Brandt (2024b, PASP 136, 045005), as stcal's
/// `likely_fit` runs it.
///
/// Per pixel, in DN:
/// 1. differences d_i; d_i is unused when resultant i or i+1 carries any group flag;
/// 2. jump search with the covariance of the rate guess c₀ = max(median of all d, 0): fit, then the
///    χ² improvement of dropping each difference (one-omit) and each adjacent pair whose shared
///    resultant has more than one read (two-omit); drop the best if it beats 4.5² = 20.25 (one) or
///    the χ²₂ isf of erfc(4.5/√2) ≈ 23.8 (two), both penalised by their thresholds; repeat on
///    pixels that dropped something and keep more than 3 differences, at most n times;
/// 3. JUMP_DET on resultant i+1 for each dropped difference i;
/// 4. final fit with the covariance of max(rate, 0), where the rate is the first fit's, or the
///    omit fit's after the last drop.
///
/// Σ⁻¹ is applied with a tridiagonal LDLᵀ (Thomas) sweep rather than stcal's rescaled continuants;
/// the numbers agree to rounding. A pixel with a non-finite difference gets NaN everywhere and no
/// jump flags, as in stcal (its NaN rate guess poisons the pixel's whole fit).
final class LikelyRampFit {
    static let minimumResultants = 4
    /// stcal's defaults for rejection threshold 4.5 (romancal does not forward its parameter).
    static let thresholdOneOmit = 4.5 * 4.5
    /// χ²(2 dof) inverse survival function at p = erfc(4.5/√2): −2 ln p.
    static let thresholdTwoOmit: Double = {
        let p = erfc(4.5 / 2.0.squareRoot())
        return -2 * log(p)
    }()

    let pattern: LikelyReadPattern
    let n: Int
    private let memory: UnsafeMutablePointer<Double>
    // Per-difference scratch of the one-pixel path (n each): its differences and their use, the
    // weights and omit fits of its last solve, and a sort buffer.
    private let d, use, x, rate1, chi1, rate2, chi2, sorted: UnsafeMutablePointer<Double>
    private let flags: UnsafeMutablePointer<UInt8>
    private let originalUse: UnsafeMutablePointer<Double>
    // The read-pattern constants, copied next to the scratch space.
    private let alphaPhoton, alphaRead, betaPhoton, betaRead, twoOmitAllowed, deltaT: UnsafeMutablePointer<Double>
    private let inverseDeltaT: UnsafeMutablePointer<Double>

    typealias Lanes = SIMD4<Double>
    private let laneMemory: UnsafeMutablePointer<Lanes>
    /// The solve's scratch for four neighbouring pixels, and a second one for the one-pixel path
    /// (its pixel broadcast to every lane), which runs in the middle of a four-pixel fit.
    private let quad, single: LaneScratch
    // Per-difference scratch of the four-pixel fit itself (n each), and `quad`'s, by name.
    private let original4, sorted4: UnsafeMutablePointer<Lanes>
    private let d4, use4, x4, rate1_4, chi1_4, rate2_4, chi2_4: UnsafeMutablePointer<Lanes>

    /// The scratch space of one `solveLanes` (n lanes each).
    struct LaneScratch {
        let d4, use4, alpha4, beta4, inverseFwd4, fwdTerm4, x4, y4, sDen4, sDiag4, sOff4, rate1_4, chi1_4, rate2_4, chi2_4: UnsafeMutablePointer<Lanes>

        /// 15 slots of `stride` lanes from `base`.
        init(_ base: UnsafeMutablePointer<Lanes>, stride: Int) {
            func slot(_ k: Int) -> UnsafeMutablePointer<Lanes> { base + k * stride }
            (d4, use4, alpha4, beta4, inverseFwd4, fwdTerm4, x4, y4) = (slot(0), slot(1), slot(2), slot(3), slot(4), slot(5), slot(6), slot(7))
            (sDen4, sDiag4, sOff4, rate1_4, chi1_4, rate2_4, chi2_4) = (slot(8), slot(9), slot(10), slot(11), slot(12), slot(13), slot(14))
        }
        static let slots = 15
    }

    init(pattern: LikelyReadPattern) {
        self.pattern = pattern
        n = pattern.differences
        let laneStride = max(pattern.differences, 1)
        let laneCount = (2 * LaneScratch.slots + 2) * laneStride
        let lanes = UnsafeMutablePointer<Lanes>.allocate(capacity: laneCount)
        lanes.initialize(repeating: Lanes(), count: laneCount)
        laneMemory = lanes
        quad = LaneScratch(lanes, stride: laneStride)
        single = LaneScratch(lanes + LaneScratch.slots * laneStride, stride: laneStride)
        original4 = lanes + 2 * LaneScratch.slots * laneStride
        sorted4 = original4 + laneStride
        (d4, use4, x4, rate1_4, chi1_4, rate2_4, chi2_4) = (quad.d4, quad.use4, quad.x4, quad.rate1_4, quad.chi1_4, quad.rate2_4, quad.chi2_4)
        let count = 16 * max(n, 1)
        let block = UnsafeMutablePointer<Double>.allocate(capacity: count)
        block.initialize(repeating: 0, count: count)
        memory = block
        let stride = max(n, 1)
        func slot(_ k: Int) -> UnsafeMutablePointer<Double> { block + k * stride }
        (d, use, x, rate1, chi1, rate2, chi2, sorted) = (slot(0), slot(1), slot(2), slot(3), slot(4), slot(5), slot(6), slot(7))
        originalUse = slot(8)
        (alphaPhoton, alphaRead, betaPhoton, betaRead, twoOmitAllowed, deltaT) = (slot(9), slot(10), slot(11), slot(12), slot(13), slot(14))
        inverseDeltaT = slot(15)
        for i in 0..<n {
            inverseDeltaT[i] = 1 / pattern.deltaT[i]
            alphaPhoton[i] = pattern.alphaPhoton[i]
            alphaRead[i] = pattern.alphaRead[i]
            deltaT[i] = pattern.deltaT[i]
        }
        for i in 0..<max(n - 1, 0) {
            betaPhoton[i] = pattern.betaPhoton[i]
            betaRead[i] = pattern.betaRead[i]
            twoOmitAllowed[i] = pattern.twoOmitAllowed[i]
        }
        flags = .allocate(capacity: n + 1)
        flags.initialize(repeating: 0, count: n + 1)
    }

    deinit {
        laneMemory.deallocate()
        memory.deallocate()
        flags.deallocate()
    }

    struct Fit {
        var rate: Double
        var chisq: Double
        var inverseC: Double
        var A: Double, B: Double, C: Double
    }

    /// Fits row `y` of the frame into `io`'s outputs.
    func fitRow(_ row: Int, io: RowIO) {
        let (columns, plane, resultants) = (io.columns, io.plane, io.resultants)
        let rowStart = row * columns
        var first = 0
        while first + Lanes.scalarCount <= columns {
            fitLanes(rowStart + first, io: io)
            first += Lanes.scalarCount
        }
        for col in first..<columns {
            let pixel = rowStart + col
            for g in 0..<resultants { flags[g] = io.groupDQ[g * plane + pixel] }
            let sigma = Double(io.readNoise[pixel])
            let gain = Double(io.gain[pixel])
            var finite = true
            for i in 0..<n {
                let difference = io.data[(i + 1) * plane + pixel] - io.data[i * plane + pixel]
                d[i] = Double(difference) * inverseDeltaT[i]
                if !d[i].isFinite { finite = false }
                use[i] = (flags[i] | flags[i + 1]) == 0 ? 1 : 0
                originalUse[i] = use[i]
            }
            if finite {
                let guess = medianGuess()
                let first = solve(c: guess, sigma2: sigma * sigma, gain: gain, detect: true)
                let rate = searchJumps(sigma2: sigma * sigma, gain: gain, guess: guess, first: first)
                let c = rate > 0 ? rate : (rate.isNaN ? rate : 0)
                let fit = solve(c: c, sigma2: sigma * sigma, gain: gain, detect: false)
                // Variances from the weights w = Σ⁻¹1/C, with the photon and read parts apart.
                let k = c / gain, s2 = sigma * sigma
                var varP = 0.0, varR = 0.0
                for i in 0..<n {
                    let w = x[i] * use[i] * fit.inverseC
                    varP += w * w * (k * alphaPhoton[i])
                    varR += w * w * (s2 * alphaRead[i])
                }
                var crossP = 0.0, crossR = 0.0
                for i in 0..<(n - 1) {
                    let ww = (x[i] * use[i] * fit.inverseC) * (x[i + 1] * use[i + 1] * fit.inverseC)
                    crossP += ww * (k * betaPhoton[i])
                    crossR += ww * (s2 * betaRead[i])
                }
                io.slope[pixel] = Float(fit.rate)
                io.varPoisson[pixel] = Float(varP + 2 * crossP)
                io.varReadNoise[pixel] = Float(varR + 2 * crossR)
                io.err[pixel] = Float(fit.inverseC.squareRoot())
                io.chisq[pixel] = Float(fit.chisq)
                let jump = GroupFlags.jumpDetected.rawValue
                for i in 0..<n where originalUse[i] != 0 && use[i] == 0 {
                    flags[i + 1] |= jump
                    io.groupDQ[(i + 1) * plane + pixel] |= jump
                }
            } else {
                io.slope[pixel] = .nan
                io.varPoisson[pixel] = .nan
                io.varReadNoise[pixel] = .nan
                io.err[pixel] = .nan
                io.chisq[pixel] = .nan
            }
            io.dq[pixel] = Self.compressFlags(io.dq[pixel], flags: flags, resultants: resultants)
        }
    }

    /// stcal `dq_compress_sect` plus romancal's extra rule: DO_NOT_USE when every resultant is
    /// SATURATED or DO_NOT_USE, SATURATED when any is, JUMP_DET when any jump; and DO_NOT_USE when
    /// at most one resultant is neither saturated nor DO_NOT_USE.
    @inline(__always)
    static func compressFlags(_ pixel: UInt32, flags: UnsafePointer<UInt8>, resultants: Int) -> UInt32 {
        let satOrDNU = GroupFlags.saturated.rawValue | GroupFlags.doNotUse.rawValue
        var usable = 0, any: UInt8 = 0
        for g in 0..<resultants {
            if flags[g] & satOrDNU == 0 { usable += 1 }
            any |= flags[g]
        }
        var out = pixel
        if usable <= 1 { out |= PixelFlags.doNotUse.rawValue }
        if any & GroupFlags.saturated.rawValue != 0 { out |= PixelFlags.saturated.rawValue }
        if any & GroupFlags.jumpDetected.rawValue != 0 { out |= PixelFlags.jumpDetected.rawValue }
        return out
    }

    /// The initial rate guess: the median of all differences (masked too), clipped at zero; kept
    /// for every pass of the jump search.
    func medianGuess() -> Double {
        // With no NaN, the middle values by rank: branch-free counting over the n² pairs beats
        // sorting at these sizes (≈10 differences). NaN keeps the sort's behaviour.
        var finite = true
        for i in 0..<n where d[i].isNaN { finite = false }
        let median: Double
        if finite && n > 0 {
            func select(_ k: Int) -> Double {
                for i in 0..<n {
                    let value = d[i]
                    var less = 0, equal = 0
                    for j in 0..<n {
                        less &+= d[j] < value ? 1 : 0
                        equal &+= d[j] == value ? 1 : 0
                    }
                    if less <= k && k < less &+ equal { return value }
                }
                return d[0]
            }
            median = n % 2 == 1 ? select(n / 2) : (select(n / 2 - 1) + select(n / 2)) / 2
        } else {
            for i in 0..<n { sorted[i] = d[i] }
            for i in 1..<max(n, 1) {
                let value = sorted[i]
                var j = i - 1
                while j >= 0 && sorted[j] > value { sorted[j + 1] = sorted[j]; j -= 1 }
                sorted[j + 1] = value
            }
            median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
        }
        return median > 0 ? median : 0
    }

    /// stcal `mask_jumps` for one pixel, given the first pass's fit (with its omit fits in the
    /// scratch arrays): updates `use`, returns the rate for the final covariance.
    func searchJumps(sigma2: Double, gain: Double, guess: Double, first: Fit) -> Double {
        let (t1, t2) = (Self.thresholdOneOmit, Self.thresholdTwoOmit)
        var rate = first.rate
        var fit = first
        for pass in 0..<n {
            if pass > 0 { fit = solve(c: guess, sigma2: sigma2, gain: gain, detect: true) }
            // Best improvements (NaN-propagating maxima, as numpy's amax).
            var best1 = -Double.infinity, best2 = -Double.infinity
            for i in 0..<n {
                let v = fit.chisq - chi1[i]
                if v.isNaN || best1.isNaN { best1 = .nan } else if v > best1 { best1 = v }
            }
            for i in 0..<(n - 1) {
                let v = (fit.chisq - chi2[i]) * twoOmitAllowed[i]
                if v.isNaN || best2.isNaN { best2 = .nan } else if v > best2 { best2 = v }
            }
            let oneBetter = best1 - t1 > best2 - t2
            var best = best1 * (best1 > t1 ? 1 : 0) * (oneBetter ? 1 : 0)
            best += best2 * (best2 > t2 ? 1 : 0) * (oneBetter ? 0 : 1)
            if best == 0 { best = .nan }
            var dropped = false
            var newRate = 0.0
            if oneBetter {
                for i in 0..<n { if fit.chisq - chi1[i] == best { dropped = true; sorted[i] = 1 } else { sorted[i] = 0 } }
                if dropped {
                    for i in 0..<n { newRate += rate1[i] * sorted[i] }
                    for i in 0..<n where sorted[i] != 0 { use[i] = 0 }
                }
            } else {
                for i in 0..<(n - 1) { if fit.chisq - chi2[i] == best { dropped = true; sorted[i] = 1 } else { sorted[i] = 0 } }
                if dropped {
                    for i in 0..<(n - 1) { newRate += rate2[i] * sorted[i] }
                    for i in 0..<(n - 1) where sorted[i] != 0 { use[i] = 0; use[i + 1] = 0 }
                }
            }
            guard dropped else { break }
            rate = newRate
            var remaining = 0.0
            for i in 0..<n { remaining += use[i] }
            if remaining <= 3 { break }
        }
        return rate
    }

    /// The fit of d = a·1 with the covariance of rate `c`; with `detect`, also every one-omit and
    /// two-omit fit's rate and χ² (Brandt 2024b, §3), filled for masked differences from the fits
    /// with fewer omissions as stcal does. The one pixel's differences are broadcast to the lanes
    /// of `single` and solved by `solveLanes` (the same operations, so the same numbers as any
    /// lane of a four-pixel solve); `x` and the omit fits come back from lane 0.
    @inline(__always)
    func solve(c: Double, sigma2: Double, gain: Double, detect: Bool) -> Fit {
        let s = single
        for i in 0..<n { (s.d4[i], s.use4[i]) = (Lanes(repeating: d[i]), Lanes(repeating: use[i])) }
        let fit = solveLanes(c: Lanes(repeating: c), sigma2: Lanes(repeating: sigma2), gain: Lanes(repeating: gain),
                             detect: detect, in: s)
        for i in 0..<n { x[i] = s.x4[i][0] }
        if detect {
            for i in 0..<n { (rate1[i], chi1[i]) = (s.rate1_4[i][0], s.chi1_4[i][0]) }
            for i in 0..<(n - 1) { (rate2[i], chi2[i]) = (s.rate2_4[i][0], s.chi2_4[i][0]) }
        }
        return Fit(rate: fit.rate[0], chisq: fit.chisq[0], inverseC: fit.inverseC[0], A: fit.A[0], B: fit.B[0], C: fit.C[0])
    }
}

extension LikelyRampFit {
    struct LaneFit {
        var rate, chisq, inverseC, A, B, C: Lanes
    }

    /// Four neighbouring pixels at once: the resultant differences, the first guess (a sorting
    /// network), the jump search's first fit, its test and the final fit run lane by lane in SIMD
    /// (the same IEEE operations as the scalar path, so the same numbers), which hides the
    /// latency of the tridiagonal recurrences. Only pixels whose first test finds a candidate
    /// jump (or a NaN) go through the per-pixel search.
    func fitLanes(_ base: Int, io: RowIO) {
        let (plane, resultants) = (io.plane, io.resultants)
        var sigma2 = Lanes(), gain = Lanes()
        for lane in 0..<Lanes.scalarCount {
            let sigma = Double(io.readNoise[base + lane])
            sigma2[lane] = sigma * sigma
            gain[lane] = Double(io.gain[base + lane])
        }
        // Differences and their use; a pixel with a non-finite difference is NaN throughout.
        var finite = SIMDMask<Lanes.MaskStorage>(repeating: true)
        var previousFlags = Self.load(io.groupDQ + base, as: SIMD4<UInt8>.self)
        var previous = Self.load(io.data + base, as: SIMD4<Float>.self)
        for i in 0..<n {
            let nextFlags = Self.load(io.groupDQ + (i + 1) * plane + base, as: SIMD4<UInt8>.self)
            let next = Self.load(io.data + (i + 1) * plane + base, as: SIMD4<Float>.self)
            let difference = Lanes(next - previous) * inverseDeltaT[i]
            finite .&= (difference - difference) .== 0
            let unflagged = (previousFlags | nextFlags) .== 0
            var u = Lanes()
            for lane in 0..<Lanes.scalarCount where unflagged[lane] { u[lane] = 1 }
            (d4[i], use4[i], original4[i]) = (difference, u, u)
            (previousFlags, previous) = (nextFlags, next)
        }
        let guess = medianGuessLanes().replacing(with: 0, where: .!finite)
        let first = solveLanes(c: guess, sigma2: sigma2, gain: gain, detect: true, in: quad)
        // The search's first test (as `searchJumps`): a pixel none of whose one- or two-omit fits
        // improves χ² beyond the thresholds (and with no NaN, for which the comparisons fail)
        // drops nothing, and its rate is the first fit's.
        var quiet = finite
        for i in 0..<n { quiet .&= (first.chisq - chi1_4[i]) .<= Lanes(repeating: Self.thresholdOneOmit) }
        for i in 0..<(n - 1) { quiet .&= ((first.chisq - chi2_4[i]) * twoOmitAllowed[i]) .<= Lanes(repeating: Self.thresholdTwoOmit) }
        var rate = first.rate
        for lane in 0..<Lanes.scalarCount where finite[lane] && !quiet[lane] {
            for i in 0..<n {
                d[i] = d4[i][lane]
                use[i] = use4[i][lane]
                rate1[i] = rate1_4[i][lane]
                chi1[i] = chi1_4[i][lane]
                rate2[i] = rate2_4[i][lane]
                chi2[i] = chi2_4[i][lane]
            }
            let fit = Fit(rate: first.rate[lane], chisq: first.chisq[lane], inverseC: first.inverseC[lane],
                          A: first.A[lane], B: first.B[lane], C: first.C[lane])
            rate[lane] = searchJumps(sigma2: sigma2[lane], gain: gain[lane], guess: guess[lane], first: fit)
            for i in 0..<n { use4[i][lane] = use[i] }
        }
        // max(rate, 0), keeping NaN; 0 for non-finite pixels.
        let c = rate.replacing(with: 0, where: rate .<= 0).replacing(with: 0, where: .!finite)
        let fit = solveLanes(c: c, sigma2: sigma2, gain: gain, detect: false, in: quad)
        let k = c / gain
        var varP = Lanes(), varR = Lanes()
        for i in 0..<n {
            let w = x4[i] * use4[i] * fit.inverseC
            varP += w * w * (k * alphaPhoton[i])
            varR += w * w * (sigma2 * alphaRead[i])
        }
        var crossP = Lanes(), crossR = Lanes()
        for i in 0..<(n - 1) {
            let ww = (x4[i] * use4[i] * fit.inverseC) * (x4[i + 1] * use4[i + 1] * fit.inverseC)
            crossP += ww * (k * betaPhoton[i])
            crossR += ww * (sigma2 * betaRead[i])
        }
        let totalP = varP + 2 * crossP, totalR = varR + 2 * crossR
        let jump = GroupFlags.jumpDetected.rawValue
        for lane in 0..<Lanes.scalarCount {
            let pixel = base + lane
            if finite[lane] {
                io.slope[pixel] = Float(fit.rate[lane])
                io.varPoisson[pixel] = Float(totalP[lane])
                io.varReadNoise[pixel] = Float(totalR[lane])
                io.err[pixel] = Float(fit.inverseC[lane].squareRoot())
                io.chisq[pixel] = Float(fit.chisq[lane])
                if !quiet[lane] {
                    for i in 0..<n where original4[i][lane] != 0 && use4[i][lane] == 0 {
                        io.groupDQ[(i + 1) * plane + pixel] |= jump
                    }
                }
            } else {
                io.slope[pixel] = .nan
                io.varPoisson[pixel] = .nan
                io.varReadNoise[pixel] = .nan
                io.err[pixel] = .nan
                io.chisq[pixel] = .nan
            }
            for g in 0..<resultants { flags[g] = io.groupDQ[g * plane + pixel] }
            io.dq[pixel] = Self.compressFlags(io.dq[pixel], flags: flags, resultants: resultants)
        }
    }

    /// `medianGuess` for four pixels: the differences sorted by an odd-even transposition network
    /// (n rounds of compare-exchange sort any n values; Knuth, TAOCP vol. 3, §5.3.4), then the
    /// middle value (or the mean of the two middle values), clipped at zero. The order statistics
    /// of finite values are exact, so the guess equals the scalar one; lanes with non-finite
    /// differences are replaced by the caller.
    @inline(__always)
    func medianGuessLanes() -> Lanes {
        for i in 0..<n { sorted4[i] = d4[i] }
        for round in 0..<n {
            var i = round & 1
            while i + 1 < n {
                let (a, b) = (sorted4[i], sorted4[i + 1])
                let exchange = b .< a
                sorted4[i] = a.replacing(with: b, where: exchange)
                sorted4[i + 1] = b.replacing(with: a, where: exchange)
                i += 2
            }
        }
        let median = n % 2 == 1 ? sorted4[n / 2] : (sorted4[n / 2 - 1] + sorted4[n / 2]) / 2
        return median.replacing(with: 0, where: .!(median .> 0))
    }

    @inline(__always)
    static func load<T>(_ pointer: UnsafePointer<T.Scalar>, as type: T.Type) -> T where T: SIMD {
        UnsafeRawPointer(pointer).loadUnaligned(as: T.self)
    }
    @inline(__always)
    static func load<T>(_ pointer: UnsafeMutablePointer<T.Scalar>, as type: T.Type) -> T where T: SIMD {
        UnsafeRawPointer(pointer).loadUnaligned(as: T.self)
    }

    /// The fit of d = a·1 with the covariance of rate `c` (and with `detect` every one-omit and
    /// two-omit fit) for four pixels at once, lane by lane, on the differences in `scratch.d4`
    /// and their use in `scratch.use4`.
    ///
    /// Σ⁻¹ by a tridiagonal LDLᵀ (Thomas) sweep: forward pivots fwd_i, right-hand sides 1 and d
    /// (masked); then the diagonal and first off-diagonal of Σ⁻¹, S_ii = 1/(α_i − β_{i−1}²/fwd_{i−1}
    /// − β_i²/bwd_{i+1}), S_{i,i+1} = −β_i S_{i+1,i+1}/fwd_i; one omitted: d = a·1 + b·e_i; two
    /// adjacent omitted: d = a·1 + b·e_i + c·e_{i+1} (Brandt 2024b, §3).
    @inline(__always)
    func solveLanes(c: Lanes, sigma2: Lanes, gain: Lanes, detect: Bool, in scratch: LaneScratch) -> LaneFit {
        let k = c / gain
        for i in 0..<n { scratch.alpha4[i] = k * alphaPhoton[i] + sigma2 * alphaRead[i] }
        for i in 0..<(n - 1) { scratch.beta4[i] = (k * betaPhoton[i] + sigma2 * betaRead[i]) * scratch.use4[i] * scratch.use4[i + 1] }
        scratch.inverseFwd4[0] = 1 / scratch.alpha4[0]
        scratch.fwdTerm4[0] = Lanes()
        scratch.x4[0] = scratch.use4[0]
        scratch.y4[0] = scratch.d4[0] * scratch.use4[0]
        for i in 1..<n {
            let l = scratch.beta4[i - 1] * scratch.inverseFwd4[i - 1]
            scratch.fwdTerm4[i] = l * scratch.beta4[i - 1]
            let pivot = scratch.alpha4[i] - scratch.fwdTerm4[i]
            scratch.inverseFwd4[i] = 1 / pivot
            scratch.x4[i] = scratch.use4[i] - l * scratch.x4[i - 1]
            scratch.y4[i] = scratch.d4[i] * scratch.use4[i] - l * scratch.y4[i - 1]
        }
        scratch.x4[n - 1] *= scratch.inverseFwd4[n - 1]
        scratch.y4[n - 1] *= scratch.inverseFwd4[n - 1]
        for i in stride(from: n - 2, through: 0, by: -1) {
            scratch.x4[i] = (scratch.x4[i] - scratch.beta4[i] * scratch.x4[i + 1]) * scratch.inverseFwd4[i]
            scratch.y4[i] = (scratch.y4[i] - scratch.beta4[i] * scratch.y4[i + 1]) * scratch.inverseFwd4[i]
        }
        var A = Lanes(), B = Lanes(), C = Lanes()
        for i in 0..<n {
            scratch.x4[i] *= scratch.use4[i]
            let dm = scratch.d4[i] * scratch.use4[i]
            C += scratch.x4[i]
            B += dm * scratch.x4[i]
            A += dm * scratch.y4[i]
        }
        let inverseC = 1 / C
        let rate = B * inverseC
        let chisq = A - B * B * inverseC
        let fit = LaneFit(rate: rate, chisq: chisq, inverseC: inverseC, A: A, B: B, C: C)
        guard detect else { return fit }

        var backPivot = scratch.alpha4[n - 1]
        scratch.sDen4[n - 1] = scratch.alpha4[n - 1] - scratch.fwdTerm4[n - 1]
        scratch.sDiag4[n - 1] = 1 / scratch.sDen4[n - 1]
        for i in stride(from: n - 2, through: 0, by: -1) {
            let backTerm = scratch.beta4[i] * scratch.beta4[i] / backPivot
            backPivot = scratch.alpha4[i] - backTerm
            scratch.sDen4[i] = scratch.alpha4[i] - scratch.fwdTerm4[i] - backTerm
            scratch.sDiag4[i] = 1 / scratch.sDen4[i]
        }
        for i in 0..<(n - 1) { scratch.sOff4[i] = -scratch.beta4[i] * scratch.sDiag4[i + 1] * scratch.inverseFwd4[i] }
        for i in 0..<n { scratch.sDiag4[i] *= scratch.use4[i] }

        for i in 0..<n {
            let (s, dC, dB) = (scratch.sDiag4[i], scratch.x4[i], scratch.y4[i])
            let a = (s * B - dB * dC) / (C * s - dC * dC)
            let b = (dB - a * dC) * scratch.sDen4[i]
            let masked = scratch.use4[i] .== 0
            scratch.rate1_4[i] = a.replacing(with: rate, where: masked)
            let two = Lanes(repeating: 2)
            var chi: Lanes = A + (a * a) * C
            chi -= (two * a) * B
            chi += (b * b) * s
            chi -= (two * b) * dB
            chi += ((two * a) * b) * dC
            scratch.chi1_4[i] = chi.replacing(with: chisq, where: masked)
        }
        for i in 0..<(n - 1) {
            let (dCj, dCk, dBj, dBk, sj, sk, sjk) = (scratch.x4[i], scratch.x4[i + 1], scratch.y4[i], scratch.y4[i + 1], scratch.sDiag4[i], scratch.sDiag4[i + 1], scratch.sOff4[i])
            let cpj = dCj * dCj - C * sj
            let cjck = dCj * dCk - C * sjk
            let bcpj = B * dCj - dBj * C
            let (inverseCpj, inverseCjck) = (1 / cpj, 1 / cjck)
            var cc = bcpj * inverseCpj - (B * dCk - dBk * C) * inverseCjck
            cc /= cjck * inverseCpj - (dCk * dCk - C * sk) * inverseCjck
            let bb = (bcpj - cc * cjck) * inverseCpj
            let aa = (B - bb * dCj - cc * dCk) * inverseC
            let two = Lanes(repeating: 2)
            var chi: Lanes = A + (aa * aa) * C
            chi += (bb * bb) * sj
            chi += (cc * cc) * sk
            var minus: Lanes = (two * aa) * B + (two * bb) * dBj
            minus += (two * cc) * dBk
            chi -= minus
            var plus: Lanes = ((two * aa) * bb) * dCj + ((two * aa) * cc) * dCk
            plus += ((two * bb) * cc) * sjk
            chi += plus
            let nextMasked = scratch.use4[i + 1] .== 0, thisMasked = scratch.use4[i] .== 0
            scratch.rate2_4[i] = aa.replacing(with: scratch.rate1_4[i], where: nextMasked).replacing(with: scratch.rate1_4[i + 1], where: thisMasked)
            scratch.chi2_4[i] = chi.replacing(with: scratch.chi1_4[i], where: nextMasked).replacing(with: scratch.chi1_4[i + 1], where: thisMasked)
        }
        return fit
    }
}
