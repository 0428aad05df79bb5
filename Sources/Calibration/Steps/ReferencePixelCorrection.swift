import Arrays
import CFFTW
import Dispatch
import Synchronization
import WFI
#if canImport(Glibc)
import Glibc
#endif

/// romancal's `refpix`, the "IRRC" reference-pixel correction (algorithms.md §1.5; RC
/// `romancal/refpix/refpix.py`, `_data.py`; Rauscher et al. 2017, PASP 129, 105003, "Improved
/// Reference Sampling and Subtraction" for NIRSpec, adapted to Roman).
///
/// Geometry: 32 channels of W = N/32 columns (128 at N = 4096) plus amp33 as channel 32, odd
/// channels read right to left, each row followed by 12 pad clocks, so a channel frame is a time
/// series of L = N·(W+12) clocks. Per exposure: BAD_REF_PIXEL pixels zeroed; the per-pixel
/// offset over resultants removed (`remove_offset`, re-added at the end); per channel and
/// resultant a line in time fitted to the non-zero pixels of the 4+4 reference rows and removed
/// from the non-zero pixels (`remove_trends`); amp33's zeros and pads filled by a sin-kernel
/// normalised convolution (`cosine_interpolate`) and its pads by 3 apodised-FFT iterations
/// (`fft_interpolate`); then channel c loses irfft((F_left γ_c + F_right ζ_c + F_amp33 α_c)·2B),
/// B = L/2+1, F_x = rfft(x/L), left/right (the 4 reference columns of channels 0 and 31, zero
/// elsewhere) ×(W+12)/4.
///
/// Arithmetic follows romancal's float32 data path; the FFTs are double precision (FFTW), where
/// scipy's forward transforms of float32 data are single precision: results agree to float32
/// rounding of the correction. Resultants are processed concurrently; channels whose
/// coefficient rows are identical share one inverse transform.
public enum ReferencePixelCorrection {
    public static let referenceColumns = 4
    public static let padClocks = 12
    public static let channels = 32

    /// Options as romancal's step parameters (all true by default).
    public struct Options: Sendable {
        public var zeroBadReferencePixels = true, removeOffset = true, removeTrends = true
        public var cosineInterpolate = true, fftInterpolate = true
        public init() {}
    }

