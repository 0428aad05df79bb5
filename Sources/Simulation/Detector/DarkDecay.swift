import Arrays
import ASDF
import WFI
#if canImport(Glibc)
import Glibc
#endif

/// The dark-decay signal A·exp(-T/τ) every pixel shows after the reset, with romancal's
/// provisional read-time model (algorithms.md §1.6; RC `romancal/lib/basic_utils.py::frame_read_times`,
/// `romancal/dark_decay`): read r (1-based) of a pixel is at T = frame_read_times(frame_time, sca, r − 1.5).
/// romancal's `dark_decay` step subtracts, from each resultant, the mean of A·exp(-T/τ) over its
/// reads, so a simulator adding exactly that (in raw DN, before non-linearity correction, as the
/// step runs before `linearity`) is removed exactly.
public struct DarkDecay: Sendable, Hashable {
    /// Amplitude A at T = 0, DN.
    public var amplitude: Double
    /// Time constant τ, seconds.
    public var timeConstant: Double

    public init(amplitude: Double, timeConstant: Double) {
        self.amplitude = amplitude
        self.timeConstant = timeConstant
    }

    /// The simulator's (and the `darkdecaysignal` reference's) values for WFI`sca`: amplitudes of
    /// 2–6 DN and time constants of 20–54 s, a smooth made-up spread over the 18 detectors.
    public static func simulated(sca: Int) -> DarkDecay {
        DarkDecay(amplitude: 2 + Double((sca * 7) % 9) * 0.5, timeConstant: 20 + Double((sca * 5) % 18) * 2)
    }

    /// Per-pixel read time of the first frame, seconds: romancal's `frame_read_times(frame_time,
    /// sca, 0)` for a 4096-pixel frame, generalised to `size` = 32·W by scaling the channel width
    /// to W = size/32 and the guide-window stride to size/16 (the same 16 excursions). At 4096
    /// this is romancal's model exactly: 4096 rows × 128 columns per channel, a 14-clock line
    /// pad, 4.915263 µs pixel clock, 16 guide-window excursions inflated ×1.5, times scaled so the
    /// last pixel plus one excursion is the frame time, even channels left→right and odd ones
    /// right→left, then columns flipped for sca % 3 == 0 and rows flipped otherwise.
    public static func frameReadTimes(frameTime: Double, sca: Int, size: Int = 4096) throws -> TypedArray<Double> {
        let model = try ReadTimes(frameTime: frameTime, sca: sca, size: size)
        var times = try TypedArray<Double>(shape: [size, size])
        times.withUnsafeMutableBufferPointer { out in
            for y in 0..<size {
                for x in 0..<size { out[y * size + x] = model.time(row: y, column: x) }
            }
        }
        return times
    }

    /// The read-time model of `frameReadTimes`, evaluated pixel by pixel without a map (shared
    /// with the calibration steps, in WFI).
    public typealias ReadTimes = FrameReadTimes

    /// Writes the `decay_table` of a `darkdecaysignal` reference into `model`: WFI01...WFI18
    /// with `values(sca)`.
    public static func setDecayTable(in model: inout RomanDataModel, _ values: (Int) -> DarkDecay = simulated) {
        for sca in 1...18 {
            let value = values(sca)
            let key = "decay_table/WFI" + (sca < 10 ? "0" : "") + String(sca)
            model.set(key + "/amplitude", .float(value.amplitude))
            model.set(key + "/time_constant", .float(value.timeConstant))
        }
    }
}
