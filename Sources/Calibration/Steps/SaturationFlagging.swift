import Arrays
import Dispatch
import WFI

/// romancal's `saturation` (algorithms.md §1.4; RC `romancal/saturation/saturation.py`, SC
/// `src/stcal/saturation/saturation.py::flag_saturated_pixels` with `read_pattern`, bias 0,
/// A/D limit 65535).
///
/// Per pixel: a forward pass flags SATURATED from the first resultant at or above the threshold
/// onwards and AD_FLOOR|DO_NOT_USE where a resultant is ≤ 0; a backward pass flags DO_NOT_USE on
/// a multi-read resultant whose value reaches the threshold diluted by mean(reads)/last(read)
/// just before a SATURATED one; the second-resultant check flags resultant 1 DO_NOT_USE when
/// resultant 2 saturated and the rise from 0 to 1 already implies saturation within resultant 1.
/// Pixels with NO_SAT_CHECK or a NaN threshold never saturate (threshold 65536) and get
/// NO_SAT_CHECK in the reference flags, which are OR-ed into `pixelDQ`.
public enum SaturationFlagging {
    public static let atodLimit: Float = 65535

    /// Flags `ramp` against the `saturation` reference (`threshold`, `referenceDQ`: rows × columns).
    /// `growSaturation` is stcal's `n_pix_grow_sat` (romancal: 0); `backup` romancal's `backup`.
    public static func apply(to ramp: inout Ramp, threshold: TypedArray<Float>, referenceDQ: TypedArray<UInt32>,
                             growSaturation: Int = 0, backup: Int = 0) throws(CalibrationError) {
        let step = "saturation"
        try StepSupport.checkRamp(step, ramp)
        let (n, rows, columns) = (ramp.resultants, ramp.rows, ramp.columns)
        try StepSupport.check(step, "threshold", threshold, [rows, columns])
        try StepSupport.check(step, "dq", referenceDQ, [rows, columns])
        let plane = rows * columns
        let pattern = ramp.readPattern
        // Dilution of each resultant (nil: a single read or the last read alone, skipped).
        let dilution: [Double?] = pattern.map { reads in
            let d = (Double(reads.reduce(0, +)) / Double(reads.count)) / Double(reads.last!)
            return d == 1 ? nil : d
        }
        let secondCheck = n > 2
        let mean0 = Double(pattern[0].reduce(0, +)) / Double(pattern[0].count)
        let last2 = Double(pattern[min(2, n - 1)].last!)
        let count1 = Float(pattern[min(1, n - 1)].count)
        let sat = GroupFlags.saturated.rawValue, dnu = GroupFlags.doNotUse.rawValue
        let floorFlags = GroupFlags.adFloor.rawValue | dnu
        let noCheck = PixelFlags.noSaturationCheck.rawValue
        let hasMultiRead = pattern.map { $0.count > 1 }

        ramp.data.withUnsafeBufferPointer { dataBuffer in
            ramp.groupDQ.withUnsafeMutableBufferPointer { gdqBuffer in
                ramp.pixelDQ.withUnsafeMutableBufferPointer { pdqBuffer in
                    threshold.withUnsafeBufferPointer { thresholdBuffer in
                        referenceDQ.withUnsafeBufferPointer { refBuffer in
                            nonisolated(unsafe) let (data, gdq, pdq, thr, ref) = (dataBuffer, gdqBuffer, pdqBuffer, thresholdBuffer, refBuffer)
                            // The pixel's threshold and whether it is exempt (NO_SAT_CHECK or NaN).
                            @Sendable @inline(__always) func limit(_ p: Int) -> (Float, Bool) {
                                let t = thr[p]
                                let unchecked = ref[p] & noCheck == noCheck || t.isNaN
                                return (unchecked ? atodLimit + 1 : t, unchecked)
                            }
                            @Sendable @inline(__always) func forward(_ p: Int) {
                                let t = limit(p).0
                                var saturated = false
                                for g in 0..<n {
                                    let v = data[g * plane + p]
                                    if v >= t { saturated = true }
                                    var f = gdq[g * plane + p]
                                    if saturated { f |= sat }
                                    if v <= 0 { f |= floorFlags }
                                    gdq[g * plane + p] = f
                                }
                                pdq[p] |= ref[p] | (thr[p].isNaN ? noCheck : 0)
                            }
                            @Sendable @inline(__always) func backward(_ p: Int) {
                                let (t, unchecked) = limit(p)
                                if n >= 2 {
                                    for g in stride(from: n - 2, through: 0, by: -1) {
                                        guard let d = dilution[g] else { continue }
                                        let v = Double(data[g * plane + p])
                                        let this = gdq[g * plane + p], next = gdq[(g + 1) * plane + p]
                                        if v >= Double(t) * (unchecked ? 1 : d), this & (sat | dnu) == 0, next & sat != 0 {
                                            gdq[g * plane + p] = this | dnu
                                        }
                                    }
                                }
                                if secondCheck {
                                    let d0 = data[p], d1 = data[plane + p]
                                    let g1 = gdq[plane + p], g2 = gdq[2 * plane + p]
                                    if Double(d0) / mean0 * last2 < Double(t), d1 - d0 > (t - d0) / count1, g2 & sat != 0, g1 & sat == 0 {
                                        gdq[plane + p] = g1 | dnu
                                    }
                                }
                                for _ in 0..<backup {
                                    for g in 0..<(n - 1) where hasMultiRead[g] {
                                        gdq[g * plane + p] |= gdq[(g + 1) * plane + p] & sat
                                    }
                                }
                            }
                            if growSaturation > 0 {
                                Parallel.chunks(plane, minimumChunk: 4096) { range in for p in range { forward(p) } }
                                grow(gdq, n: n, rows: rows, columns: columns, by: growSaturation)
                                Parallel.chunks(plane, minimumChunk: 4096) { range in for p in range { backward(p) } }
                                return
                            }
                            // Without growth: the passes plane by plane over blocks of pixels (vectorisable).
                            Parallel.chunks(plane, minimumChunk: 8192) { range in
                                let block = 2048
                                let t = UnsafeMutablePointer<Float>.allocate(capacity: block)
                                let limitD = UnsafeMutablePointer<Double>.allocate(capacity: block)
                                let exempt = UnsafeMutablePointer<Bool>.allocate(capacity: block)
                                let running = UnsafeMutablePointer<UInt8>.allocate(capacity: block)
                                defer { t.deallocate(); limitD.deallocate(); exempt.deallocate(); running.deallocate() }
                                var start = range.lowerBound
                                while start < range.upperBound {
                                    let count = min(block, range.upperBound - start)
                                    for i in 0..<count {
                                        let p = start + i
                                        (t[i], exempt[i]) = limit(p)
                                        pdq[p] |= ref[p] | (thr[p].isNaN ? noCheck : 0)
                                        running[i] = 0
                                    }
                                    for g in 0..<n {
                                        let d = data.baseAddress! + g * plane + start, q = gdq.baseAddress! + g * plane + start
                                        for i in 0..<count {
                                            let v = d[i]
                                            running[i] |= v >= t[i] ? sat : 0
                                            q[i] |= running[i] | (v <= 0 ? floorFlags : 0)
                                        }
                                    }
                                    if n >= 2 {
                                        for g in stride(from: n - 2, through: 0, by: -1) {
                                            guard let dilution = dilution[g] else { continue }
                                            for i in 0..<count { limitD[i] = Double(t[i]) * (exempt[i] ? 1 : dilution) }
                                            let d = data.baseAddress! + g * plane + start
                                            let q = gdq.baseAddress! + g * plane + start, next = q + plane
                                            for i in 0..<count where Double(d[i]) >= limitD[i] && q[i] & (sat | dnu) == 0 && next[i] & sat != 0 {
                                                q[i] |= dnu
                                            }
                                        }
                                    }
                                    if secondCheck {
                                        let d0 = data.baseAddress! + start, d1 = d0 + plane
                                        let q1 = gdq.baseAddress! + plane + start, q2 = q1 + plane
                                        for i in 0..<count where q2[i] & sat != 0 && q1[i] & sat == 0 {
                                            if Double(d0[i]) / mean0 * last2 < Double(t[i]), d1[i] - d0[i] > (t[i] - d0[i]) / count1 { q1[i] |= dnu }
                                        }
                                    }
                                    for _ in 0..<backup {
                                        for g in 0..<(n - 1) where hasMultiRead[g] {
                                            let q = gdq.baseAddress! + g * plane + start
                                            for i in 0..<count { q[i] |= q[i + plane] & sat }
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

    /// stcal's `_adjacent_pixels` for every resultant: SATURATED dilated by a (2n+1)² box.
    static func grow(_ gdq: UnsafeMutableBufferPointer<UInt8>, n: Int, rows: Int, columns: Int, by radius: Int) {
        let sat = GroupFlags.saturated.rawValue
        var source = [Bool](repeating: false, count: rows * columns)
        for g in 0..<n {
            let base = g * rows * columns
            for i in 0..<(rows * columns) { source[i] = gdq[base + i] & sat != 0 }
            for y in 0..<rows {
                for x in 0..<columns where !source[y * columns + x] {
                    var hit = false
                    for yy in max(0, y - radius)...min(rows - 1, y + radius) where !hit {
                        for xx in max(0, x - radius)...min(columns - 1, x + radius) where source[yy * columns + xx] { hit = true; break }
                    }
                    if hit { gdq[base + y * columns + x] |= sat }
                }
            }
        }
    }
}
