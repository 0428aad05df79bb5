import Arrays
import InteropSupport
import Testing
import WFI
@testable import Calibration

@Suite struct SaturationFlaggingTests {
    /// Flags identical to stcal's flag_saturated_pixels (read_pattern, n_pix_grow_sat = 0) on a
    /// 5 × 32 × 32 ramp with saturating, diluted, floor, NaN-threshold and NO_SAT_CHECK pixels.
    @Test func matchesStcal() throws {
        let pattern = [[1], [2, 3], [4, 5, 6], [7], [8, 9]]
        var random = SplitMix64(seed: 7)
        let size = 32
        let rates = (0..<(size * size)).map { _ in Float(random.next() % 20_000) - 500 }
        var ramp = try StepInterop.ramp(resultants: 5, size: size, readPattern: pattern) { g, y, x in
            let mean = Float(pattern[g].reduce(0, +)) / Float(pattern[g].count)
            return rates[y * size + x] * mean
        }
        var threshold = try TypedArray<Float>(shape: [size, size], repeating: 60_000)
        var refDQ = try TypedArray<UInt32>(shape: [size, size])
        threshold.withUnsafeMutableBufferPointer { t in t[5] = .nan; t[9] = 30_000 }
        refDQ.withUnsafeMutableBufferPointer { $0[7] = PixelFlags.noSaturationCheck.rawValue; $0[8] = 1 }
        let dir = try TemporaryDirectory()
        try StepInterop.write(ramp.data, dir.file("data"))
        try StepInterop.write(threshold, dir.file("thresh"))
        try StepInterop.write(refDQ, dir.file("satdq"))
        try SaturationFlagging.apply(to: &ramp, threshold: threshold, referenceDQ: refDQ)
        let script = """
        import sys, numpy as np
        from stcal.saturation.saturation import flag_saturated_pixels
        d = sys.argv[1]; n = \(size)
        data = np.fromfile(d + '/data', np.float32).reshape(1, 5, n, n)
        thresh = np.fromfile(d + '/thresh', np.float32).reshape(n, n)
        satdq = np.fromfile(d + '/satdq', np.uint32).reshape(n, n)
        flags = {'DO_NOT_USE': 1, 'SATURATED': 2, 'AD_FLOOR': 64, 'NO_SAT_CHECK': 2**21}
        gdq, pdq, _ = flag_saturated_pixels(data, np.zeros(data.shape, np.uint8), np.zeros((n, n), np.uint32), thresh, satdq,
            65535, flags, n_pix_grow_sat=0, read_pattern=\(pattern))
        gdq[0].astype(np.uint8).tofile(d + '/gdq'); pdq.astype(np.uint32).tofile(d + '/pdq')
        """
        guard try StepInterop.python(script, dir.path) else { return }
        let gdq = try StepInterop.read(dir.file("gdq"), shape: [5, size, size], as: UInt8.self)
        let pdq = try StepInterop.read(dir.file("pdq"), shape: [size, size], as: UInt32.self)
        #expect(StepInterop.equal(ramp.groupDQ, gdq) == 0)
        #expect(StepInterop.equal(ramp.pixelDQ, pdq) == 0)
        let saturatedCount = ramp.groupDQ.withUnsafeBufferPointer { $0.filter { $0 & 2 != 0 }.count }
        let dnuOnly = ramp.groupDQ.withUnsafeBufferPointer { $0.filter { $0 & 3 == 1 }.count }
        #expect(saturatedCount > 100 && dnuOnly > 0)
    }

    @Test func rejectsWrongThresholdShape() throws {
        var ramp = try StepInterop.ramp(resultants: 2, size: 32, readPattern: [[1], [2]]) { _, _, _ in 1 }
        #expect(throws: CalibrationError.self) {
            try SaturationFlagging.apply(to: &ramp, threshold: TypedArray<Float>(shape: [16, 16]), referenceDQ: TypedArray<UInt32>(shape: [32, 32]))
        }
    }
}
