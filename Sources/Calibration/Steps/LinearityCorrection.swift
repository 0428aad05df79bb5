import Arrays
import WFI

/// romancal's `linearity` (algorithms.md §1.8; RC `romancal/linearity/linearity_step.py`, SC
/// `src/stcal/linearity/linearity.py::linearity_correction` with `ilin_coeffs` and
/// `read_pattern`): the read-level correction. The first and the last unsaturated resultant are
/// linearised with P_lin (float32 Horner, as stcal on float32 arrays); each read's linear value
/// is predicted from their rate, made non-linear with P_inv, shifted so the reads average to the
/// measured resultant, linearised again and averaged (double precision, as numpy promotes).
/// Saturated resultants are kept; results beyond ±1e6 are clipped and flagged DO_NOT_USE.
///
/// The optional integral non-linearity table is not supported (romancal uses it only when the
/// `integralnonlinearity` reference exists).
public enum LinearityCorrection {
    /// `linearity` and `inverse` are the coefficient cubes (ncoeff, rows, columns), `linearityDQ`
    /// the linearity reference's dq (used for both sets, as romancal does).
    public static func apply(to ramp: inout Ramp, linearity: TypedArray<Float>, linearityDQ: TypedArray<UInt32>,
                             inverse: TypedArray<Float>) throws(CalibrationError) {
        let step = "linearity"
        try StepSupport.checkRamp(step, ramp)
        let (n, rows, columns) = (ramp.resultants, ramp.rows, ramp.columns)
        let plane = rows * columns
        guard linearity.shape.count == 3, linearity.shape[0] >= 2 else {
            throw .shape(step: step, array: "linearity coeffs", expected: [4, rows, columns], found: linearity.shape)
        }
        guard inverse.shape.count == 3, inverse.shape[0] >= 2 else {
            throw .shape(step: step, array: "inverselinearity coeffs", expected: [4, rows, columns], found: inverse.shape)
        }
        try StepSupport.check(step, "linearity coeffs", linearity, [linearity.shape[0], rows, columns])
        try StepSupport.check(step, "inverselinearity coeffs", inverse, [inverse.shape[0], rows, columns])
        try StepSupport.check(step, "linearity dq", linearityDQ, [rows, columns])
        guard n >= 2 else { throw .unsupported(step: step, reason: "the read-level correction needs at least 2 resultants") }
        let nLin = linearity.shape[0], nInv = inverse.shape[0]
        let pattern = ReadPatternTimes(readPattern: ramp.readPattern)
        ramp.data.withUnsafeMutableBufferPointer { dataBuffer in
            ramp.groupDQ.withUnsafeMutableBufferPointer { gdqBuffer in
                ramp.pixelDQ.withUnsafeMutableBufferPointer { pdqBuffer in
                    linearity.withUnsafeBufferPointer { linBuffer in
                        inverse.withUnsafeBufferPointer { invBuffer in
                            linearityDQ.withUnsafeBufferPointer { ldqBuffer in
                                let io = PixelIO(data: dataBuffer.baseAddress!, groupDQ: gdqBuffer.baseAddress!, pixelDQ: pdqBuffer.baseAddress!,
                                                 linearity: linBuffer.baseAddress!, inverse: invBuffer.baseAddress!,
                                                 linearityDQ: ldqBuffer.baseAddress!, plane: plane, resultants: n)
                                Parallel.chunks(plane, minimumChunk: 8192) { range in
                                    let kernel = LaneKernel(linearityCount: nLin, inverseCount: nInv, pattern: pattern)
                                    var p = range.lowerBound
                                    while p < range.upperBound {
                                        let lanes = min(LaneKernel.V.scalarCount, range.upperBound - p)
                                        kernel.correct(p, lanes: lanes, io: io)
                                        p += lanes
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The read times of a read pattern relative to the first resultant's mean, in frames.
    struct ReadPatternTimes: Sendable {
        /// Mean read number of each resultant.
        let meanRead: [Double]
        /// Each read's number minus the first resultant's mean, resultant by resultant.
        let since: [Double]
        /// Index in `since` of each resultant's first read (and the end).
        let readStart: [Int]
        let mostReads: Int

        init(readPattern: [[Int]]) {
            meanRead = readPattern.map { Double($0.reduce(0, +)) / Double($0.count) }
            let first = meanRead[0]
            since = readPattern.flatMap { $0.map { Double($0) - first } }
            readStart = readPattern.reduce(into: [0]) { $0.append($0.last! + $1.count) }
            mostReads = readPattern.map(\.count).max() ?? 1
        }
    }

    /// Raw pointers to the step's arrays, shared by the workers (each writes its own pixels).
    struct PixelIO: @unchecked Sendable {
        let data: UnsafeMutablePointer<Float>
        let groupDQ: UnsafeMutablePointer<UInt8>
        let pixelDQ: UnsafeMutablePointer<UInt32>
        let linearity: UnsafePointer<Float>, inverse: UnsafePointer<Float>
        let linearityDQ: UnsafePointer<UInt32>
        let plane: Int, resultants: Int
    }

    /// The correction of up to four neighbouring pixels at once, in SIMD lanes: the read-level
    /// arithmetic of each lane is the same IEEE operations in the same order as stcal's per-pixel
    /// numpy code (double precision), so the numbers are the same.
    final class LaneKernel {
        typealias V = SIMD8<Double>
        let nLin: Int, nInv: Int
        let pattern: ReadPatternTimes
        /// Coefficients of the lanes (k-th at [k]), and the non-linear value of each read of one
        /// resultant.
        let linear: UnsafeMutablePointer<V>, inverse: UnsafeMutablePointer<V>, unlinear: UnsafeMutablePointer<V>

        init(linearityCount: Int, inverseCount: Int, pattern: ReadPatternTimes) {
            (nLin, nInv, self.pattern) = (linearityCount, inverseCount, pattern)
            linear = .allocate(capacity: nLin)
            inverse = .allocate(capacity: nInv)
            unlinear = .allocate(capacity: pattern.mostReads)
        }

        deinit {
            linear.deallocate()
            inverse.deallocate()
            unlinear.deallocate()
        }

        func correct(_ p: Int, lanes: Int, io: PixelIO) {
            let (plane, n) = (io.plane, io.resultants)
            let sat = GroupFlags.saturated.rawValue, dnu = GroupFlags.doNotUse.rawValue
            let noLin = PixelFlags.noLinearityCorrection.rawValue
            var first = V(), rate = V()
            for lane in 0..<V.scalarCount {
                let q = p + lane
                guard lane < lanes else {
                    // Unused lanes: the identity, so that they compute harmless numbers.
                    for k in 0..<nLin { linear[k][lane] = k == 1 ? 1 : 0 }
                    for k in 0..<nInv { inverse[k][lane] = k == 1 ? 1 : 0 }
                    continue
                }
                // Coefficient preparation (stcal prepare_coefficients): NO_LIN_CORR in the
                // reference: identity; NaN or zero linear term: identity and NO_LIN_CORR.
                var flags = io.pixelDQ[q] | io.linearityDQ[q]
                let flagged = io.linearityDQ[q] & noLin == noLin
                func prepare(_ set: UnsafeMutablePointer<V>, _ source: UnsafePointer<Float>, _ count: Int) {
                    var nan = false, identity = flagged
                    for k in 0..<count where source[k * plane + q].isNaN { nan = true }
                    if !flagged && (nan || source[plane + q] == 0) { flags |= noLin; identity = true }
                    for k in 0..<count { set[k][lane] = identity ? (k == 1 ? 1 : 0) : Double(source[k * plane + q]) }
                }
                prepare(linear, io.linearity, nLin)
                prepare(inverse, io.inverse, nInv)
                io.pixelDQ[q] = flags
                // The first and last unsaturated resultants, linearised in float32.
                var unsaturated = 0
                for g in 0..<n where io.groupDQ[g * plane + q] & sat == 0 { unsaturated += 1 }
                let last = max(unsaturated - 1, 2) - 1
                let l0 = linearise(io.data[q], io.groupDQ[q] & sat != 0, lane)
                let l1 = linearise(io.data[last * plane + q], io.groupDQ[last * plane + q] & sat != 0, lane)
                first[lane] = Double(l0)
                rate[lane] = Double(l1 - l0) / (pattern.meanRead[last] - pattern.meanRead[0])
            }
            for g in 0..<n {
                let start = pattern.readStart[g], reads = pattern.readStart[g + 1] - start
                var sum = V()
                for r in 0..<reads {
                    let u = Self.horner(inverse, nInv, first + rate * pattern.since[start + r])
                    unlinear[r] = u
                    sum += u
                }
                let readCount = Double(reads)
                var measured = V()
                for lane in 0..<lanes { measured[lane] = Double(io.data[g * plane + p + lane]) }
                let offset = measured - sum / readCount
                var total = V()
                for r in 0..<reads { total += Self.horner(linear, nLin, unlinear[r] + offset) }
                let mean = total / readCount
                for lane in 0..<lanes {
                    let index = g * plane + p + lane
                    var value = io.groupDQ[index] & sat == 0 ? Float(mean[lane]) : io.data[index]
                    if abs(value) > 1e6 { value = value > 0 ? 1e6 : -1e6; io.groupDQ[index] |= dnu }
                    io.data[index] = value
                }
            }
        }

        /// stcal's `apply_polynomial` on float32 data with float32 coefficients (the identity
        /// where saturated), for one lane.
        @inline(__always)
        func linearise(_ x: Float, _ saturated: Bool, _ lane: Int) -> Float {
            if saturated { return x }
            var result = Float(linear[nLin - 1][lane]) * x
            var j = nLin - 2
            while j > 0 { result += Float(linear[j][lane]); result *= x; j -= 1 }
            return result + Float(linear[0][lane])
        }

        /// The polynomial Σ c_k x^k in double precision by Horner's rule, stcal's operation order.
        @inline(__always)
        static func horner(_ c: UnsafeMutablePointer<V>, _ count: Int, _ x: V) -> V {
            var out = c[count - 1] * x
            var j = count - 2
            while j > 0 { out = (out + c[j]) * x; j -= 1 }
            return out + c[0]
        }
    }
}
