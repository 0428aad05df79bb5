import Arrays
import ASDF
import Calibration
import Foundation
import Simulation
import WFI

/// Time of `RampFitting.fit` on one detector: a simulated size² (full frame, 4-pixel border)
/// table-109 cube of sky, sources and cosmic rays, fitted with 'likely' and with 'ols_cas22'.
struct RampFitBenchmark {
    let options: BenchOptions

    func run() throws {
        print("machine: \(MachineInfo.describe())")
        let me = CommandLine.arguments[0]
        var rows: [[String]] = []
        for algorithm in RampFitAlgorithm.allCases {
            let result = try Measure.best(options.repeats, "ours") { [me, "case", "rampfit", String(options.size), algorithm.rawValue] }
            let pixels = Double(options.size * options.size)
            rows.append([
                "ramp fit '\(algorithm == .likely ? "likely" : "ols_cas22")' \(options.size)^2, table 109 (10 resultants)", result.label,
                String(format: "%.2f s", result.seconds), String(format: "%.1f Mpixel/s", pixels / result.seconds / 1e6),
                String(format: "%.2f s", result.detail["cpu_seconds"] as? Double ?? .nan),
                "\(result.detail["jumps"] ?? "-")", ByteCount.format(result.peakRSSBytes),
            ])
        }
        print("")
        for line in Table.render(header: ["benchmark", "implementation", "time (best of \(options.repeats))", "throughput", "CPU time", "jump flags", "peak RSS"], rows: rows) {
            print(line)
        }
    }

    /// Child case: simulates the cube (not timed), then times one fit.
    static func fitOnce(size: Int, algorithm: RampFitAlgorithm) throws -> [String: Any] {
        var rate = try TypedArray<Float>(shape: [size, size])
        rate.withUnsafeMutableBufferPointer { b in
            for i in b.indices { b[i] = 1 + Float(i % 997 == 0 ? 2000 : (i % 13)) }
        }
        var simulator = RampSimulator(table: .table109, seed: 1)
        simulator.referenceBorder = 4
        let (cube, _) = try simulator.simulate(rate: rate)
        let resultants = cube.shape[0]
        let (data, groupDQ) = try SimulatedRampPreparation.prepare(cube, bias: simulator.detector.bias, saturation: 53_900)
        let ramp = Ramp(data: data, amp33: try TypedArray<Float>(shape: [resultants, size, 1]),
                        pixelDQ: try TypedArray<UInt32>(shape: [size, size]), groupDQ: groupDQ,
                        readPattern: MATable.table109.readPattern, frameTime: MATable.table109.frameTime, detector: 1)
        let readNoise = try TypedArray<Float>(shape: [size, size], repeating: Float(simulator.detector.readNoise))
        let gain = try TypedArray<Float>(shape: [size, size], repeating: Float(simulator.detector.gain))
        let clock = ContinuousClock()
        let cpuStart = cpuSeconds()
        let start = clock.now
        let result = try RampFitting.fit(ramp, readNoise: readNoise, gain: gain, algorithm: algorithm)
        let seconds = (clock.now - start).seconds
        let cpu = cpuSeconds() - cpuStart
        let jumps = result.jumpIndices().shape[0]
        return ["seconds": seconds, "cpu_seconds": cpu, "jumps": jumps]
    }

    /// User + system CPU time of this process, seconds (the fit's cost independent of other load).
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return s(usage.ru_utime) + s(usage.ru_stime)
    }
}
