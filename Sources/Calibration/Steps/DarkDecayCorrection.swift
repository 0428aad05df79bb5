import Arrays
import WFI
#if canImport(Glibc)
import Glibc
#endif

/// romancal's `dark_decay` (algorithms.md §1.6; RC `romancal/dark_decay/dark_decay.py`,
/// `romancal/lib/basic_utils.py::frame_read_times`): from resultant i subtracts, per pixel, the
/// mean over its reads r of A·exp(−T_r/τ), T_r = frame_read_times(frame_time, sca, r − 1.5).
///
/// Evaluated without read-time maps: T_r = T_0(pixel) + (r − 1.5)·frame_time, so
/// exp(−T_r/τ) = exp(−T_0/τ)·exp(−(r − 1.5)·frame_time/τ): one exp per pixel and a per-resultant
/// factor (equal to romancal's to double rounding; the result is float32 as in romancal).
public enum DarkDecayCorrection {
    /// `amplitude` (DN) and `timeConstant` (s) are the `decay_table.WFIxx` entry of the ramp's detector.
    public static func apply(to ramp: inout Ramp, amplitude: Double, timeConstant: Double,
                             frameOffset: Double = 1.5) throws(CalibrationError) {
        let step = "dark_decay"
        try StepSupport.checkRamp(step, ramp)
        let (n, rows, columns) = (ramp.resultants, ramp.rows, ramp.columns)
        guard rows == columns, timeConstant > 0 else {
            throw .unsupported(step: step, reason: "needs a square frame and τ > 0 (found \(rows)×\(columns), τ = \(timeConstant))")
        }
        let model: FrameReadTimes
        do { model = try FrameReadTimes(frameTime: ramp.frameTime, sca: ramp.detector, size: columns) } catch {
            throw .unsupported(step: step, reason: error.description)
        }
        let frameTime = ramp.frameTime
        let factors: [Double] = ramp.readPattern.map { reads in
            reads.reduce(0.0) { $0 + exp(-(Double($1) - frameOffset) * frameTime / timeConstant) } / Double(reads.count)
        }
        let plane = rows * columns
        ramp.data.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let data = buffer
            Parallel.chunks(rows, minimumChunk: 16) { range in
                for y in range {
                    for x in 0..<columns {
                        let start = amplitude * exp(-model.time(row: y, column: x) / timeConstant)
                        let p = y * columns + x
                        for g in 0..<n { data[g * plane + p] = Float(Double(data[g * plane + p]) - start * factors[g]) }
                    }
                }
            }
        }
    }
}
