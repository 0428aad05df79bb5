import Arrays
import Foundation
import InteropSupport
import Simulation
import Testing
import WFI
@testable import Calibration

/// A 126² (+ border; 134 columns, so both the 4-pixel lanes and the single-pixel path run) table-109 ramp with everything the fits must handle: sky and bright sources,
/// cosmic rays, partial and full saturation, DO_NOT_USE resultants, pixel flags, NaN resultants,
/// and per-pixel read noise and gain. Fitted by us and by stcal 1.20.0 as romancal calls it.
enum StcalComparison {
    struct Reference {
        var slope, varPoisson, varReadNoise, err, chisq: TypedArray<Float>
        var dq: TypedArray<UInt32>
        var groupDQ: TypedArray<UInt8>
    }

    static func makeRamp() throws -> (ramp: Ramp, readNoise: TypedArray<Float>, gain: TypedArray<Float>) {
        var detector = DetectorModel()
        detector.cosmicRayRate = 400
        var random = SplitMix64(seed: 20_240_405)
        let simulated = try SimulatedRamp(size: 126, seed: 7, detector: detector) { y, x in
            switch (y * 131 + x * 17) % 29 {
            case 0: return 30_000          // saturated from the first resultant
            case 1: return 1_500           // saturates part-way
            case 2, 3: return 200
            case 4: return 40
            default: return 1 + Float((y + x) % 5)
            }
        }
        var ramp = simulated.ramp
        var readNoise = simulated.readNoise, gain = simulated.gain
        let (resultants, rows, columns) = (ramp.resultants, ramp.rows, ramp.columns)
        let plane = rows * columns
        readNoise.withUnsafeMutableBufferPointer { b in
            for i in b.indices { b[i] = 4 + Float(random.next() % 1000) / 500 }
        }
        gain.withUnsafeMutableBufferPointer { b in
            for i in b.indices { b[i] = 1.6 + Float(random.next() % 1000) / 1250 }
        }
        ramp.groupDQ.withUnsafeMutableBufferPointer { flags in
            for p in 0..<plane where random.next() % 50 == 0 {
                flags[Int(random.next() % UInt64(resultants)) * plane + p] |= GroupFlags.doNotUse.rawValue
            }
            // A pixel with every resultant DO_NOT_USE and one with a single usable resultant.
            for g in 0..<resultants { flags[g * plane + 20 * columns + 20] |= GroupFlags.doNotUse.rawValue }
            for g in 1..<resultants { flags[g * plane + 21 * columns + 21] |= GroupFlags.doNotUse.rawValue }
        }
        ramp.pixelDQ.withUnsafeMutableBufferPointer { flags in
            for p in 0..<plane where random.next() % 40 == 0 { flags[p] |= PixelFlags.hot.rawValue }
        }
        ramp.data.withUnsafeMutableBufferPointer { data in
            for (y, x, g) in [(10, 10, 3), (30, 40, 0), (50, 12, 9)] { data[g * plane + y * columns + x] = .nan }
        }
        return (ramp, readNoise, gain)
    }

    /// Runs scripts/python/rampfit_reference.py on the ramp; nil (with a recorded issue) if Python is missing.
    static func reference(_ ramp: Ramp, readNoise: TypedArray<Float>, gain: TypedArray<Float>,
                          algorithm: String) throws -> Reference? {
        let dir = try TemporaryDirectory()
        let meta: [String: Any] = ["shape": ramp.data.shape, "read_pattern": ramp.readPattern, "frame_time": ramp.frameTime]
        try JSONSerialization.data(withJSONObject: meta).write(to: URL(fileURLWithPath: dir.file("meta.json")))
        try RawFiles.write(ramp.data, to: dir.file("data.f32"))
        try RawFiles.write(ramp.groupDQ, to: dir.file("groupdq.u8"))
        try RawFiles.write(ramp.pixelDQ, to: dir.file("pixeldq.u32"))
        try RawFiles.write(readNoise, to: dir.file("readnoise.f32"))
        try RawFiles.write(gain, to: dir.file("gain.f32"))
        guard let output = try PythonTools.run([PythonTools.script("rampfit_reference.py"), dir.path]) else { return nil }
        guard output.status == 0 else {
            Issue.record("rampfit_reference.py failed: \(output.stderr)")
            return nil
        }
        let plane = [ramp.rows, ramp.columns]
        func f32(_ name: String) throws -> TypedArray<Float> {
            try RawFiles.read(Float.self, shape: plane, from: dir.file("\(algorithm)_\(name).f32"))
        }
        return Reference(slope: try f32("slope"), varPoisson: try f32("var_poisson"), varReadNoise: try f32("var_rnoise"),
                         err: try f32("err"), chisq: try f32("chisq"),
                         dq: try RawFiles.read(UInt32.self, shape: plane, from: dir.file("\(algorithm)_dq.u32")),
                         groupDQ: try RawFiles.read(UInt8.self, shape: ramp.data.shape, from: dir.file("\(algorithm)_groupdq.u8")))
    }

