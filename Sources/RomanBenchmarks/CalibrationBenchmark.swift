import ASDF
import Calibration
import Foundation
import Simulation
import WFI

/// Issue 5: `roman calibrate` end to end (read L1, every step, write the lz4 L2) on a simulated
/// full-size detector with 10 resultants, with the time of each step; a full 18-detector
/// exposure for the throughput; and, with `--romancal`, STScI's romancal ExposurePipeline on the
/// same file and references in the same run (scripts/romancal-compare; minutes, several GB).
struct CalibrationBenchmark {
    let options: BenchOptions

    func run() throws {
        print("machine: \(MachineInfo.describe())")
        let me = CommandLine.arguments[0]
        let inputs = try simulatedExposure()
        let references = inputDirectory + "/refs"
        let output = options.directory + "/calibrate-output"
        var rows: [[String]] = []
        let single = try Measure.best(options.repeats, "ours") { [me, "case", "calibrate", references, output, inputs[0]] }
        rows.append(["one detector (WFI01), 4096^2, 10 resultants", single.label, String(format: "%.2f s", single.seconds),
                     String(format: "%.2f s/detector", single.seconds), ByteCount.format(single.peakRSSBytes)])
        if let steps = single.detail["steps"] as? [[String: Any]] {
            print("\nsteps of the fastest run (wall seconds):")
            for step in steps { print(String(format: "  %-16@ %7.3f  %@", (step["step"] as? String ?? "") as NSString,
                                             step["seconds"] as? Double ?? 0, (step["status"] as? String ?? "") as NSString)) }
        }
        for jobs in [1, 2] {
            let all = try Measure.best(1, "ours, --jobs \(jobs)") { [me, "case", "calibrate", references, output, "--jobs", String(jobs)] + inputs }
            rows.append(["full exposure (\(inputs.count) detectors)", all.label, String(format: "%.1f s", all.seconds),
                         String(format: "%.2f s/detector", all.seconds / Double(inputs.count)), ByteCount.format(all.peakRSSBytes)])
        }
        if options.romancal {
            let out = options.directory + "/romancal"
            let result = try ChildProcess.run(["/usr/bin/time", "-v", "-o", out + ".time", "scripts/romancal-compare", inputs[0], references, out,
                                               "--steps.source_catalog.skip=True", "--steps.tweakreg.skip=True"])
            guard result.status == 0 else { throw BenchError("romancal failed (\(result.status)):\n\(result.stdout.suffix(2000))") }
            let time = (try? String(contentsOfFile: out + ".time", encoding: .utf8)) ?? ""
            let wall = Self.gnuTimeSeconds(time), peak = Self.gnuTimePeakBytes(time)
            rows.append(["one detector (WFI01), 4096^2, 10 resultants", "romancal 1.1.0 (strun roman_elp)", String(format: "%.1f s", wall),
                         String(format: "ours %.0fx faster", wall / single.seconds), ByteCount.format(peak)])
        }
        print("")
        for line in Table.render(header: ["benchmark", "implementation", "wall time", "per detector", "peak RSS"], rows: rows) { print(line) }
    }

    /// The simulated full-size exposure (18 detectors, default scene) and its references: the
    /// one `roman-bench simulate` wrote, else made once and kept in the benchmark folder.
    func simulatedExposure() throws -> [String] {
        let directory = inputDirectory
        let expected = (1...18).map { directory + String(format: "/r0000101001001001001_0001_wfi%02d_f158_uncal.asdf", $0) }
        if expected.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) { return expected }
        print("simulating the input exposure into \(directory) (once)...")
        var simulation = VisitSimulation(visit: try VisitID(parsing: "0000101001001001001"))
        simulation.size = options.size
        _ = try simulation.run(out: directory, references: directory + "/refs")
        return expected
    }

    /// Where the input exposure is.
    var inputDirectory: String {
        let simulated = options.directory + "/simulate"
        let complete = (1...18).allSatisfy {
            FileManager.default.fileExists(atPath: simulated + String(format: "/r0000101001001001001_0001_wfi%02d_f158_uncal.asdf", $0))
        }
        return complete ? simulated : options.directory + "/calibrate-input"
    }

    /// Child case: calibrates the files, reporting the time and the steps of the first.
    static func calibrateOnce(_ arguments: [String]) throws -> [String: Any] {
        var rest = arguments
        let references = rest.removeFirst(), output = rest.removeFirst()
        var jobs = 1
        if rest.first == "--jobs" { rest.removeFirst(); jobs = Int(rest.removeFirst()) ?? 1 }
        let pipeline = ExposurePipeline(references: try ReferenceLibrary(directory: references))
        let clock = ContinuousClock()
        let start = clock.now
        let summaries = try ConcurrentCalibration(pipeline: pipeline, jobs: jobs).calibrate(rest, outputDirectory: output)
        let seconds = (clock.now - start).seconds
        let steps = summaries.first?.steps.map { ["step": $0.step, "status": $0.status, "seconds": $0.seconds] as [String: Any] } ?? []
        return ["seconds": seconds, "files": summaries.count, "steps": steps]
    }

    static func gnuTimeSeconds(_ text: String) -> Double {
        guard let line = text.split(separator: "\n").first(where: { $0.contains("Elapsed (wall clock)") }),
              let value = line.split(separator: " ").last else { return .nan }
        return value.split(separator: ":").reduce(0.0) { $0 * 60 + (Double($1) ?? 0) }
    }

    static func gnuTimePeakBytes(_ text: String) -> Int {
        guard let line = text.split(separator: "\n").first(where: { $0.contains("Maximum resident") }),
              let value = line.split(separator: " ").last, let kb = Int(value) else { return 0 }
        return kb * 1024
    }
}
