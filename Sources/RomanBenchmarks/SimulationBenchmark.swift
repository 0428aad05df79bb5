import ASDF
import Foundation
import Simulation
import WFI

/// Issue 4: `roman simulate` end to end — sky, catalogs, reference files, rendering, ramps with
/// every detector effect, and writing the lz4-compressed L1 files — for one full detector and
/// for a full 18-detector exposure; optionally side by side with romanisim on one detector at
/// the same source density (`--romanisim`, about 35 minutes).
struct SimulationBenchmark {
    let options: BenchOptions

    func run() throws {
        print("machine: \(MachineInfo.describe())")
        let me = CommandLine.arguments[0]
        var rows: [[String]] = []
        var ours: Measure.Result?
        for (name, detectors) in [("one detector (WFI01)", "1"), ("full exposure (18 detectors)", "1-18")] {
            let repeats = detectors == "1" ? options.repeats : 1
            let result = try Measure.best(repeats, "ours") {
                [me, "case", "simulate", String(options.size), detectors, options.directory + "/simulate"]
            }
            if detectors == "1" { ours = result }
            let files = result.detail["files"] as? Int ?? 0
            let sources = result.detail["sources"] as? Int ?? 0
            rows.append([
                "\(name), \(options.size)^2, table 109, \(sources) sources", result.label,
                String(format: "%.1f s", result.seconds),
                String(format: "%.1f s/detector", result.seconds / Double(max(files, 1))),
                String(format: "%.0f s CPU", result.detail["cpu_seconds"] as? Double ?? 0),
                ByteCount.format(result.peakRSSBytes),
            ])
        }
        if options.romanisim, let ours {
            let script = "scripts/python/romanisim_bench.py"
            let sources = String(ours.detail["sources"] as? Int ?? 9000)
            let result = try ChildProcess.run([options.python, script, options.directory + "/romanisim", "--sources", sources])
            guard result.status == 0, let line = result.stdout.split(separator: "\n").last,
                  let json = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw BenchError("romanisim benchmark failed (\(result.status)):\n\(result.stdout.suffix(2000))")
            }
            let seconds = json["wall_s"] as? Double ?? .nan
            rows.append([
                "one detector (WFI01), \(json["sources_on_detector"] ?? "?") sources", "romanisim \(json["romanisim_version"] ?? "")",
                String(format: "%.1f s", seconds), String(format: "ours %.0fx faster", seconds / ours.seconds),
                String(format: "%.0f s CPU", json["cpu_s"] as? Double ?? 0),
                String(format: "%.0f MiB", json["peak_rss_mb"] as? Double ?? 0),
            ])
        }
        print("")
        let header = ["benchmark", "implementation", "wall time", "per detector", "CPU", "peak RSS"]
        for line in Table.render(header: header, rows: rows) { print(line) }
    }

    /// Child case: simulates `detectors` at `size` into `directory` with every default (F158,
    /// table 109, 160 sources per square arcminute, all detector effects).
    static func simulateOnce(size: Int, detectors: String, directory: String) throws -> [String: Any] {
        var simulation = VisitSimulation(visit: try VisitID(parsing: "0000101001001001001"))
        simulation.size = size
        simulation.detectors = detectors.contains("-") ? Array(1...18) : detectors.split(separator: ",").compactMap { Int($0) }
        try? FileManager.default.removeItem(atPath: directory)
        let clock = ContinuousClock()
        let start = clock.now
        let startCPU = MachineInfo.cpuSeconds()
        let output = try simulation.run(out: directory, references: directory + "/refs")
        let seconds = (clock.now - start).seconds
        return ["seconds": seconds, "cpu_seconds": MachineInfo.cpuSeconds() - startCPU, "files": output.exposures.count,
                "sources": output.placedSources, "cosmic_rays": output.cosmicRays]
    }
}
