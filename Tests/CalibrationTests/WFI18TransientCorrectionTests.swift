import Arrays
import Foundation
import InteropSupport
import Testing
import WFI
@testable import Calibration

@Suite struct WFI18TransientCorrectionTests {
    static let pattern = [[1], [2, 3], [4, 5], [6, 7], [8, 9]]

    /// A 4096² WFI18 exposure with a two-exponential transient in resultant 0, stars (bright
    /// rows excluded by the R4 − R3 test) and noise: resultant 0 corrected as romancal's
    /// correct_anomaly does (scipy curve_fit), to 2e-3 DN; the transient is mostly removed.
    @Test func matchesRomancal() throws {
        let size = 4096, n = 5, plane = size * size
        let times = try FrameReadTimes(frameTime: 3.04, sca: 18, size: size)
        var random = SplitMix64(seed: 18)
        let noise = (0..<65_536).map { _ in Float(Double(random.next() % 10_000) / 10_000 - 0.5) * 4 }
        var ramp = try StepInterop.ramp(resultants: n, size: size, readPattern: Self.pattern, detector: 18) { g, y, x in
            let p = y * size + x
            let rate: Float = p % 1009 == 0 ? 500 : 2
            let t = Float(Self.pattern[g].reduce(0, +)) / Float(Self.pattern[g].count) * 3.04
            return 1000 + rate * t + noise[(p &* 7919 &+ g &* 104_729) & 65_535]
        }
        ramp.data.withUnsafeMutableBufferPointer { d in
            for y in 0..<size { for x in 0..<size {
                let t = times.time(row: y, column: x)
                d[y * size + x] += Float(40 * exp(-t / 0.4) - 6 * exp(-t / 1.5))
            } }
        }
        let dir = try TemporaryDirectory()
        try StepInterop.write(ramp.data, dir.file("data"))
        let before = ramp.data
        let outcome = try WFI18TransientCorrection.apply(to: &ramp)
        guard case .corrected = outcome else { Issue.record("not corrected: \(outcome)"); return }
        let script = """
        import sys, types, numpy as np
        from romancal.wfi18_transient.wfi18_transient import correct_anomaly
        d = sys.argv[1]
        m = types.SimpleNamespace(data=np.fromfile(d + '/data', np.float32).reshape(\(n), 4096, 4096),
            groupdq=np.zeros((\(n), 4096, 4096), np.uint8),
            meta=types.SimpleNamespace(exposure=types.SimpleNamespace(frame_time=3.04, read_pattern=\(Self.pattern))))
        correct_anomaly(m)
        assert not m.groupdq.any()
        m.data[0].tofile(d + '/out')
        """
        guard try StepInterop.python(script, dir.path) else { return }
        let expected = try StepInterop.read(dir.file("out"), shape: [size, size], as: Float.self)
        var worst: Float = 0, transientLeft = 0.0, transient = 0.0
        ramp.data.withUnsafeBufferPointer { out in expected.withUnsafeBufferPointer { e in before.withUnsafeBufferPointer { b in
            for y in 4..<(size - 4) { for x in 4..<(size - 4) {
                let p = y * size + x
                worst = max(worst, abs(out[p] - e[p]))
                let t = times.time(row: y, column: x)
                let injected = 40 * exp(-t / 0.4) - 6 * exp(-t / 1.5)
                transient += injected * injected
                let left = Double(out[p]) - (Double(b[p]) - injected)
                transientLeft += left * left
            } }
        } } }
        _ = plane
        #expect(worst < 2e-3, "worst difference \(worst) DN")
        #expect(transientLeft < 0.01 * transient)
    }

    @Test func masksWithFewResultantsAndSkipsOtherDetectors() throws {
        var ramp = try StepInterop.ramp(resultants: 4, size: 32, readPattern: [[1], [2], [3], [4]], detector: 18) { _, _, _ in 1 }
        #expect(try WFI18TransientCorrection.apply(to: &ramp) == .masked)
        let flagged = ramp.groupDQ.withUnsafeBufferPointer { g in (0..<(32 * 32)).allSatisfy { g[$0] == 129 } && g[32 * 32] == 0 }
        #expect(flagged)
        var other = try StepInterop.ramp(resultants: 5, size: 32, readPattern: [[1], [2], [3], [4], [5]], detector: 17) { _, _, _ in 1 }
        #expect(try WFI18TransientCorrection.apply(to: &other) == .notApplicable)
    }
}
