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
                                StepSupport.parallelChunks(plane, minimumChunk: 8192) { range in
                                    // Blocks of pixels, read-level arithmetic in loops over the block
                                    // (vectorisable; the same operations in the same order per pixel).
                                    let block = 256
                                    let cl = UnsafeMutablePointer<Double>.allocate(capacity: nLin * block)
                                    let ci = UnsafeMutablePointer<Double>.allocate(capacity: nInv * block)
                                    let work = UnsafeMutablePointer<Double>.allocate(capacity: (6 + flatReads.count) * block)
                                    defer { cl.deallocate(); ci.deallocate(); work.deallocate() }
                                    let first = work, rate = work + block, x = work + 2 * block, res = work + 3 * block
                                    let sum = work + 4 * block, offset = work + 5 * block, unlin = work + 6 * block
                                    var start = range.lowerBound
                                    while start < range.upperBound {
                                        let count = min(block, range.upperBound - start)
                                        for i in 0..<count {
                                            let p = start + i
                                            // Coefficient preparation (stcal prepare_coefficients): NO_LIN_CORR in the
                                            // reference: identity; NaN or zero linear term: identity and NO_LIN_CORR.
                                            var flags = pdq[p] | ldq[p]
                                            let flagged = ldq[p] & noLin == noLin
                                            @inline(__always) func prepare(_ set: UnsafeMutablePointer<Double>, _ source: UnsafeBufferPointer<Float>, _ n: Int) {
                                                var nan = false, identity = flagged
                                                for k in 0..<n where source[k * plane + p].isNaN { nan = true }
                                                if !flagged && (nan || source[plane + p] == 0) { flags |= noLin; identity = true }
                                                for k in 0..<n { set[k * block + i] = identity ? (k == 1 ? 1 : 0) : Double(source[k * plane + p]) }
                                            }
                                            prepare(cl, lin, nLin)
                                            prepare(ci, inv, nInv)
                                            pdq[p] = flags
                                            // The first and last unsaturated resultants, linearised in float32.
                                            var unsaturated = 0
                                            for g in 0..<n where gdq[g * plane + p] & sat == 0 { unsaturated += 1 }
                                            let last = max(unsaturated - 1, 2) - 1
                                            let l0 = linearise(data[p], gdq[p] & sat != 0, cl, block, i, nLin)
                                            let l1 = linearise(data[last * plane + p], gdq[last * plane + p] & sat != 0, cl, block, i, nLin)
                                            first[i] = Double(l0)
                                            rate[i] = Double(l1 - l0) / (meanRead[last] - meanRead[0])
                                        }
                                        for g in 0..<n {
                                            let reads = readStart[g]..<readStart[g + 1]
                                            for i in 0..<count { sum[i] = 0 }
                                            for r in reads {
                                                let since = flatReads[r] - meanRead[0]
                                                let u = unlin + (r - readStart[g]) * block
                                                for i in 0..<count { x[i] = first[i] + rate[i] * since }
                                                horner(ci, nInv, x, u, count, block)
                                                for i in 0..<count { sum[i] += u[i] }
                                            }
                                            let readCount = Double(reads.count)
                                            for i in 0..<count { offset[i] = Double(data[g * plane + start + i]) - sum[i] / readCount; sum[i] = 0 }
                                            for r in reads {
                                                let u = unlin + (r - readStart[g]) * block
                                                for i in 0..<count { x[i] = u[i] + offset[i] }
                                                horner(cl, nLin, x, res, count, block)
                                                for i in 0..<count { sum[i] += res[i] }
                                            }
                                            for i in 0..<count {
                                                let index = g * plane + start + i
                                                var value = gdq[index] & sat == 0 ? Float(sum[i] / readCount) : data[index]
                                                if abs(value) > 1e6 { value = value > 0 ? 1e6 : -1e6; gdq[index] |= dnu }
                                                data[index] = value
                                            }
                                        }
                                        start += count
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// stcal's `apply_polynomial` on float32 data with float32 coefficients (the identity where
    /// saturated); coefficients k of pixel i at c[k·stride + i].
    @inline(__always)
    static func linearise(_ x: Float, _ saturated: Bool, _ c: UnsafeMutablePointer<Double>, _ stride: Int, _ i: Int, _ count: Int) -> Float {
        if saturated { return x }
        var result = Float(c[(count - 1) * stride + i]) * x
        var j = count - 2
        while j > 0 { result += Float(c[j * stride + i]); result *= x; j -= 1 }
        return result + Float(c[i])
    }

    /// The polynomial in double precision over a block: out[i] = P_i(x[i]), stcal's operation order.
    @inline(__always)
    static func horner(_ c: UnsafeMutablePointer<Double>, _ count: Int, _ x: UnsafeMutablePointer<Double>,
                       _ out: UnsafeMutablePointer<Double>, _ n: Int, _ stride: Int) {
        // Fused single passes for the usual 4-6 coefficients (same operations, same order).
        let (c0, c1, c2) = (c, c + stride, c + 2 * stride)
        switch count {
        case 4:
            let c3 = c + 3 * stride
            for i in 0..<n { let v = x[i]; out[i] = ((c3[i] * v + c2[i]) * v + c1[i]) * v + c0[i] }
            return
        case 5:
            let (c3, c4) = (c + 3 * stride, c + 4 * stride)
            for i in 0..<n { let v = x[i]; out[i] = (((c4[i] * v + c3[i]) * v + c2[i]) * v + c1[i]) * v + c0[i] }
            return
        case 6:
            let (c3, c4, c5) = (c + 3 * stride, c + 4 * stride, c + 5 * stride)
            for i in 0..<n { let v = x[i]; out[i] = ((((c5[i] * v + c4[i]) * v + c3[i]) * v + c2[i]) * v + c1[i]) * v + c0[i] }
            return
        default: break
        }
        let top = c + (count - 1) * stride
        for i in 0..<n { out[i] = top[i] * x[i] }
        var j = count - 2
        while j > 0 {
            let cj = c + j * stride
            for i in 0..<n { out[i] = (out[i] + cj[i]) * x[i] }
            j -= 1
        }
        for i in 0..<n { out[i] += c[i] }
    }
}
