import ASDF
import Calibration
import Catalog
import Foundation
import Prompt
import Simulation
import WCS
import WFI

/// Issue 7's end-to-end figure: `roman process` (the prompt flow) on a full-size simulated
/// 18-detector exposure whose recorded pointing is off the true one by 2.5" east, -1.8" north and
/// 25" of roll: wall time, peak memory, the time of each stage, and how close the aligned WCSs
/// are to the truth over every detector (against the recorded, unaligned ones).
struct ProcessBenchmark {
    let options: BenchOptions
    static let pointingError = PointingError(east: 2.5, north: -1.8, roll: 25)

    func run() throws {
        print("machine: \(MachineInfo.describe())")
        let input = options.directory + "/process-input", output = options.directory + "/process-output"
        var simulation = VisitSimulation(visit: try VisitID(parsing: "0000101001001001001"))
        simulation.size = options.size
        simulation.pointingError = Self.pointingError
        let names = (1...18).map { String(format: "r0000101001001001001_0001_wfi%02d_f158", $0) }
        if !names.allSatisfy({ FileManager.default.fileExists(atPath: input + "/" + $0 + "_uncal.asdf") }) {
            print("simulating the input exposure into \(input) (once, about 7 minutes)...")
            _ = try simulation.run(out: input, references: input + "/refs")
        }
        try? FileManager.default.removeItem(atPath: output)
        let me = CommandLine.arguments[0]
        let result = try Measure.best(1, "roman process") { [me, "case", "process", input, output] }
        print(String(format: "roman process, 18 detectors of 4096^2 (10 resultants): %.1f s wall (%.1f s per detector), ",
                     result.seconds, result.seconds / 18) + "peak RSS " + ByteCount.format(result.peakRSSBytes))
        for stage in result.detail["stages"] as? [[String: Any]] ?? [] {
            print(String(format: "  %-10@ %7.1f s", (stage["stage"] as? String ?? "") as NSString, stage["seconds"] as? Double ?? 0))
        }
        print(String(format: "  summed over detectors: calibration %.1f s, catalogs %.1f s",
                     result.detail["calibration_seconds"] as? Double ?? 0, result.detail["catalog_seconds"] as? Double ?? 0))
        print("alignment: \(result.detail["alignment"] as? String ?? "none")")

        // Sky error of the aligned and of the recorded WCSs against the truth, 9 x 9 points per detector.
        let truth = try simulation.sourceLists(centroidNoise: 0)
        var aligned: [Double] = [], recorded: [Double] = []
        let side = Double(options.size - 2 * VisitSimulation.border)
        let steps = (0...8).map { -0.5 + side * Double($0) / 8 }
        let pixels = steps.flatMap { y in steps.map { x in [x, y] } }
        for (d, name) in names.enumerated() {
            let model = try RomanDataModel(contentsOf: output + "/" + name + "_cal.asdf")
            guard let node = model.meta("wcs") else { throw BenchError("\(name): no WCS") }
            let wcs = try GWCS(node: node)
            for (p, (a, r)) in zip(pixels, zip(try wcs.evaluate(pixels), try truth.wcs[d].evaluate(pixels))) {
                let t = truth.truth[d].sky(x: p[0], y: p[1])
                aligned.append(SphericalOffset.separation(t.ra, t.dec, a[0], a[1]) * 3_600_000)
                recorded.append(SphericalOffset.separation(t.ra, t.dec, r[0], r[1]) * 3_600_000)
            }
        }
        func rms(_ v: [Double]) -> Double { (v.reduce(0) { $0 + $1 * $1 } / Double(v.count)).squareRoot() }
        print(String(format: "sky error against the truth over the 18 detectors: aligned %.2f mas RMS (largest %.2f mas); recorded pointing %.0f mas RMS",
                     rms(aligned), aligned.max() ?? .nan, rms(recorded)))
    }

    /// Child case: `roman process`'s flow on the exposure in `arguments[0]` into `arguments[1]`.
    static func processOnce(_ arguments: [String]) throws -> [String: Any] {
        let (input, output) = (arguments[0], arguments[1])
        let exposure = try ExposureFiles.find([input])[0]
        let processor = ExposureProcessor(pipeline: ExposurePipeline(references: try ReferenceLibrary(directory: input + "/refs")),
                                          catalog: CatalogRun(referenceDirectory: input + "/refs"), outputDirectory: output)
        let clock = ContinuousClock()
        let start = clock.now
        let report = processor.process(exposure)
        let seconds = (clock.now - start).seconds
        guard report.failures == 0 else { throw BenchError("\(report.failures) detectors failed: \(report.detectors.compactMap(\.error))") }
        let alignment = report.alignment.map {
            String(format: "%d matches, %d used, rms %.1f mas, shift (%.3f, %.3f) arcsec, rotation %.2f arcsec",
                   $0.matches, $0.used, $0.rmsMilliarcsec, $0.shiftArcsec.x, $0.shiftArcsec.y, $0.rotationArcsec)
        } ?? "failed: \(report.alignmentProblem ?? "")"
        return ["seconds": seconds, "stages": report.stages.map { ["stage": $0.stage, "seconds": $0.seconds] as [String: Any] },
                "calibration_seconds": report.detectors.compactMap(\.calibration).reduce(0) { $0 + $1.seconds },
                "catalog_seconds": report.detectors.compactMap(\.catalog).reduce(0) { $0 + $1.seconds },
                "alignment": alignment]
    }
}
