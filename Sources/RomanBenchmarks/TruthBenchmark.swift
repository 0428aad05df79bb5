import Arrays
import Calibration
import Foundation
import Simulation
import WFI

/// Issue 5's accuracy against the simulator's truth at full size: simulates one detector (WFI03,
/// default scene and effects), calibrates it, and compares the rate with the light that fell on
/// each pixel (after QE and IPC, divided by the flat's QE and the gain): rate pulls, cosmic rays
/// above 300 e after the first resultant flagged, and jumps on pixels no cosmic ray hit.
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
        let data = try product.data(), err = try product.err(), dq = try product.dq()
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
        var hit = Set<Int>(), strong: [Int] = []
        let firstRead = simulation.table.readPattern[0].last!
        for ray in truth.ramps.cosmicRays {
            let (x, y) = (ray.x - border, ray.y - border)
            guard x >= 0, y >= 0, x < side, y < side else { continue }
            hit.insert(y * side + x)
            if ray.electrons > 300 && ray.read > firstRead { strong.append(y * side + x) }
        }
        let jump = PixelFlags.jumpDetected.rawValue, unusable = PixelFlags.saturated.rawValue | PixelFlags.doNotUse.rawValue
        let detected = strong.filter { dq[flat: $0] & jump != 0 }.count
        var falseJumps = 0, clean = 0
        for i in 0..<dq.count where !hit.contains(i) && dq[flat: i] & unusable == 0 {
            clean += 1
            if dq[flat: i] & jump != 0 { falseJumps += 1 }
        }
        print(String(format: "rate pulls, %.0f unflagged pixels: mean %.3f, spread %.3f", count, mean, spread))
        print("cosmic rays above 300 e flagged: \(detected) of \(strong.count)")
        print(String(format: "false jumps: %d in %d pixels (%.2e per pixel)", falseJumps, clean, Double(falseJumps) / Double(clean)))
    }
}
