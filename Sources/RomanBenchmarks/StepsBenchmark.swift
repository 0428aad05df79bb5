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
        // Arrays built inside the ramp (no second reference: no copy-on-write copy in the steps).
        var ramp = Ramp(data: try TypedArray<Float>(shape: [n, size, size]), amp33: try TypedArray<Float>(shape: [n, size, width]),
                        pixelDQ: try TypedArray<UInt32>(shape: [size, size]), groupDQ: try TypedArray<UInt8>(shape: [n, size, size]),
                        readPattern: pattern, frameTime: 3.04, detector: 18)
        ramp.data.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let d = buffer
            DispatchQueue.concurrentPerform(iterations: n) { g in
                let mean = Float(pattern[g].reduce(0, +)) / Float(pattern[g].count)
                for p in 0..<plane { d[g * plane + p] = 10_000 + Float(p % 97) * mean * 3.04 + Float((p &* 2654435761) % 11) }
            }
        }
        ramp.amp33.withUnsafeMutableBufferPointer { a in for i in 0..<a.count { a[i] = 10_000 + Float(i % 7) } }
        let mask = try TypedArray<UInt32>(shape: [size, size])
        let threshold = try TypedArray<Float>(shape: [size, size], repeating: 60_000)
        let noise = CorrelatedReadNoise(geometry: try ReadoutGeometry(size: size))
        let coefficients = try RefpixCoefficients.arrays(noise: noise, readNoise: 5)
        var linearity = try TypedArray<Float>(shape: [4, size, size]), inverse = linearity
        linearity.withUnsafeMutableBufferPointer { c in for p in 0..<plane { c[plane + p] = 1; c[2 * plane + p] = 2.5e-6 } }
        inverse.withUnsafeMutableBufferPointer { c in for p in 0..<plane { c[plane + p] = 1; c[2 * plane + p] = -2.5e-6 } }
        let clock = ContinuousClock()
        var times: [String: Double] = [:]
        // Wall time, and the process CPU time (the machine may be shared: CPU/2 is the wall time
        // the step would take with both cores to itself).
        func cpuSeconds() -> Double {
            var t = timespec()
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
            return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
        }
        func time(_ name: String, _ body: () throws -> Void) rethrows {
            let start = clock.now, cpu = cpuSeconds()
            try body()
            let d = clock.now - start
            times[name] = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
            times[name + " (cpu)"] = cpuSeconds() - cpu
        }
        try time("1 dq_init") { try DQInitialization.apply(to: &ramp, mask: mask) }
        try time("2 saturation") { try SaturationFlagging.apply(to: &ramp, threshold: threshold, referenceDQ: mask) }
        try time("3 refpix") {
            try ReferencePixelCorrection.apply(to: &ramp, gamma: coefficients["gamma"]!, zeta: coefficients["zeta"]!, alpha: coefficients["alpha"]!)
        }
        try time("4 dark_decay") { try DarkDecayCorrection.apply(to: &ramp, amplitude: 3, timeConstant: 30) }
        try time("5 wfi18_transient") { try WFI18TransientCorrection.apply(to: &ramp) }
        try time("6 linearity") { try LinearityCorrection.apply(to: &ramp, linearity: linearity, linearityDQ: mask, inverse: inverse) }
        times["total"] = times.filter { !$0.key.hasSuffix("(cpu)") }.values.reduce(0, +)
        times["total (cpu)"] = times.filter { $0.key.hasSuffix("(cpu)") }.values.reduce(0, +)
        return times
    }
}
