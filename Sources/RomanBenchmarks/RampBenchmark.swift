import Arrays
import ASDF
import Foundation
import Simulation
import WFI

/// Issue 4 (part): time to simulate one detector's ramps, read by read, from a rate image.
struct RampBenchmark {
    let options: BenchOptions

    func run() throws {
        print("machine: \(MachineInfo.describe())")
        let me = CommandLine.arguments[0]
        let pixels = Double(options.size * options.size)
        var rows: [[String]] = []
        for (name, child) in [("ramps", "ramps"), ("ramps + detector effects + amp33", "ramps-detector"), ("reference files (10)", "reffiles")] {
            let result = try Measure.best(options.repeats, "ours") { [me, "case", child, String(options.size)] }
            rows.append([
                "\(name) \(options.size)^2, table 109 (10 resultants, 44 reads)", result.label,
                String(format: "%.2f s", result.seconds),
                child == "reffiles" ? "-" : String(format: "%.0f Mpixel-reads/s", pixels * 44 / result.seconds / 1e6),
                ByteCount.format(result.peakRSSBytes),
            ])
        }
        print("")
        for line in Table.render(header: ["benchmark", "implementation", "time (best of \(options.repeats))", "throughput", "peak RSS"], rows: rows) {
            print(line)
        }
    }

    /// Child case: a sky of 1 e-/s with a gradient of sources up to 2000 e-/s, default detector.
    /// With `detectorEffects`: 1e-4 hot, dead and low-QE pixels, IPC, WFI01's dark decay and the
    /// default correlated read-out noise, and the amp33 channel.
    static func simulateOnce(size: Int, detectorEffects: Bool = false) throws -> [String: Any] {
        var rate = try TypedArray<Float>(shape: [size, size])
        rate.withUnsafeMutableBufferPointer { b in
            for i in b.indices { b[i] = 1 + Float(i % 997 == 0 ? 2000 : (i % 13)) }
        }
        let clock = ContinuousClock()
        var simulator = RampSimulator(table: .table109, seed: 1)
        if detectorEffects {
            simulator.referenceBorder = 4
            simulator.defects = try PixelDefects.random(size: size)
            simulator.ipc = IPCKernel()
            simulator.darkDecay = DarkDecay.simulated(sca: 1)
            simulator.readoutNoise = CorrelatedReadNoise(geometry: try ReadoutGeometry(size: size))
        }
        let start = clock.now
        let exposure = detectorEffects ? try simulator.simulateExposure(rate: rate) : nil
        let (cube, truth) = try exposure.map { ($0.cube, $0.truth) } ?? simulator.simulate(rate: rate)
        let done = clock.now
        return ["seconds": (done - start).seconds, "resultants": cube.shape[0], "cosmic_rays": truth.cosmicRays.count]
    }

    /// Child case: builds and writes the simulator's ten reference files for a `size` detector.
    static func writeReferenceFiles(size: Int) throws -> [String: Any] {
        let directory = NSTemporaryDirectory() + "reffiles-bench-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var maker = ReferenceFileMaker(detector: DetectorModel(), wfiDetector: try Detector(number: 1), size: size)
        maker.defects = try PixelDefects.random(size: size)
        let clock = ContinuousClock()
        let start = clock.now
        let paths = try maker.write(element: .f158, to: directory)
        return ["seconds": (clock.now - start).seconds, "files": paths.count]
    }
}
