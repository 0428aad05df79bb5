import Arrays
import Calibration
import Foundation
import Simulation
import WFI

/// Time of each detector-level calibration step (dq_init, saturation, refpix, dark_decay,
/// wfi18_transient, linearity) on one synthetic full-size WFI18 exposure of 10 resultants (MA table 109's pattern).
struct StepsBenchmark {
    let options: BenchOptions

    func run() throws {
        print("machine: \(MachineInfo.describe())")
        let result = try Self.measureOnce(size: options.size)
        for (name, seconds) in result.sorted(by: { $0.key < $1.key }) { print(String(format: "%-24@ %.3f s", name as NSString, seconds)) }
    }

    /// Child case / in-process: per-step seconds.
    static func measureOnce(size: Int) throws -> [String: Double] {
        let pattern = MATable.table109.readPattern
        let n = pattern.count, plane = size * size, width = size / 32
        var data = try TypedArray<Float>(shape: [n, size, size])
        data.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let d = buffer
            DispatchQueue.concurrentPerform(iterations: n) { g in
                let mean = Float(pattern[g].reduce(0, +)) / Float(pattern[g].count)
                for p in 0..<plane { d[g * plane + p] = 10_000 + Float(p % 97) * mean * 3.04 + Float((p &* 2654435761) % 11) }
            }
        }
        var amp33 = try TypedArray<Float>(shape: [n, size, width])
        amp33.withUnsafeMutableBufferPointer { a in for i in 0..<a.count { a[i] = 10_000 + Float(i % 7) } }
        var ramp = Ramp(data: data, amp33: amp33, pixelDQ: try TypedArray<UInt32>(shape: [size, size]),
                        groupDQ: try TypedArray<UInt8>(shape: [n, size, size]), readPattern: pattern, frameTime: 3.04, detector: 18)
        let mask = try TypedArray<UInt32>(shape: [size, size])
        let threshold = try TypedArray<Float>(shape: [size, size], repeating: 60_000)
        let noise = CorrelatedReadNoise(geometry: try ReadoutGeometry(size: size))
        let coefficients = try RefpixCoefficients.arrays(noise: noise, readNoise: 5)
        var linearity = try TypedArray<Float>(shape: [4, size, size]), inverse = linearity
        linearity.withUnsafeMutableBufferPointer { c in for p in 0..<plane { c[plane + p] = 1; c[2 * plane + p] = 2.5e-6 } }
        inverse.withUnsafeMutableBufferPointer { c in for p in 0..<plane { c[plane + p] = 1; c[2 * plane + p] = -2.5e-6 } }
        let clock = ContinuousClock()
        var times: [String: Double] = [:]
        func time(_ name: String, _ body: () throws -> Void) rethrows {
            let start = clock.now
            try body()
            let d = clock.now - start
            times[name] = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
        try time("1 dq_init") { try DQInitialization.apply(to: &ramp, mask: mask) }
        try time("2 saturation") { try SaturationFlagging.apply(to: &ramp, threshold: threshold, referenceDQ: mask) }
        try time("3 refpix") {
            try ReferencePixelCorrection.apply(to: &ramp, gamma: coefficients["gamma"]!, zeta: coefficients["zeta"]!, alpha: coefficients["alpha"]!)
        }
        try time("4 dark_decay") { try DarkDecayCorrection.apply(to: &ramp, amplitude: 3, timeConstant: 30) }
        try time("5 wfi18_transient") { try WFI18TransientCorrection.apply(to: &ramp) }
        try time("6 linearity") { try LinearityCorrection.apply(to: &ramp, linearity: linearity, linearityDQ: mask, inverse: inverse) }
        times["total"] = times.values.reduce(0, +)
        return times
    }
}
