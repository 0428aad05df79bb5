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
        let pattern = ramp.readPattern
        let meanRead = pattern.map { Double($0.reduce(0, +)) / Double($0.count) }
        let flatReads = pattern.flatMap { $0.map(Double.init) }
        let readStart = pattern.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        let sat = GroupFlags.saturated.rawValue, dnu = GroupFlags.doNotUse.rawValue
        let noLin = PixelFlags.noLinearityCorrection.rawValue

        ramp.data.withUnsafeMutableBufferPointer { dataBuffer in
            ramp.groupDQ.withUnsafeMutableBufferPointer { gdqBuffer in
                ramp.pixelDQ.withUnsafeMutableBufferPointer { pdqBuffer in
                    linearity.withUnsafeBufferPointer { linBuffer in
                        inverse.withUnsafeBufferPointer { invBuffer in
                            linearityDQ.withUnsafeBufferPointer { ldqBuffer in
                                nonisolated(unsafe) let (data, gdq, pdq, lin, inv, ldq) = (dataBuffer, gdqBuffer, pdqBuffer, linBuffer, invBuffer, ldqBuffer)
                                StepSupport.parallelChunks(plane, minimumChunk: 4096) { range in
                                    var cl = [Float](repeating: 0, count: nLin), ci = [Float](repeating: 0, count: nInv)
                                    var unlin = [Double](repeating: 0, count: flatReads.count)
                                    for p in range {
                                        // Coefficient preparation (stcal prepare_coefficients).
                                        var flags = pdq[p] | ldq[p]
                                        let flagged = ldq[p] & noLin == noLin
                                        func prepare(_ c: inout [Float], _ src: UnsafeBufferPointer<Float>, _ count: Int) {
                                            var nan = false
                                            for k in 0..<count { c[k] = src[k * plane + p]; if c[k].isNaN { nan = true } }
                                            // NO_LIN_CORR in the reference: identity (the flag comes with lin dq);
                                            // NaN or zero linear term: identity and NO_LIN_CORR.
                                            if flagged || nan || c[1] == 0 {
                                                if !flagged { flags |= noLin }
                                                for k in 0..<count { c[k] = k == 1 ? 1 : 0 }
                                            }
                                        }
                                        prepare(&cl, lin, nLin)
                                        prepare(&ci, inv, nInv)
                                        pdq[p] = flags
                                        // The first and last unsaturated resultants.
                                        var unsaturated = 0
                                        for g in 0..<n where gdq[g * plane + p] & sat == 0 { unsaturated += 1 }
                                        let last = max(unsaturated - 1, 2) - 1
                                        let first = linearise(data[p], gdq[p] & sat != 0, cl, nLin)
                                        let lastValue = linearise(data[last * plane + p], gdq[last * plane + p] & sat != 0, cl, nLin)
                                        let rate = Double(lastValue - first) / (meanRead[last] - meanRead[0])
                                        for g in 0..<n {
                                            let index = g * plane + p
                                            guard gdq[index] & sat == 0 else { continue }
                                            let reads = readStart[g]..<readStart[g + 1]
                                            var predicted = 0.0
                                            for r in reads {
                                                let linear = Double(first) + rate * (flatReads[r] - meanRead[0])
                                                unlin[r] = horner(linear, ci, nInv)
                                                predicted += unlin[r]
                                            }
                                            predicted /= Double(reads.count)
                                            let offset = Double(data[index]) - predicted
                                            var corrected = 0.0
                                            for r in reads { corrected += horner(unlin[r] + offset, cl, nLin) }
                                            var value = Float(corrected / Double(reads.count))
                                            if abs(value) > 1e6 { value = value > 0 ? 1e6 : -1e6; gdq[index] |= dnu }
                                            data[index] = value
                                        }
                                        // Saturated resultants keep their value; romancal still clips them.
                                        for g in 0..<n where gdq[g * plane + p] & sat != 0 {
                                            let v = data[g * plane + p]
                                            if abs(v) > 1e6 { data[g * plane + p] = v > 0 ? 1e6 : -1e6; gdq[g * plane + p] |= dnu }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// stcal's `apply_polynomial` on float32 data with float32 coefficients (the identity where saturated).
    @inline(__always)
    static func linearise(_ x: Float, _ saturated: Bool, _ c: [Float], _ count: Int) -> Float {
        if saturated { return x }
        var result = c[count - 1] * x
        var j = count - 2
        while j > 0 { result += c[j]; result *= x; j -= 1 }
        return result + c[0]
    }

    /// The same polynomial in double precision (float32 coefficients promoted).
    @inline(__always)
    static func horner(_ x: Double, _ c: [Float], _ count: Int) -> Double {
        var result = Double(c[count - 1]) * x
        var j = count - 2
        while j > 0 { result += Double(c[j]); result *= x; j -= 1 }
        return result + Double(c[0])
    }
}
