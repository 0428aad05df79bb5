import Foundation
import Simulation

/// A progress bar on standard error: redrawn in place on a terminal, one line per step
/// otherwise (logs, CI).
final class ProgressBar {
    private let enabled: Bool
    private let interactive: Bool
    private let start = Date()
    private var drawn = false

    init(enabled: Bool) {
        self.enabled = enabled
        interactive = isatty(STDERR_FILENO) != 0
    }

    func update(_ progress: SimulationProgress) {
        guard enabled else { return }
        let fraction = Double(progress.done) / Double(max(progress.total, 1))
        let elapsed = Date().timeIntervalSince(start)
        let time = String(format: "%.0f s", elapsed)
        if interactive {
            let width = 30
            let filled = Int((fraction * Double(width)).rounded(.down))
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            let message = progress.message.count > 60 ? String(progress.message.prefix(57)) + "..." : progress.message
            write("\r\u{1B}[K[\(bar)] \(progress.done)/\(progress.total) \(time)  \(message)")
            drawn = true
        } else {
            write("[\(progress.done)/\(progress.total) \(time)] \(progress.message)\n")
        }
    }

    func finish() {
        if enabled && drawn { write("\n") }
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