    /// Corrects `ramp` with the `refpix` reference arrays gamma, zeta, alpha (complex128, 32 × (L/2+1)).
    public static func apply(to ramp: inout Ramp, gamma: TypedArray<ComplexElement<Double>>, zeta: TypedArray<ComplexElement<Double>>,
                             alpha: TypedArray<ComplexElement<Double>>, options: Options = Options()) throws(CalibrationError) {
        let step = "refpix"
        try StepSupport.checkRamp(step, ramp)
        let (frames, rows, columns) = (ramp.resultants, ramp.rows, ramp.columns)
        guard columns % channels == 0, columns / channels >= referenceColumns, rows >= 2 * referenceColumns else {
            throw .unsupported(step: step, reason: "\(columns) columns are not 32 channels of at least 4 columns")
        }
        let width = columns / channels, rowClocks = width + padClocks, length = rows * rowClocks, bins = length / 2 + 1
        try StepSupport.check(step, "amp33", ramp.amp33, [frames, rows, width])
        try StepSupport.check(step, "gamma", gamma, [channels, bins])
        try StepSupport.check(step, "zeta", zeta, [channels, bins])
        try StepSupport.check(step, "alpha", alpha, [channels, bins])
        let plane = rows * columns, ampPlane = rows * width

        // 0. Zero bad reference pixels (any pixel with BAD_REF_PIXEL).
        if options.zeroBadReferencePixels {
            let bad = PixelFlags.badReferencePixel.rawValue
            ramp.pixelDQ.withUnsafeBufferPointer { dq in
                ramp.data.withUnsafeMutableBufferPointer { data in
                    for p in 0..<plane where dq[p] & bad != 0 { for f in 0..<frames { data[f * plane + p] = 0 } }
                }
            }
        }
        // 2. remove_offset: the LSQ intercept against the centred frame index (float32).
        var offset = [Float](repeating: 0, count: plane), ampOffset = [Float](repeating: 0, count: ampPlane)
        if options.removeOffset {
            guard frames >= 2 else { throw .unsupported(step: step, reason: "remove_offset needs at least 2 resultants") }
            let index = (0..<frames).map(Float.init)
            let meanIndex = pairwiseSum(index) / Float(frames)
            let indep = index.map { $0 - meanIndex }
            let sx = pairwiseSum(indep), sxx = pairwiseSum(indep.map { $0 * $0 })
            let denominator = Float(frames) * sxx - sx * sx
            func removeOffset(_ data: UnsafeMutableBufferPointer<Float>, _ out: UnsafeMutableBufferPointer<Float>, _ plane: Int) {
                nonisolated(unsafe) let (data, out) = (data, out)
                Parallel.chunks(plane, minimumChunk: 8192) { range in
                    for p in range {
                        var sy: Float = 0, sxy: Float = 0
                        for f in 0..<frames { let v = data[f * plane + p]; sy += v; sxy += indep[f] * v }
                        let value = (sy * sxx - sx * sxy) / denominator
                        out[p] = value
                        for f in 0..<frames { data[f * plane + p] -= value }
                    }
                }
            }
            ramp.data.withUnsafeMutableBufferPointer { d in offset.withUnsafeMutableBufferPointer { removeOffset(d, $0, plane) } }
            ramp.amp33.withUnsafeMutableBufferPointer { d in ampOffset.withUnsafeMutableBufferPointer { removeOffset(d, $0, ampPlane) } }
        }

        // Channels sharing one coefficient row (same γ, ζ, α) share their correction.
        var representative = Array(0..<channels)
        gamma.withUnsafeBufferPointer { g in zeta.withUnsafeBufferPointer { z in alpha.withUnsafeBufferPointer { a in
            for c in 1..<channels {
                for e in 0..<c where representative[e] == e {
                    if (0..<bins).allSatisfy({ g[c * bins + $0] == g[e * bins + $0] && z[c * bins + $0] == z[e * bins + $0] && a[c * bins + $0] == a[e * bins + $0] }) {
                        representative[c] = e
                        break
                    }
                }
            }
        } } }

        // Distinct coefficient rows and each channel's slot among them.
        let unique = (0..<channels).filter { representative[$0] == $0 }
        let slot = (0..<channels).map { unique.firstIndex(of: representative[$0])! }
        let apodizer = (0..<bins).map { (1 + cos(2 * Double.pi * Double($0) / Double(length))) / 2 }
        let plans = FFTPlans.plans(length: length)
        // The centred time index of remove_trends: float32 arange(L) minus its float32 (pairwise) mean.
        let timeMean: Float = {
            var t = [Float](repeating: 0, count: length)
            for i in 0..<length { t[i] = Float(i) }
            return pairwiseSum(t) / Float(length)
        }()
        let referenceRows = Array(0..<referenceColumns) + Array((rows - referenceColumns)..<rows)
        let leftScale = Double(rowClocks) / Double(referenceColumns)

        ramp.data.withUnsafeMutableBufferPointer { dataBuffer in
            ramp.amp33.withUnsafeMutableBufferPointer { ampBuffer in
                gamma.withUnsafeBufferPointer { gBuffer in zeta.withUnsafeBufferPointer { zBuffer in alpha.withUnsafeBufferPointer { aBuffer in
                    offset.withUnsafeBufferPointer { offsetBuffer in
                    nonisolated(unsafe) let (data, amp, g, z, a, offsets) = (dataBuffer, ampBuffer, gBuffer, zBuffer, aBuffer, offsetBuffer)
                    let workers = min(frames, 2)
                    DispatchQueue.concurrentPerform(iterations: workers) { worker in
                        let work = Workspace(length: length, corrections: unique.count)
                        defer { work.free() }
                        var f = worker
                        while f < frames {
                            let frame = data.baseAddress! + f * plane, ampFrame = amp.baseAddress! + f * ampPlane
                            // Detector column of channel c at time column j (odd channels reversed).
                            @inline(__always) func column(_ c: Int, _ j: Int) -> Int { c * width + (c & 1 == 1 ? width - 1 - j : j) }
                            // 4. remove_trends: per channel (32 = amp33) a line in time through the non-zero
                            // pixels of the reference rows, fitted as np.polyfit does (double least squares,
                            // float32 result); applied below in one row-major pass with the correction.
                            let slopes = work.slopes, intercepts = work.intercepts
                            for c in 0...channels { slopes[c] = 0; intercepts[c] = 0 }
                            if options.removeTrends {
                                let sums = work.sums   // per channel: n, Σt, Σv, Σtt, Σtv, Σt² (float32 t)
                                for i in 0..<(6 * (channels + 1)) { sums[i] = 0 }
                                for row in referenceRows {
                                    for x in 0..<(columns + width) {
                                        let c = x / width, within = x - c * width
                                        let j = c & 1 == 1 && c < channels ? width - 1 - within : within
                                        let v = c < channels ? frame[row * columns + x] : ampFrame[row * width + within]
                                        guard v != 0 else { continue }
                                        let t = Float(row * rowClocks + j) - timeMean
                                        let (td, vd) = (Double(t), Double(v))
                                        let s = sums + 6 * c
                                        s[0] += 1; s[1] += td; s[2] += vd; s[3] += td * td; s[4] += td * vd; s[5] += Double(t * t)
                                    }
                                }
                                for c in 0...channels {
                                    let s = sums + 6 * c
                                    let n = s[0]
                                    guard n > 0 else { continue }
                                    let det = n * s[3] - s[1] * s[1]
                                    let slope = n > 1 && det != 0 ? (n * s[4] - s[1] * s[2]) / det : 0
                                    let intercept = (s[2] - slope * s[1]) / n
                                    let scaleT = Float(s[5]).squareRoot(), scaleB = Float(n).squareRoot()
                                    slopes[c] = Float(slope * Double(scaleT)) / scaleT
                                    intercepts[c] = Float(intercept * Double(scaleB)) / scaleB
                                }
                            }
                            // The detrended value of a pixel of channel c at time column j.
                            @inline(__always) func detrended(_ v: Float, _ c: Int, _ row: Int, _ j: Int) -> Float {
                                v != 0 ? v - ((Float(row * rowClocks + j) - timeMean) * slopes[c] + intercepts[c]) : v
                            }
                            // amp33 as a detrended float32 time series with zero pads.
                            let k = work.series
                            for row in 0..<rows {
                                for j in 0..<rowClocks {
                                    k[row * rowClocks + j] = j < width ? detrended(ampFrame[row * width + j], channels, row, j) : 0
                                }
                            }
                            if options.cosineInterpolate { cosineInterpolate(k, length: length, scratch: work.mask) }
                            if options.fftInterpolate {
                                for _ in 0..<3 {
                                    for t in 0..<length { work.real[t] = Double(k[t]) }
                                    fftw_execute_dft_r2c(plans.forward, work.real, work.spectrum)
                                    for m in 0..<bins {
                                        work.spectrum[m].0 *= apodizer[m]
                                        work.spectrum[m].1 *= apodizer[m]
                                    }
                                    fftw_execute_dft_c2r(plans.inverse, work.spectrum, work.real)
                                    for row in 0..<rows {
                                        for j in width..<rowClocks { k[row * rowClocks + j] = Float(work.real[row * rowClocks + j] / Double(length)) }
                                    }
                                }
                            }
                            // amp33 keeps its detrended, interpolated values (the offset is added back later).
                            for row in 0..<rows { for j in 0..<width { ampFrame[row * width + j] = k[row * rowClocks + j] } }

                            // 7. Forward transforms of left, right and amp33 (x / L in float32).
                            let lengthF = Float(length)
                            func transform(_ fill: (UnsafeMutablePointer<Double>) -> Void, into out: UnsafeMutablePointer<fftw_complex>, scale: Double) {
                                fill(work.real)
                                fftw_execute_dft_r2c(plans.forward, work.real, out)
                                if scale != 1 { for m in 0..<bins { out[m].0 *= scale; out[m].1 *= scale } }
                            }
                            for side in 0..<2 {
                                let c = side == 0 ? 0 : channels - 1
                                transform({ x in
                                    for row in 0..<rows {
                                        for j in 0..<rowClocks {
                                            x[row * rowClocks + j] = j < referenceColumns
                                                ? Double(detrended(frame[row * columns + column(c, j)], c, row, j) / lengthF) : 0
                                        }
                                    }
                                }, into: side == 0 ? work.left : work.right, scale: leftScale)
                            }
                            transform({ x in for t in 0..<length { x[t] = Double(k[t] / lengthF) } }, into: work.amp, scale: 1)

                            // Per distinct coefficient row: irfft((F_l γ + F_r ζ + F_a α)·2B)/L, as float32.
                            let normalization = Double(2 * bins), inverseLength = 1 / Double(length)
                            for (u, source) in unique.enumerated() {
                                for m in 0..<bins {
                                    let (gc, zc, ac) = (g[source * bins + m], z[source * bins + m], a[source * bins + m])
                                    let (l, r, s) = (work.left[m], work.right[m], work.amp[m])
                                    let re = l.0 * gc.real - l.1 * gc.imaginary + r.0 * zc.real - r.1 * zc.imaginary + s.0 * ac.real - s.1 * ac.imaginary
                                    let im = l.0 * gc.imaginary + l.1 * gc.real + r.0 * zc.imaginary + r.1 * zc.real + s.0 * ac.imaginary + s.1 * ac.real
                                    work.spectrum[m] = (re * normalization, im * normalization)
                                }
                                fftw_execute_dft_c2r(plans.inverse, work.spectrum, work.real)
                                let out = work.corrections + u * length
                                for t in 0..<length { out[t] = Float(work.real[t] * inverseLength) }
                            }
                            // One row-major pass: detrend, subtract the correction, add the offset back.
                            for row in 0..<rows {
                                let base = row * columns
                                for c in 0..<channels {
                                    let correction = work.corrections + slot[c] * length + row * rowClocks
                                    let (m, b) = (slopes[c], intercepts[c])
                                    let reversed = c & 1 == 1
                                    for within in 0..<width {
                                        let x = c * width + within
                                        let j = reversed ? width - 1 - within : within
                                        var v = frame[base + x]
                                        if v != 0 { v -= (Float(row * rowClocks + j) - timeMean) * m + b }
                                        v -= correction[j]
                                        frame[base + x] = v + offsets[base + x]
                                    }
                                }
                            }
                            f += workers
                        }
                    }
                    }
                } } }
            }
        }

        // 8-9. Offsets back; amp33 = |amp33| as uint16 (clamped); left/right border copies refreshed.
        ramp.amp33.withUnsafeMutableBufferPointer { amp in
            for f in 0..<frames {
                for p in 0..<ampPlane { amp[f * ampPlane + p] = min(65535, abs(amp[f * ampPlane + p] + ampOffset[p]).rounded(.towardZero)) }
            }
        }
        if var border = ramp.borderReference, border.left.shape == [frames, rows, ramp.border] {
            let b = ramp.border
            ramp.data.withUnsafeBufferPointer { d in
                border.left.withUnsafeMutableBufferPointer { l in border.right.withUnsafeMutableBufferPointer { r in
                    for f in 0..<frames {
                        for y in 0..<rows {
                            for k in 0..<b {
                                l[(f * rows + y) * b + k] = d[f * plane + y * columns + k]
                                r[(f * rows + y) * b + k] = d[f * plane + y * columns + columns - b + k]
                            }
                        }
                    }
                } }
            }
            ramp.borderReference = border
        }
    }

