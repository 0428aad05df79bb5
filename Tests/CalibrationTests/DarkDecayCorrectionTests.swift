import Arrays
import Foundation
import InteropSupport
import Simulation
import Testing
import WFI
@testable import Calibration

@Suite struct DarkDecayCorrectionTests {
    /// Equal (float32 rounding) to romancal's subtract_dark_decay on a full 4096² frame with
    /// 2 resultants, for a detector with flipped columns (WFI03) and one with flipped rows (WFI07).
    @Test(arguments: [3, 7]) func matchesRomancal(sca: Int) throws {
        let pattern = [[1], [2, 3]], size = 4096
        var ramp = try StepInterop.ramp(resultants: 2, size: size, readPattern: pattern, frameTime: 3.04, detector: sca) { _, _, _ in 100 }
        let decay = DarkDecay.simulated(sca: sca)
        try DarkDecayCorrection.apply(to: &ramp, amplitude: decay.amplitude, timeConstant: decay.timeConstant)
        let dir = try TemporaryDirectory()
        let script = """
        import sys, numpy as np
        from romancal.dark_decay.dark_decay import subtract_dark_decay
        data = np.full((2, 4096, 4096), 100, np.float32)
        subtract_dark_decay(data, \(decay.amplitude), \(decay.timeConstant), 3.04, \(pattern), \(sca))
        data.tofile(sys.argv[1] + '/out')
        """
        guard try StepInterop.python(script, dir.path) else { return }
        let expected = try StepInterop.read(dir.file("out"), shape: [2, size, size], as: Float.self)
        #expect(StepInterop.worst(ramp.data, expected, relative: 6e-8) <= 1.01)
    }

    /// Removes what the simulator injects (DarkDecay, same read-time model) to float32 rounding.
    @Test func removesSimulatedDecay() throws {
        let pattern = [[1], [2, 3], [4, 5, 6, 7]], size = 64, sca = 5
        let decay = DarkDecay.simulated(sca: sca)
        let times = try FrameReadTimes(frameTime: 3.04, sca: sca, size: size)
        var ramp = try StepInterop.ramp(resultants: 3, size: size, readPattern: pattern, detector: sca) { g, y, x in
            Float(1000 + pattern[g].reduce(0.0) { $0 + decay.amplitude * exp(-times.time(row: y, column: x, frame: Double($1) - 1.5) / decay.timeConstant) } / Double(pattern[g].count))
        }
        try DarkDecayCorrection.apply(to: &ramp, amplitude: decay.amplitude, timeConstant: decay.timeConstant)
        let worst = ramp.data.withUnsafeBufferPointer { $0.map { abs($0 - 1000) }.max()! }
        #expect(worst <= 1e-4)
    }
}
