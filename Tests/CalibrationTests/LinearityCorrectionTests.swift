import Arrays
import InteropSupport
import Simulation
import Testing
import WFI
@testable import Calibration

@Suite struct LinearityCorrectionTests {
    static let pattern = [[1], [2, 3], [4, 5, 6], [7], [8, 9, 10]]

    /// Equal to stcal's read-level linearity_correction (float32 rounding) with NaN, zero-c1 and
    /// NO_LIN_CORR coefficients and saturated resultants; pixel flags identical.
    @Test func matchesStcal() throws {
        let size = 32, n = 5
        var random = SplitMix64(seed: 11)
        let rates = (0..<(size * size)).map { _ in Float(random.next() % 5_000) + 10 }
        var ramp = try StepInterop.ramp(resultants: n, size: size, readPattern: Self.pattern) { g, y, x in
            let mean = Float(Self.pattern[g].reduce(0, +)) / Float(Self.pattern[g].count)
            let q = rates[y * size + x] * mean
            return q * (1 - 2e-6 * q)
        }
        ramp.groupDQ.withUnsafeMutableBufferPointer { for p in 0..<40 { $0[4 * size * size + p] = 2; $0[3 * size * size + p + 20] = 2 } }
        let plane = size * size
        var lin = try TypedArray<Float>(shape: [4, size, size]), inv = lin
        lin.withUnsafeMutableBufferPointer { c in for p in 0..<plane { c[p] = 0.5; c[plane + p] = 1; c[2 * plane + p] = 2.1e-6; c[3 * plane + p] = 9e-12 } ; c[3 * plane + 3] = .nan; c[plane + 4] = 0 }
        inv.withUnsafeMutableBufferPointer { c in for p in 0..<plane { c[p] = -0.5; c[plane + p] = 1; c[2 * plane + p] = -2e-6; c[3 * plane + p] = 1e-13 } }
        var linDQ = try TypedArray<UInt32>(shape: [size, size])
        linDQ.withUnsafeMutableBufferPointer { $0[6] = PixelFlags.noLinearityCorrection.rawValue; $0[7] = 1 }
        let dir = try TemporaryDirectory()
        try StepInterop.write(ramp.data, dir.file("data"))
        try StepInterop.write(ramp.groupDQ, dir.file("gdq"))
        try StepInterop.write(lin, dir.file("lin"))
        try StepInterop.write(inv, dir.file("inv"))
        try StepInterop.write(linDQ, dir.file("lindq"))
        try LinearityCorrection.apply(to: &ramp, linearity: lin, linearityDQ: linDQ, inverse: inv)
        let script = """
        import sys, numpy as np
        from stcal.linearity.linearity import linearity_correction
        d = sys.argv[1]; s = \(size); n = \(n)
        data = np.fromfile(d + '/data', np.float32).reshape(1, n, s, s)
        gdq = np.fromfile(d + '/gdq', np.uint8).reshape(1, n, s, s)
        lin = np.fromfile(d + '/lin', np.float32).reshape(4, s, s); inv = np.fromfile(d + '/inv', np.float32).reshape(4, s, s)
        lindq = np.fromfile(d + '/lindq', np.uint32).reshape(s, s)
        flags = {'DO_NOT_USE': 1, 'SATURATED': 2, 'NO_LIN_CORR': 2**20}
        out, pdq, _ = linearity_correction(data, gdq, np.zeros((s, s), np.uint32), lin, lindq, flags, ilin_coeffs=inv, read_pattern=\(Self.pattern))
        out[0].astype(np.float32).tofile(d + '/out'); pdq.astype(np.uint32).tofile(d + '/pdq')
        """
        guard try StepInterop.python(script, dir.path) else { return }
        let expected = try StepInterop.read(dir.file("out"), shape: [n, size, size], as: Float.self)
        let pdq = try StepInterop.read(dir.file("pdq"), shape: [size, size], as: UInt32.self)
        #expect(StepInterop.worst(ramp.data, expected, relative: 2e-7) <= 2)
        #expect(StepInterop.equal(ramp.pixelDQ, pdq) == 0)
    }

    /// Undoes the simulator's classic non-linearity (DetectorModel.nonlinearity) with the
    /// simulator's linearity (fit) and inverselinearity (exact) coefficients: resultants of a
    /// linear ramp come back to well under the 5 DN read noise.
    @Test func undoesSimulatedNonlinearity() throws {
        var detector = DetectorModel()
        detector.nonlinearity = (-2.5e-6, 1e-12)
        detector.bias = 0
        let maker = ReferenceFileMaker(detector: detector, wfiDetector: try Detector(number: 1), size: 32)
        let linearity = maker.linearityCorrection()
        let inverse = [0, 1, detector.nonlinearity.c1, detector.nonlinearity.c2]
        let size = 32, n = 5, plane = size * size
        let rates = (0..<plane).map { Double($0) * 3 + 5 }   // DN per read
        let truth = { (g: Int, p: Int) -> Double in
            Self.pattern[g].reduce(0.0) { $0 + rates[p] * Double($1) } / Double(Self.pattern[g].count)
        }
        var ramp = try StepInterop.ramp(resultants: n, size: size, readPattern: Self.pattern) { g, y, x in
            Float(Self.pattern[g].reduce(0.0) { $0 + detector.measured(rates[y * size + x] * Double($1)) } / Double(Self.pattern[g].count))
        }
        func cube(_ c: [Double]) throws -> TypedArray<Float> {
            var a = try TypedArray<Float>(shape: [c.count, size, size])
            a.withUnsafeMutableBufferPointer { b in for k in 0..<c.count { for p in 0..<plane { b[k * plane + p] = Float(c[k]) } } }
            return a
        }
        try LinearityCorrection.apply(to: &ramp, linearity: cube(linearity), linearityDQ: TypedArray<UInt32>(shape: [size, size]), inverse: cube(inverse))
        var worst = 0.0
        ramp.data.withUnsafeBufferPointer { d in
            for g in 0..<n { for p in 0..<plane { worst = max(worst, abs(Double(d[g * plane + p]) - truth(g, p))) } }
        }
        #expect(worst < 0.5, "worst residual \(worst) DN")
    }
}
