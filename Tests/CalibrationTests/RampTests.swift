import Arrays
import Testing
@testable import Calibration

@Suite struct RampTests {
    @Test func resultantTimesAreMeanReadTimes() throws {
        let ramp = Ramp(data: try TypedArray<Float>(shape: [3, 8, 8]), amp33: try TypedArray<Float>(shape: [3, 8, 1]),
                        pixelDQ: try TypedArray<UInt32>(shape: [8, 8]), groupDQ: try TypedArray<UInt8>(shape: [3, 8, 8]),
                        readPattern: [[1], [2, 3], [5, 6, 7]], frameTime: 3.04, detector: 1)
        #expect(ramp.resultants == 3 && ramp.rows == 8 && ramp.columns == 8)
        let times = ramp.resultantTimes
        #expect(abs(times[0] - 3.04) < 1e-12 && abs(times[1] - 2.5 * 3.04) < 1e-12 && abs(times[2] - 6 * 3.04) < 1e-12)
    }
}