    /// `cosine_interpolate` on one amp33 series: where k = 0, k = conv(k, w)/conv(k≠0, w) with
    /// w_j = sin(jπ/32), j = 1...32, numpy 'same' alignment (out[i] = Σ_j in[i+15−j] w_j);
    /// NaN (nothing to interpolate from) becomes 0.
    static func cosineInterpolate(_ k: UnsafeMutablePointer<Float>, length: Int, scratch: UnsafeMutablePointer<Float>) {
        var w = [Float](repeating: 0, count: 32)
        // np.sin of float32 j·π/32 (π rounded to nearest float32, unlike Float.pi).
        for j in 0..<32 { w[j] = sinf(Float(j + 1) * Float(Double.pi) / 32) }
        for t in 0..<length { scratch[t] = k[t] }
        for i in 0..<length where scratch[i] == 0 {
            var value: Float = 0, weight = 0.0
            for j in 0..<32 {
                let s = i + 15 - j
                guard s >= 0, s < length else { continue }
                let v = scratch[s]
                value += v * w[j]
                if v != 0 { weight += Double(w[j]) }
            }
            let filled = Double(value) / weight
            k[i] = filled.isNaN ? 0 : Float(filled)
        }
    }

    /// numpy's pairwise float32 summation (`pairwise_sum`, blocks of 8 below 128 elements).
    static func pairwiseSum(_ values: [Float]) -> Float {
        values.withUnsafeBufferPointer { pairwise($0.baseAddress!, $0.count) }
    }

