import Foundation
import Testing

/// Runs the reference Python tools (asdf, roman_datamodels) from the venv that
/// `scripts/bootstrap --python` makes. The tests that use them fail, not skip, when the venv is
/// missing: CI always provides it.
public enum PythonTools {
    /// The Python interpreter: `$ROMAN_PYTHON`, else `.venv/bin/python` of the package.
    public static var interpreter: String? {
        if let env = ProcessInfo.processInfo.environment["ROMAN_PYTHON"], FileManager.default.isExecutableFile(atPath: env) {
            return env
        }
        let local = packageRoot + "/.venv/bin/python"
        return FileManager.default.isExecutableFile(atPath: local) ? local : nil
    }

    /// The package root folder (two levels above this file's folder).
    public static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// A script in `scripts/python`.
    public static func script(_ name: String) -> String { packageRoot + "/scripts/python/" + name }

    public struct Output {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// Runs `python script args...`; records a test issue and returns nil if Python is missing.
    @discardableResult
    public static func run(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> Output? {
        guard let python = interpreter else {
            Issue.record("reference Python venv not found: run scripts/bootstrap --python or set ROMAN_PYTHON",
                         sourceLocation: sourceLocation)
            return nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONWARNINGS"] = "ignore"
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Drain both pipes concurrently so a chatty child cannot block.
        nonisolated(unsafe) var errData = Data()
        let errReader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        errReader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errReader.isFinished { usleep(1000) }
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// A fresh temporary folder, removed when the value is dropped.
public final class TemporaryDirectory {
    public let path: String

    public init() throws {
        path = NSTemporaryDirectory() + "asdf-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    public func file(_ name: String) -> String { path + "/" + name }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
