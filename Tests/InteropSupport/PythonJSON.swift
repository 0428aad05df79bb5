import Foundation
import Testing

extension PythonTools {
    /// Writes `request` as JSON to a file, runs `python script args... requestFile` and decodes
    /// its stdout as JSON. Records an issue (and returns nil) when Python fails.
    public static func json(_ script: String, _ arguments: [String], request: Any, in directory: TemporaryDirectory,
                            sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any]? {
        let requestPath = directory.file("request-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: request).write(to: URL(fileURLWithPath: requestPath))
        guard let out = try run([self.script(script)] + arguments + [requestPath], sourceLocation: sourceLocation) else { return nil }
        guard out.status == 0 else {
            Issue.record("\(script) failed (\(out.status)): \(out.stderr.suffix(3000))", sourceLocation: sourceLocation)
            return nil
        }
        return try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any]
    }

    /// A list of points ([[Double]]) from a decoded JSON value.
    public static func points(_ value: Any?) -> [[Double]] {
        (value as? [[Any]])?.map { $0.map { ($0 as? NSNumber)?.doubleValue ?? .nan } } ?? []
    }
}
