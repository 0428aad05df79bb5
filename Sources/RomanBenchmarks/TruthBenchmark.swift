import Arrays
import Calibration
import Foundation
import Simulation
import WFI

/// Issue 5's accuracy against the simulator's truth at full size: simulates one detector (WFI03,
/// default scene and effects), calibrates it, and compares the rate with the light that fell on
/// each pixel (after QE and IPC, divided by the flat's QE and the gain): rate pulls, cosmic rays
/// above 300 e after the first resultant flagged, and jumps on pixels no cosmic ray hit. With
/// `--romancal`, romancal's own L2 of the same file is scored too (scripts/romancal-compare).
struct TruthBenchmark {
    let options: BenchOptions

    func run() throws {
        print("machine: \(MachineInfo.describe())")
        let directory = options.directory + "/truth"
        try? FileManager.default.removeItem(atPath: directory)
        var simulation = VisitSimulation(visit: try VisitID(parsing: "0000101001001001001"))
        simulation.detectors = [3]
        simulation.size = options.size
        let output = try simulation.run(out: directory, references: directory + "/refs")
        let truth = try simulation.simulate(exposure: 1, detector: 3, sources: try simulation.sources(), psf: try simulation.psf())
        let pipeline = ExposurePipeline(references: try ReferenceLibrary(directory: directory + "/refs"))
        let product = try pipeline.run(try ExposureInput(path: output.exposures[0]))

        let border = VisitSimulation.border, side = options.size - 2 * border
        var light = truth.rate
        if let defects = try simulation.defects(detector: 3) {
            light.withUnsafeMutableBufferPointer { l in defects.efficiency.withUnsafeBufferPointer { q in for i in l.indices { l[i] *= q[i] } } }
            light = try IPCKernel().apply(to: light)
            let gain = Float(simulation.detectorModel.gain)
            light.withUnsafeMutableBufferPointer { l in
                defects.efficiency.withUnsafeBufferPointer { q in for i in l.indices { l[i] = q[i] > 0 ? l[i] / q[i] / gain : 0 } }
            }
        }
        let expected = try light.trimmed(border)
        var hit = Set<Int>(), strong: [Int] = []
        let firstRead = simulation.table.readPattern[0].last!
        for ray in truth.ramps.cosmicRays {
            let (x, y) = (ray.x - border, ray.y - border)
            guard x >= 0, y >= 0, x < side, y < side else { continue }
            hit.insert(y * side + x)
            if ray.electrons > 300 && ray.read > firstRead { strong.append(y * side + x) }
        }
        let score = Score(expected: expected, hit: hit, strongRays: strong)
        print("ours:")
        try score.report(data: product.data(), err: product.err(), dq: product.dq())
        if options.romancal {
            // The reference implementation on the same file and references, scored the same way:
            // what part of a miss is romancal's algorithm rather than ours.
            let out = directory + "/romancal"
            let result = try ChildProcess.run(["scripts/romancal-compare", output.exposures[0], directory + "/refs", out,
                                               "--steps.source_catalog.skip=True", "--steps.tweakreg.skip=True"])
            guard result.status == 0 else { throw BenchError("romancal failed (\(result.status)):\n\(result.stdout.suffix(2000))") }
            let name = (output.exposures[0] as NSString).lastPathComponent.replacingOccurrences(of: "_uncal", with: "_cal")
            let romancal = try CalibratedImageProduct(contentsOf: out + "/" + name)
            print("romancal 1.1.0, same file and references:")
            try score.report(data: romancal.data(), err: romancal.err(), dq: romancal.dq())
        }
    }

    /// Issue 5's truth measures of one L2 image.
    struct Score {
        /// The true rate of each science pixel, DN/s.
        let expected: TypedArray<Float>
        /// Science pixels any cosmic ray hit, and those a strong one (above 300 e, after the first
        /// resultant) hit.
        let hit: Set<Int>
        let strongRays: [Int]

        func report(data: TypedArray<Float>, err: TypedArray<Float16>, dq: TypedArray<UInt32>) throws {
            var sum = 0.0, sumSquares = 0.0, count = 0.0
            for i in 0..<data.count where dq[flat: i] == 0 {
                let e = Double(err[flat: i])
                guard e > 0, e.isFinite else { continue }
                let pull = (Double(data[flat: i]) - Double(expected[flat: i])) / e
                sum += pull
                sumSquares += pull * pull
                count += 1
            }
            let mean = sum / count, spread = (sumSquares / count - mean * mean).squareRoot()
            let jump = PixelFlags.jumpDetected.rawValue, unusable = PixelFlags.saturated.rawValue | PixelFlags.doNotUse.rawValue
            let detected = strongRays.filter { dq[flat: $0] & jump != 0 }.count
            var falseJumps = 0, clean = 0
            for i in 0..<dq.count where !hit.contains(i) && dq[flat: i] & unusable == 0 {
                clean += 1
                if dq[flat: i] & jump != 0 { falseJumps += 1 }
            }
            print(String(format: "  rate pulls, %.0f unflagged pixels: mean %.3f, spread %.3f", count, mean, spread))
            print("  cosmic rays above 300 e flagged: \(detected) of \(strongRays.count)")
            print(String(format: "  false jumps: %d in %d pixels (%.2e per pixel)", falseJumps, clean, Double(falseJumps) / Double(clean)))
        }
    }
}
