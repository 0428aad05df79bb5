import Arrays
import Testing
import WFI
@testable import Calibration

@Suite struct RampFittingTests {
    static func ramp(resultants: Int, size: Int = 12) throws -> Ramp {
        let pattern = (0..<resultants).map { [2 * $0 + 1, 2 * $0 + 2] }
        var data = try TypedArray<Float>(shape: [resultants, size, size])
        data.withUnsafeMutableBufferPointer { b in
            for i in b.indices { b[i] = Float(i / (size * size)) * 40 + Float(i % 7) }
        }
        return Ramp(data: data, amp33: try TypedArray<Float>(shape: [resultants, size, 1]),
                    pixelDQ: try TypedArray<UInt32>(shape: [size, size]),
                    groupDQ: try TypedArray<UInt8>(shape: [resultants, size, size]),
                    readPattern: pattern, frameTime: 3.04, detector: 1)
    }

    static func maps(_ size: Int = 12) throws -> (TypedArray<Float>, TypedArray<Float>) {
        (try TypedArray<Float>(shape: [size, size], repeating: 5), try TypedArray<Float>(shape: [size, size], repeating: 2))
    }

    @Test func likelyNeedsFourResultants() throws {
        let (noise, gain) = try Self.maps()
        #expect(throws: RampFitError.tooFewResultants(found: 3, minimum: 4)) {
            try RampFitting.fit(Self.ramp(resultants: 3), readNoise: noise, gain: gain, algorithm: .likely)
        }
        // The Casertano fit takes short ramps.
        _ = try RampFitting.fit(Self.ramp(resultants: 3), readNoise: noise, gain: gain, algorithm: .optimalWeighting)
    }

    @Test func mapShapesMustMatchTheFrame() throws {
        let ramp = try Self.ramp(resultants: 5)
        let (noise, gain) = try Self.maps()
        let wrong = try TypedArray<Float>(shape: [12, 11], repeating: 1)
        #expect(throws: RampFitError.readNoiseShape(expected: [12, 12], found: [12, 11])) {
            try RampFitting.fit(ramp, readNoise: wrong, gain: gain)
        }
        #expect(throws: RampFitError.gainShape(expected: [12, 12], found: [12, 11])) {
            try RampFitting.fit(ramp, readNoise: noise, gain: wrong, algorithm: .optimalWeighting)
        }
        var badPattern = ramp
        badPattern.readPattern.removeLast()
        #expect(throws: RampFitError.readPattern(resultants: 5, patternEntries: 4)) {
            try RampFitting.fit(badPattern, readNoise: noise, gain: gain)
        }
        var badGroups = ramp
        badGroups.groupDQ = try TypedArray<UInt8>(shape: [4, 12, 12])
        #expect(throws: RampFitError.groupDQShape(expected: [5, 12, 12], found: [4, 12, 12])) {
            try RampFitting.fit(badGroups, readNoise: noise, gain: gain)
        }
    }

    /// dumo is the uniform-weight slope over all resultants (flags ignored) minus the fit.
    @Test func dumoIsUniformMinusOptimal() throws {
        var ramp = try Self.ramp(resultants: 6)
        let (noise, gain) = try Self.maps()
        // A straight ramp of 10 DN/s: both slopes agree, so dumo is ~0 ...
        let times = ramp.resultantTimes
        ramp.data.withUnsafeMutableBufferPointer { b in
            for g in 0..<6 { for p in 0..<144 { b[g * 144 + p] = Float(10 * times[g]) } }
        }
        let straight = try RampFitting.fit(ramp, readNoise: noise, gain: gain)
        #expect(abs(straight.slope[flat: 50] - 10) < 1e-3)
        #expect(abs(straight.dumo[flat: 50]) < 1e-3)
        // ... and a flagged jump changes the fit but not the uniform slope.
        ramp.data.withUnsafeMutableBufferPointer { b in for g in 3..<6 { b[g * 144 + 50] += 500 } }
        ramp.groupDQ.withUnsafeMutableBufferPointer { $0[3 * 144 + 50] = GroupFlags.jumpDetected.rawValue }
        let jumped = try RampFitting.fit(ramp, readNoise: noise, gain: gain)
        let uniform = UniformWeights(readPattern: ramp.readPattern, frameTime: ramp.frameTime)
        let expected = (0..<6).reduce(0.0) { $0 + uniform.weights[$1] * Double(ramp.data[flat: $1 * 144 + 50]) }
        #expect(abs(jumped.slope[flat: 50] - 10) < 1e-2)
        #expect(abs(Double(jumped.dumo[flat: 50]) - (expected - Double(jumped.slope[flat: 50]))) < 1e-3)
        #expect(jumped.dumo[flat: 50] > 1)
    }

    /// jump_indices: (resultant, y − 4, x − 4) of JUMP_DET outside the border, in numpy order.
    @Test func jumpIndicesSkipTheBorder() throws {
        var groupDQ = try TypedArray<UInt8>(shape: [3, 12, 12])
        let jump = GroupFlags.jumpDetected.rawValue
        groupDQ[flat: 2 * 144 + 5 * 12 + 6] = jump
        groupDQ[flat: 1 * 144 + 7 * 12 + 4] = jump | GroupFlags.saturated.rawValue
        groupDQ[flat: 1 * 144 + 4 * 12 + 5] = jump
        groupDQ[flat: 0 * 144 + 2 * 12 + 6] = jump      // border row
        groupDQ[flat: 0 * 144 + 6 * 12 + 8] = jump      // border column
        groupDQ[flat: 0 * 144 + 6 * 12 + 7] = GroupFlags.saturated.rawValue
        let indices = RampFitting.jumpIndices(groupDQ: groupDQ)
        #expect(indices.shape == [3, 3])
        #expect(indices.elements == [1, 0, 1, 1, 3, 0, 2, 1, 2])
    }
}
