import Arrays
import ASDF
import Foundation
import Simulation

/// Issue 4 (part): time to simulate one detector's ramps, read by read, from a rate image.
struct RampBenchmark {
    let options: BenchOptions

    func run() throws {
        print("machine: \(MachineInfo.describe())")
        let me = CommandLine.arguments[0]
        let result = try Measure.best(options.repeats, "ours") { [me, "case", "ramps", String(options.size)] }
        let pixels = Double(options.size * options.size)
        let rows = [[
            "ramps \(options.size)^2, table 109 (10 resultants, 44 reads)", result.label,
            String(format: "%.2f s", result.seconds), String(format: "%.0f Mpixel-reads/s", pixels * 44 / result.seconds / 1e6),
            ByteCount.format(result.peakRSSBytes),
        ]]
        print("")
        for line in Table.render(header: ["benchmark", "implementation", "time (best of \(options.repeats))", "throughput", "peak RSS"], rows: rows) {
            print(line)
        }
    }

    /// Child case: a sky of 1 e-/s with a gradient of sources up to 2000 e-/s, default detector.
    static func simulateOnce(size: Int) throws -> [String: Any] {
        var rate = try TypedArray<Float>(shape: [size, size])
        rate.withUnsafeMutableBufferPointer { b in
            for i in b.indices { b[i] = 1 + Float(i % 997 == 0 ? 2000 : (i % 13)) }
        }
        let clock = ContinuousClock()
        let start = clock.now
        let (cube, truth) = try RampSimulator(table: .table109, seed: 1).simulate(rate: rate)
        let done = clock.now
        return ["seconds": ASDFCases.seconds(done - start), "resultants": cube.shape[0], "cosmic_rays": truth.cosmicRays.count]
    }
}
