import Arrays
import Foundation
import InteropSupport
import Simulation
import Testing
import WFI
@testable import Calibration

@Suite struct ReferencePixelCorrectionTests {
    /// Equal to romancal's refpix run_steps (float32 rounding of the correction) on a 256² frame
    /// with 3 resultants, romancal's `Const` patched to 8-column channels; distinct random
    /// γ/ζ/α per channel, BAD_REF_PIXEL pixels and zeros in amp33. amp33 (uint16) identical.
    @Test func matchesRomancal() throws {
        try compareWithRomancal(size: 256, resultants: 3)
    }

    /// The same at full size (4096², 2 resultants), romancal unpatched: 32 distinct channel
    /// corrections per resultant.
    @Test func matchesRomancalFullSize() throws {
        let clock = ContinuousClock(), start = clock.now
        try compareWithRomancal(size: 4096, resultants: 2)
        print("refpix 4096² × 2 comparison with romancal: \(clock.now - start)")
    }

    func compareWithRomancal(size: Int, resultants n: Int) throws {
        let width = size / 32, bins = size * (width + 12) / 2 + 1
        var random = SplitMix64(seed: 3)
        func uniform() -> Double { Double(random.next() >> 11) / Double(1 << 53) }
        var ramp = try StepInterop.ramp(resultants: n, size: size, readPattern: (1...n).map { [$0] }) { g, y, x in
            let phase: Double = Double(y * 20 + x % 8) / 37
            let value: Double = 1000 + 20 * sin(phase) + Double(g) * 3
            return Float(value)
        }
        ramp.data.withUnsafeMutableBufferPointer { d in for i in 0..<d.count { d[i] += Float((uniform() - 0.5) * 10) } }
        ramp.amp33 = try TypedArray<Float>(shape: [n, size, width])
        ramp.amp33.withUnsafeMutableBufferPointer { a in for i in 0..<a.count { a[i] = i % 997 == 5 ? 0 : Float((1000 + uniform() * 30).rounded()) } }
        ramp.pixelDQ.withUnsafeMutableBufferPointer { $0[2 * size + 1] = PixelFlags.badReferencePixel.rawValue; $0[100 * size + 254] = PixelFlags.badReferencePixel.rawValue }
        let length = Double(size * (width + 12))
        func coefficients(_ scale: Double) throws -> TypedArray<ComplexElement<Double>> {
            var c = try TypedArray<ComplexElement<Double>>(shape: [32, bins])
            c.withUnsafeMutableBufferPointer { b in
                for i in 0..<b.count { b[i] = ComplexElement(scale * uniform() * length / Double(2 * bins), scale * (uniform() - 0.5) * length / Double(2 * bins)) }
            }
            return c
        }
        let gamma = try coefficients(0.05), zeta = try coefficients(0.05), alpha = try coefficients(0.8)
        let dir = try TemporaryDirectory()
        try StepInterop.write(ramp.data, dir.file("data"))
        try StepInterop.write(ramp.amp33, dir.file("amp33"))
        try StepInterop.write(ramp.pixelDQ, dir.file("pdq"))
        try StepInterop.write(gamma, dir.file("gamma")); try StepInterop.write(zeta, dir.file("zeta")); try StepInterop.write(alpha, dir.file("alpha"))
        var corrected = ramp
        try ReferencePixelCorrection.apply(to: &corrected, gamma: gamma, zeta: zeta, alpha: alpha)
        let script = """
        import sys, types, numpy as np
        from enum import IntEnum
        import romancal.refpix._data as D
        from romancal.refpix.refpix import run_steps
        if \(width) != 128: D.Const = IntEnum('Const', {'REF': 4, 'PAD': 12, 'CHAN_WIDTH': \(width), 'N_DETECT_CHAN': 32, 'N_COLUMNS': \(size)})
        d = sys.argv[1]; s = \(size); n = \(n); w = \(width)
        m = types.SimpleNamespace(data=np.fromfile(d + '/data', np.float32).reshape(n, s, s),
            amp33=np.fromfile(d + '/amp33', np.float32).reshape(n, s, w).astype(np.uint16),
            pixeldq=np.fromfile(d + '/pdq', np.uint32).reshape(s, s))
        refs = types.SimpleNamespace(**{k: np.fromfile(d + '/' + k, np.complex128).reshape(32, \(bins)) for k in ('gamma', 'zeta', 'alpha')})
        run_steps(m, refs, True, True, True, True, True)
        m.data.astype(np.float32).tofile(d + '/out'); m.amp33.astype(np.float32).tofile(d + '/ampout')
        """
        guard try StepInterop.python(script, dir.path) else { return }
        let expected = try StepInterop.read(dir.file("out"), shape: [n, size, size], as: Float.self)
        let expectedAmp = try StepInterop.read(dir.file("ampout"), shape: [n, size, width], as: Float.self)
        let worst = StepInterop.worst(corrected.data, expected, relative: 1e-6)
        #expect(worst <= 2, "worst difference \(worst) × 1e-6 relative")
        #expect(StepInterop.equal(corrected.amp33, expectedAmp) <= 2)
        // And the correction did something.
        #expect(StepInterop.worst(ramp.data, expected, relative: 1e-6) > 100)
    }

