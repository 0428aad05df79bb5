import Foundation

/// Repeated child-process measurements.
enum Measure {
    struct Result {
        var label: String
        var seconds: Double
        var peakRSSBytes: Int
        var detail: [String: Any]
    }

    /// Runs a command `repeats` times and keeps the fastest run (with that run's peak memory).
    /// The time is the `seconds` the child reports (excluding process start and imports), or the
    /// wall time when it reports none.
    static func best(_ repeats: Int, _ label: String, _ command: () -> [String]) throws -> Result {
        var best: Result?
        for _ in 0..<max(1, repeats) {
            let result = try ChildProcess.run(command())
            guard result.status == 0 else { throw BenchError("\(command().joined(separator: " ")) failed (\(result.status)):\n\(result.stdout)") }
            let line = result.stdout.split(separator: "\n").last.map(String.init) ?? "{}"
            let detail = (try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]) ?? [:]
            let seconds = detail["seconds"] as? Double ?? result.seconds
            // The child's own VmHWM when it reports one (see MachineInfo.peakResidentBytes).
            let peak = detail["peak_rss_bytes"] as? Int ?? result.peakRSSBytes
            if best == nil || seconds < best!.seconds {
                best = Result(label: label, seconds: seconds, peakRSSBytes: peak, detail: detail)
            }
        }
        return best!
    }
}
