import ASDF
import Foundation

/// How many exposures may be calibrated at once: no more than the cores can use (each file's
/// steps already run on every core; a second file overlaps one's reading and writing with the
/// other's arithmetic) and no more than fit in the memory the system has available.
public struct MemoryBudget: Sendable {
    /// Bytes the system can give (Linux `MemAvailable`), if known.
    public var availableBytes: Int?
    /// Files in flight at most, whatever the memory.
    public var cores: Int

    public init(availableBytes: Int? = MemoryBudget.systemAvailableBytes(), cores: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.availableBytes = availableBytes
        self.cores = cores
    }

    /// Peak bytes of one calibration per byte of its float32 ramp cube (measured: 1.71 GB for a
    /// 10-resultant 4096² cube of 671 MB), with room for the reference arrays of other read
    /// patterns.
    static let peakPerCubeByte = 2.8

    /// Peak memory of calibrating an exposure whose L1 `data` has `shape` (resultants, rows,
    /// columns), in bytes.
    public static func peakBytes(shape: [Int]) -> Int {
        let elements = shape.reduce(1, *)
        return Int(Double(elements * MemoryLayout<Float>.size) * peakPerCubeByte)
    }

    /// The L1 cube shape of `path`, read from its tree without loading any block.
    public static func cubeShape(of path: String) -> [Int]? {
        guard let file = try? ASDFFile(contentsOf: path) else { return nil }
        return file.tree["roman"]?["data"]?.arrayValue?.array.shape
    }

    /// Files to calibrate at once for `count` files each needing `peakBytes`: at least 1.
    public func jobs(files count: Int, peakBytes: Int) -> Int {
        var jobs = max(1, min(count, cores))
        if let availableBytes, peakBytes > 0 { jobs = min(jobs, max(1, availableBytes / peakBytes)) }
        return jobs
    }

    /// `MemAvailable` of /proc/meminfo in bytes, or nil where there is none.
    public static func systemAvailableBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let fields = line.split(separator: " ")
            if fields.count >= 2, let kib = Int(fields[1]) { return kib * 1024 }
        }
        return nil
    }
}
