import ASDF
import Calibration
import Catalog
import Foundation
import Simulation
import WFI

/// Issue 6: `roman catalog` on one full-size simulated L2 (read the lz4 `_cal`, every stage,
/// write `_cat.parquet` and `_segm.asdf`), with the time of each stage; with `--romancal`,
/// romancal 1.1.0's SourceCatalogStep on the same file and references
/// (scripts/python/catalog_romancal.py, offline); with `--sextractor`, SExtractor
/// (`source-extractor`, Bertin & Arnouts 1996) on the same image written as FITS with
/// equivalent settings (scripts/python/sextractor_input.py; the FITS conversion is not timed).
struct CatalogBenchmark {
    let options: BenchOptions
    var romancal = false
    var sextractor = false

    init(arguments: [String]) throws {
        var rest: [String] = []
        for argument in arguments {
            switch argument {
            case "--sextractor": sextractor = true
            case "--romancal": romancal = true
            default: rest.append(argument)
            }
        }
        options = try BenchOptions(arguments: rest)
    }

    func run() throws {
        print("machine: \(MachineInfo.describe())")
        let me = CommandLine.arguments[0]
        let (l2, references) = try calibratedImage()
        let output = options.directory + "/catalog-output"
        var rows: [[String]] = []
        let ours = try Measure.best(options.repeats, "roman catalog") { [me, "case", "catalog", l2, references, output] }
        rows.append(["roman catalog (ours)", String(format: "%.2f s", ours.seconds), "\(ours.detail["sources"] ?? "?")",
                     ByteCount.format(ours.peakRSSBytes), "1.0x"])
        if let stages = ours.detail["stages"] as? [[String: Any]] {
            print("\nstages of the fastest run (wall seconds):")
            for stage in stages {
                let name = stage["stage"] as? String ?? ""
                print("  " + name.padding(toLength: 34, withPad: " ", startingAt: 0) + String(format: "%7.3f", stage["seconds"] as? Double ?? 0))
            }
        }
        if romancal {
            let element = "f158"
            let detector = (l2 as NSString).lastPathComponent.components(separatedBy: "_").first { $0.hasPrefix("wfi") } ?? "wfi01"
            let apcorr = references + "/roman_\(detector)_\(element)_apcorr.asdf", epsf = references + "/roman_\(detector)_\(element)_epsf.asdf"
            let result = try Measure.best(1, "romancal") {
                [options.python, "scripts/python/catalog_romancal.py", l2, options.directory + "/catalog-romancal", "--apcorr", apcorr, "--epsf", epsf]
            }
            rows.append(["romancal 1.1.0 SourceCatalogStep", String(format: "%.1f s", result.seconds), "\(result.detail["sources"] ?? "?")",
                         ByteCount.format(result.peakRSSBytes), String(format: "%.1fx", result.seconds / ours.seconds)])
        }
        if sextractor {
            let directory = options.directory + "/catalog-sextractor"
            let prepared = try ChildProcess.run([options.python, "scripts/python/sextractor_input.py", l2, directory])
            guard prepared.status == 0, let line = prepared.stdout.split(separator: "\n").last,
                  let json = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let command = json["command"] as? [String] else { throw BenchError("sextractor_input.py failed:\n\(prepared.stdout)") }
            var best: ChildProcess.Result?
            for _ in 0..<max(1, options.repeats) {
                let result = try ChildProcess.run(command)
                guard result.status == 0 else { throw BenchError("source-extractor failed (\(result.status))") }
                if best == nil || result.seconds < best!.seconds { best = result }
            }
            let count = try ChildProcess.run([options.python, "-c",
                "import sys; from astropy.io import fits; print(len(fits.open(sys.argv[1])[2].data))", directory + "/catalog.fits"])
            rows.append(["SExtractor 2.25 (source-extractor)", String(format: "%.2f s", best!.seconds),
                         count.stdout.trimmingCharacters(in: .whitespacesAndNewlines), ByteCount.format(best!.peakRSSBytes),
                         String(format: "%.2fx", best!.seconds / ours.seconds)])
        }
        print("")
        print("one L2 (WFI01, \(options.size - 8)^2, default scene), romancal's defaults (fit_psf with the epsf reference):")
        for line in Table.render(header: ["implementation", "wall time", "sources", "peak RSS", "time / ours"], rows: rows) { print(line) }
    }

    /// A full-size L2 and its reference folder: WFI01 of `roman-bench calibrate`'s output when
    /// there, else simulated and calibrated once into the benchmark folder.
    func calibratedImage() throws -> (String, String) {
        let name = "r0000101001001001001_0001_wfi01_f158_cal.asdf"
        for (l2, references) in [(options.directory + "/calibrate-output/" + name, options.directory + "/simulate/refs"),
                                 (options.directory + "/calibrate-output/" + name, options.directory + "/calibrate-input/refs"),
                                 (options.directory + "/catalog-input/l2/" + name, options.directory + "/catalog-input/refs")]
        where FileManager.default.fileExists(atPath: l2) && FileManager.default.fileExists(atPath: references) {
            return (l2, references)
        }
        let directory = options.directory + "/catalog-input"
        print("simulating and calibrating the input detector into \(directory) (once)...")
        var simulation = VisitSimulation(visit: try VisitID(parsing: "0000101001001001001"))
        simulation.detectors = [1]
        simulation.size = options.size
        let output = try simulation.run(out: directory, references: directory + "/refs")
        let pipeline = ExposurePipeline(references: try ReferenceLibrary(directory: directory + "/refs"))
        _ = try pipeline.calibrate(path: output.exposures[0], outputDirectory: directory + "/l2")
        return (directory + "/l2/" + name, directory + "/refs")
    }

    /// Child case: one catalog run, reporting its time, stages and source count.
    static func catalogOnce(_ arguments: [String]) throws -> [String: Any] {
        guard arguments.count >= 3 else { throw BenchError("catalog case needs L2 REFS OUT") }
        let clock = ContinuousClock()
        let start = clock.now
        let summary = try CatalogRun(referenceDirectory: arguments[1]).run(path: arguments[0], outputDirectory: arguments[2])
        let seconds = (clock.now - start).seconds
        return ["seconds": seconds, "sources": summary.sources,
                "stages": summary.timings.map { ["stage": $0.stage, "seconds": $0.seconds] as [String: Any] }]
    }
}