    /// Counts of disagreements: slopes beyond 1e-4 of the error, variances beyond 1e-4 relative,
    /// group and pixel flags that differ. NaN matches NaN.
    struct Mismatches: CustomStringConvertible {
        var slope = 0, variance = 0, err = 0, chisq = 0, groupDQ = 0, dq = 0
        var examples: [String] = []
        var description: String {
            "slope \(slope), variance \(variance), err \(err), chisq \(chisq), groupdq \(groupDQ), dq \(dq); \(examples.prefix(8))"
        }
    }

    static func compare(_ ours: RampFitResult, _ ref: Reference, checkChisq: Bool) -> Mismatches {
        var m = Mismatches()
        let columns = ours.slope.shape[1]
        func close(_ a: Float, _ b: Float, _ tolerance: Float) -> Bool {
            if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
            if a.isInfinite || b.isInfinite { return a == b }
            return abs(a - b) <= tolerance
        }
        func relative(_ a: Float, _ b: Float) -> Bool { close(a, b, 1e-4 * abs(b) + 1e-30) }
        for p in 0..<ours.slope.count {
            let (y, x) = (p / columns, p % columns)
            let tolerance = ref.err[flat: p].isFinite ? 1e-4 * ref.err[flat: p] : 0
            if !close(ours.slope[flat: p], ref.slope[flat: p], tolerance) {
                m.slope += 1
                m.examples.append("slope(\(y),\(x)) \(ours.slope[flat: p]) vs \(ref.slope[flat: p]) err \(ref.err[flat: p])")
            }
            if !relative(ours.varPoisson[flat: p], ref.varPoisson[flat: p]) || !relative(ours.varReadNoise[flat: p], ref.varReadNoise[flat: p]) {
                m.variance += 1
                m.examples.append("var(\(y),\(x)) \(ours.varPoisson[flat: p]),\(ours.varReadNoise[flat: p]) vs \(ref.varPoisson[flat: p]),\(ref.varReadNoise[flat: p])")
            }
            if !relative(ours.err[flat: p], ref.err[flat: p]) {
                m.err += 1
                m.examples.append("err(\(y),\(x)) \(ours.err[flat: p]) vs \(ref.err[flat: p])")
            }
            if checkChisq, !close(ours.chisq[flat: p], ref.chisq[flat: p], 1e-4 * max(1, abs(ref.chisq[flat: p]))) {
                m.chisq += 1
                m.examples.append("chisq(\(y),\(x)) \(ours.chisq[flat: p]) vs \(ref.chisq[flat: p])")
            }
            if ours.dq[flat: p] != ref.dq[flat: p] {
                m.dq += 1
                m.examples.append("dq(\(y),\(x)) \(ours.dq[flat: p]) vs \(ref.dq[flat: p])")
            }
        }
        for i in 0..<ours.groupDQ.count where ours.groupDQ[flat: i] != ref.groupDQ[flat: i] {
            m.groupDQ += 1
            let plane = ours.slope.count
            m.examples.append("groupdq(\(i / plane),\((i % plane) / columns),\(i % columns)) \(ours.groupDQ[flat: i]) vs \(ref.groupDQ[flat: i])")
        }
        return m
    }
}