    static func pairwise(_ a: UnsafePointer<Float>, _ n: Int) -> Float {
        if n < 8 {
            var res: Float = 0
            for i in 0..<n { res += a[i] }
            return res
        } else if n <= 128 {
            var r = (0..<8).map { a[$0] }
            var i = 8
            while i < n - n % 8 {
                for k in 0..<8 { r[k] += a[i + k] }
                i += 8
            }
            var res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
            while i < n { res += a[i]; i += 1 }
            return res
        } else {
            var n2 = n / 2
            n2 -= n2 % 8
            return pairwise(a, n2) + pairwise(a + n2, n - n2)
        }
    }

    /// Per-worker buffers (FFTW-aligned).
    final class Workspace {
        let real: UnsafeMutablePointer<Double>
        let series: UnsafeMutablePointer<Float>, mask: UnsafeMutablePointer<Float>
        let spectrum: UnsafeMutablePointer<fftw_complex>, left: UnsafeMutablePointer<fftw_complex>
        let right: UnsafeMutablePointer<fftw_complex>, amp: UnsafeMutablePointer<fftw_complex>
        let corrections: UnsafeMutablePointer<Float>
        let slopes: UnsafeMutablePointer<Float>, intercepts: UnsafeMutablePointer<Float>, sums: UnsafeMutablePointer<Double>

