import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Correlated read-out noise of a WFI detector: what romancal's reference-pixel correction
/// (algorithms.md §1.5) is there to remove.
///
/// Per resultant, one common-mode time series c(t) over the L pixel clocks of a channel frame
/// (`ReadoutGeometry`) is shared by all 33 channels (32 science channels and amp33) and added to
/// every pixel at the clock it is read:
/// - 1/f noise: the sum of K independent stationary AR(1) processes
///   x_k(t) = φ_k x_k(t-1) + s_k ε(t), φ_k = exp(-2π f_k), with corner frequencies f_k spaced
///   logarithmically from 1/L to `highestCorner` cycles per clock and equal variances
///   σ_k² = σ²/K (equal power per decade: a 1/f spectrum between the corners);
/// - alternating-column noise: (-1)^t b(t), b an AR(1) process with corner `alternatingCorner`,
///   i.e. the same spectrum shifted to the Nyquist frequency;
///
/// and per channel and resultant an offset and a linear drift over the frame (which romancal's
/// `remove_offset` and `remove_trends` remove).
///
/// Averaging n reads into a resultant is approximated by scaling one realization by 1/√n, as if
/// the reads' correlated noise were independent (exact for the white parts; for the lowest
/// frequencies, slower than a frame time of 3 s, it underestimates the resultant's noise). The
/// offsets and drifts are not scaled: they are bias-like and removed exactly.
public struct CorrelatedReadNoise: Sendable {
    public var geometry: ReadoutGeometry
    /// rms of the 1/f common-mode noise in one read, DN (default 3 DN).
    public var oneOverFRMS = 3.0
    /// Number of AR(1) components making the 1/f spectrum.
    public var components = 6
    /// Highest AR(1) corner frequency, cycles per pixel clock.
    public var highestCorner = 0.05
    /// rms of the alternating-column noise in one read, DN (default 1 DN).
    public var alternatingRMS = 1.0
    /// Corner frequency of the alternating-column noise's envelope, cycles per pixel clock.
    public var alternatingCorner = 1e-3
    /// rms of the per-channel, per-resultant offsets, DN (default 5 DN).
    public var channelOffsetRMS = 5.0
    /// rms of the per-channel, per-resultant linear drift from the first to the last clock, DN.
    public var channelDriftRMS = 2.0

    public init(geometry: ReadoutGeometry) { self.geometry = geometry }

    /// Corner frequencies f_k of the 1/f components, cycles per clock.
    public var corners: [Double] {
        let low = 1 / Double(geometry.frameClocks)
        guard components > 1 else { return [low] }
        return (0..<components).map { low * pow(highestCorner / low, Double($0) / Double(components - 1)) }
    }

    /// (φ, stationary variance) of every AR(1) component; the alternating one last.
    var processes: [(phi: Double, variance: Double)] {
        let each = oneOverFRMS * oneOverFRMS / Double(max(components, 1))
        return corners.map { (exp(-2 * Double.pi * $0), each) }
            + [(exp(-2 * Double.pi * alternatingCorner), alternatingRMS * alternatingRMS)]
    }

    /// Two-sided power spectral density of the common mode of one read at `frequency` (cycles
    /// per clock, -1/2...1/2), DN² per (cycle/clock): Σ s²/|1 - φ e^{-2πif}|², with the
    /// alternating component shifted by 1/2.
    public func powerSpectrum(_ frequency: Double) -> Double {
        let all = processes
        var total = 0.0
        for (index, p) in all.enumerated() {
            let innovation = p.variance * (1 - p.phi * p.phi)
            let sign = index == all.count - 1 ? -1.0 : 1.0
            total += innovation / (1 - 2 * sign * p.phi * cos(2 * Double.pi * frequency) + p.phi * p.phi)
        }
        return total
    }

    /// Autocovariance of the common mode of one read at `lag` clocks, DN².
    public func autocovariance(_ lag: Int) -> Double {
        let all = processes
        var total = 0.0
        for (index, p) in all.enumerated() {
            let value = p.variance * pow(p.phi, Double(abs(lag)))
            total += index == all.count - 1 && lag & 1 == 1 ? -value : value
        }
        return total
    }

    /// One realization for an exposure whose resultants average `readsPerResultant` reads.
    /// Resultants are generated in parallel, each from its own random stream.
    public func realize(readsPerResultant: [Int], seed: UInt64) -> Realization {
        let length = geometry.frameClocks
        let resultants = readsPerResultant.count
        let all = processes
        var series = [Float](repeating: 0, count: resultants * length)
        series.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: resultants) { g in
                var random = RandomSource(seed: seed ^ 0x5EED_C0DE_1F00_0000, stream: UInt64(g))
                let scale = 1 / Double(max(readsPerResultant[g], 1)).squareRoot()
                let base = out.baseAddress! + g * length
                for (index, p) in all.enumerated() {
                    let innovation = (p.variance * (1 - p.phi * p.phi)).squareRoot()
                    let alternating = index == all.count - 1
                    var x = p.variance.squareRoot() * random.gaussian()
                    for t in 0..<length {
                        if t > 0 { x = p.phi * x + innovation * random.gaussian() }
                        let value = alternating && t & 1 == 1 ? -x : x
                        base[t] += Float(value * scale)
                    }
                }
            }
        }
        var random = RandomSource(seed: seed ^ 0x5EED_C0DE_2F00_0000, stream: 0)
        let channels = ReadoutGeometry.channels + 1
        let offsets = (0..<(resultants * channels)).map { _ in channelOffsetRMS * random.gaussian() }
        let drifts = (0..<(resultants * channels)).map { _ in channelDriftRMS * random.gaussian() }
        return Realization(geometry: geometry, resultants: resultants, series: series, offsets: offsets, drifts: drifts)
    }

    /// The correlated noise of one exposure.
    public struct Realization: Sendable {
        public let geometry: ReadoutGeometry
        public let resultants: Int
        /// Common mode, (resultants, L) row-major, DN, already scaled by 1/√(reads averaged).
        public let series: [Float]
        /// Per (resultant, channel 0...32) offset, DN.
        public let offsets: [Double]
        /// Per (resultant, channel 0...32) drift from the first to the last clock, DN.
        public let drifts: [Double]

        /// The noise added to a pixel of `channel` (32 = amp33) read at `clock`, DN.
        @inline(__always)
        public func value(resultant: Int, channel: Int, clock: Int) -> Double {
            let index = resultant * (ReadoutGeometry.channels + 1) + channel
            let phase = Double(clock) / Double(geometry.frameClocks) - 0.5
            return Double(series[resultant * geometry.frameClocks + clock]) + offsets[index] + drifts[index] * phase
        }
    }
}
