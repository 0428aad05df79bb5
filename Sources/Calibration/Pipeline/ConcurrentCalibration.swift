import Dispatch
import Foundation
import Synchronization

/// Calibrates several exposures with at most `jobs` at a time (each exposure's steps already use
/// every core; a second job overlaps one file's reading and writing with another's arithmetic).
/// About 1.7 GB of memory per job at full size (`MemoryBudget` chooses `jobs` by default).
public struct ConcurrentCalibration: Sendable {
    public let pipeline: ExposurePipeline
    public let jobs: Int

    public init(pipeline: ExposurePipeline, jobs: Int) {
        self.pipeline = pipeline
        self.jobs = max(1, jobs)
    }

    /// Calibrates every file into `outputDirectory`; `onStep` hears each step of each file and
    /// `onFile` each file's outcome as they happen (from worker threads). Returns the outcomes in
    /// input order.
    public func run(_ paths: [String], outputDirectory: String,
                    onStep: @escaping @Sendable (String, ExposurePipeline.StepReport) -> Void = { _, _ in },
                    onFile: @escaping @Sendable (String, Result<ExposurePipeline.Summary, any Error>) -> Void = { _, _ in })
        -> [Result<ExposurePipeline.Summary, any Error>] {
        let results = Mutex<[Result<ExposurePipeline.Summary, any Error>?]>(Array(repeating: nil, count: paths.count))
        let semaphore = DispatchSemaphore(value: jobs)
        let group = DispatchGroup()
        let pipeline = self.pipeline
        for (index, path) in paths.enumerated() {
            semaphore.wait()
            group.enter()
            DispatchQueue.global().async {
                defer { semaphore.signal(); group.leave() }
                let result = Result { try pipeline.calibrate(path: path, outputDirectory: outputDirectory) { onStep(path, $0) } }
                onFile(path, result)
                results.withLock { $0[index] = result }
            }
        }
        group.wait()
        return results.withLock { $0.map { $0! } }
    }

    /// Calibrates every file; throws the first failure.
    public func calibrate(_ paths: [String], outputDirectory: String) throws -> [ExposurePipeline.Summary] {
        try run(paths, outputDirectory: outputDirectory).map { try $0.get() }
    }
}