        init(length: Int, corrections count: Int) {
            corrections = .allocate(capacity: count * length)
            slopes = .allocate(capacity: 33)
            intercepts = .allocate(capacity: 33)
            sums = .allocate(capacity: 6 * 33)
            let bins = length / 2 + 1
            real = fftw_alloc_real(length)!
            series = .allocate(capacity: length)
            mask = .allocate(capacity: length)
            spectrum = UnsafeMutableRawPointer(fftw_alloc_complex(bins)!).bindMemory(to: fftw_complex.self, capacity: bins)
            left = UnsafeMutableRawPointer(fftw_alloc_complex(bins)!).bindMemory(to: fftw_complex.self, capacity: bins)
            right = UnsafeMutableRawPointer(fftw_alloc_complex(bins)!).bindMemory(to: fftw_complex.self, capacity: bins)
            amp = UnsafeMutableRawPointer(fftw_alloc_complex(bins)!).bindMemory(to: fftw_complex.self, capacity: bins)
        }

        func free() {
            fftw_free(real)
            series.deallocate()
            mask.deallocate()
            for p in [spectrum, left, right, amp] { fftw_free(p) }
            corrections.deallocate()
            slopes.deallocate()
            intercepts.deallocate()
            sums.deallocate()
        }
    }

    /// FFTW plans per length, made once under a lock (planning is not thread-safe; executing
    /// a plan on other aligned arrays with the new-array interface is).
    struct FFTPlans: @unchecked Sendable {
        let forward: OpaquePointer, inverse: OpaquePointer
        private static let cache = Mutex<[Int: FFTPlans]>([:])

        static func plans(length: Int) -> FFTPlans {
            cache.withLock { cache in
                if let plans = cache[length] { return plans }
                let bins = length / 2 + 1
                let real = fftw_alloc_real(length)!, spectrum = fftw_alloc_complex(bins)!
                defer { fftw_free(real); fftw_free(spectrum) }
                let flags = UInt32(FFTW_ESTIMATE) | UInt32(FFTW_DESTROY_INPUT)
                let plans = FFTPlans(forward: fftw_plan_dft_r2c_1d(Int32(length), real, spectrum, flags),
                                     inverse: fftw_plan_dft_c2r_1d(Int32(length), spectrum, real, flags))
                cache[length] = plans
                return plans
            }
        }
    }
}