    /// On a simulated 256² exposure with correlated read noise, the common mode left after the
    /// correction is close to the Wiener residual the simulator's model predicts.
    @Test func removesSimulatedCorrelatedNoise() throws {
        let size = 256, n = 4
        let geometry = try ReadoutGeometry(size: size)
        let noise = CorrelatedReadNoise(geometry: geometry)
        var detector = DetectorModel()
        detector.cosmicRayRate = 0
        var simulator = RampSimulator(table: MATable(number: 1, name: "test", frameTime: 3.04, readPattern: [[1], [2], [3], [4]]), detector: detector, seed: 5)
        simulator.referenceBorder = 4
        simulator.readoutNoise = noise
        let exposure = try simulator.simulateExposure(rate: TypedArray<Float>(shape: [size, size]))
        let truth = try #require(exposure.truth.readout)
        var data = try TypedArray<Float>(shape: [n, size, size]), amp33 = try TypedArray<Float>(shape: [n, size, size / 32])
        exposure.cube.withUnsafeBufferPointer { c in data.withUnsafeMutableBufferPointer { for i in 0..<c.count { $0[i] = Float(c[i]) } } }
        exposure.amp33.withUnsafeBufferPointer { c in amp33.withUnsafeMutableBufferPointer { for i in 0..<c.count { $0[i] = Float(c[i]) } } }
        var ramp = Ramp(data: data, amp33: amp33, pixelDQ: try TypedArray<UInt32>(shape: [size, size]), groupDQ: try TypedArray<UInt8>(shape: [n, size, size]),
                        readPattern: [[1], [2], [3], [4]], frameTime: 3.04, detector: 1)
        let coefficients = try RefpixCoefficients.arrays(noise: noise, readNoise: detector.readNoise)
        try ReferencePixelCorrection.apply(to: &ramp, gamma: coefficients["gamma"]!, zeta: coefficients["zeta"]!, alpha: coefficients["alpha"]!)
        // Per pixel, frame-centred: correlated noise before, and what is left of it after.
        var before = 0.0, after = 0.0
        let plane = size * size
        ramp.data.withUnsafeBufferPointer { out in
            data.withUnsafeBufferPointer { raw in
                for y in 4..<(size - 4) {
                    for x in 4..<(size - 4) {
                        let channel = x / geometry.channelWidth, clock = geometry.clock(row: y, column: x)
                        var c = [Double](repeating: 0, count: n), r = c
                        for g in 0..<n {
                            let p = g * plane + y * size + x
                            c[g] = truth.value(resultant: g, channel: channel, clock: clock)
                            r[g] = Double(out[p]) - (Double(raw[p]) - c[g])
                        }
                        let (mc, mr) = (c.reduce(0, +) / Double(n), r.reduce(0, +) / Double(n))
                        for g in 0..<n { before += (c[g] - mc) * (c[g] - mc); after += (r[g] - mr) * (r[g] - mr) }
                    }
                }
            }
        }
        let fraction = after / before
        let expected = RefpixCoefficients.expectedResidualFraction(noise: noise, readNoise: detector.readNoise)
        #expect(fraction < 1.5 * expected + 0.02, "residual fraction \(fraction), Wiener prediction \(expected)")
    }
}
