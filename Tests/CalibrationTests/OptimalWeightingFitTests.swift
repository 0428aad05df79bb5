import Arrays
import Foundation
import InteropSupport
import Simulation
import Testing
import WFI
@testable import Calibration

@Suite struct OptimalWeightingFitTests {
    /// Slopes, variances, err, jump flags and pixel flags against stcal 1.20.0's ols_cas22 fit
    /// called as romancal's (deprecated) ols_cas22 path calls it.
    @Test func matchesStcalCasertano() throws {
        let (ramp, readNoise, gain) = try StcalComparison.makeRamp()
        let ours = try RampFitting.fit(ramp, readNoise: readNoise, gain: gain, algorithm: .optimalWeighting)
        guard let ref = try StcalComparison.reference(ramp, readNoise: readNoise, gain: gain, algorithm: "ols_cas22") else { return }
        let mismatches = StcalComparison.compare(ours, ref, checkChisq: false)
        #expect(mismatches.slope == 0 && mismatches.variance == 0 && mismatches.err == 0, "\(mismatches)")
        #expect(mismatches.groupDQ == 0 && mismatches.dq == 0, "\(mismatches)")
        let jumps = (0..<ours.groupDQ.count).filter { ours.groupDQ[flat: $0] & GroupFlags.jumpDetected.rawValue != 0 }.count
        #expect(jumps > 50)
    }
}
