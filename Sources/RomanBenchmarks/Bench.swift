import Arrays
import ASDF
import Calibration
import Foundation

/// `roman-bench`: performance figures of the Roman WFI system, side by side with the reference
/// Python tools where they do the same job. Every case runs in its own child process; times are
/// the best of `--repeat` runs, peak memory is that run's maximum resident set (from wait4).
///
///     roman-bench asdf [--dir DIR] [--python PYTHON] [--repeat N] [--size N] [--resultants N]
///     roman-bench products [--dir DIR] [--python PYTHON] [--repeat N] [--resultants N]
///     roman-bench parquet [--rows N] [--dir DIR] [--python PYTHON] [--repeat N]
@main
struct Bench {
    /// Runs the command; a bad command line or a failed case prints its reason (and, for a bad
    /// command line, the usage) on stderr and exits with status 1 instead of trapping.
    static func main() {
        do {
            try run(Array(CommandLine.arguments.dropFirst()))
        } catch {
            FileHandle.standardError.write(Data("roman-bench: \(error)\n".utf8))
            if error is BenchError, String(describing: error).hasPrefix("unknown") {
                FileHandle.standardError.write(Data((usage + "\n").utf8))
            }
            exit(1)
        }
    }

    static func run(_ arguments: [String]) throws {
        var arguments = arguments
        guard let command = arguments.first, !arguments.contains(where: { ["-h", "--help", "help"].contains($0) }) else {
            print(usage)
            return
        }
        arguments.removeFirst()
        switch command {
        case "asdf":
            try ASDFBenchmark(options: BenchOptions(arguments: arguments)).run()
        case "products":
            try ProductBenchmark(options: BenchOptions(arguments: arguments)).run()
        case "ramps":
            try RampBenchmark(options: BenchOptions(arguments: arguments)).run()
        case "rampfit":
            try RampFitBenchmark(options: BenchOptions(arguments: arguments)).run()
        case "simulate":
            try SimulationBenchmark(options: BenchOptions(arguments: arguments)).run()
        case "calibrate":
            try CalibrationBenchmark(options: BenchOptions(arguments: arguments)).run()
        case "truth":
            try TruthBenchmark(options: BenchOptions(arguments: arguments)).run()
        case "steps":
            try StepsBenchmark(options: BenchOptions(arguments: arguments)).run()
        case "align":
            try AlignmentBenchmark(options: BenchOptions(arguments: arguments)).run()
        case "catalog":
            try CatalogBenchmark(arguments: arguments).run()
        case "parquet":
            try ParquetBenchmark(options: BenchOptions(arguments: arguments)).run()
        case "process":
            try ProcessBenchmark(options: BenchOptions(arguments: arguments)).run()
        case "case":
            try runCase(arguments)
        default:
            throw BenchError("unknown command \(command)")
        }
    }

    static let usage = """
        usage: roman-bench asdf [--dir DIR] [--python PYTHON] [--repeat N] [--size N] [--resultants N]
               roman-bench products [--dir DIR] [--python PYTHON] [--repeat N] [--resultants N]
               roman-bench ramps [--size N] [--repeat N]
               roman-bench rampfit [--size N] [--repeat N]
               roman-bench simulate [--size N] [--repeat N] [--dir DIR] [--romanisim]
               roman-bench calibrate [--repeat N] [--dir DIR] [--romancal]
               roman-bench truth [--size N] [--dir DIR]
               roman-bench steps [--size N]
               roman-bench align [--density N] [--repeat N] [--dir DIR] [--python PYTHON]
               roman-bench catalog [--repeat N] [--dir DIR] [--romancal] [--sextractor]
               roman-bench parquet [--rows N] [--dir DIR] [--python PYTHON] [--repeat N]
               roman-bench process [--dir DIR]
          Reads a size x size x resultants uint16 uncompressed file and writes a (size-8)^2 L2-like file
          (float32 data, float16 err/var_poisson/var_rnoise) without compression and with lz4, with our
          library and with Python asdf (PYTHON defaults to .venv/bin/python).
          products: opens a full-size L1 _uncal file with schema validation and reaches its data,
          ours vs roman_datamodels.datamodels.open.
          ramps: simulates one detector's ramps (MA table 109: 10 resultants, 44 reads) from a rate image,
          without and with the detector effects (defects, IPC, dark decay, correlated read-out noise and
          amp33), and writes the simulator's reference files.
          rampfit: times RampFitting.fit ('likely' and 'ols_cas22') on a simulated size^2 table-109 cube.
          simulate: `roman simulate` end to end (sky, catalogs, reference files, rendering, ramps with every
          detector effect, lz4 L1 files) for WFI01 and for all 18 detectors; with --romanisim also STScI's
          romanisim on WFI01 with the same number of sources (scripts/python/romanisim_bench.py, ~35 min).
          calibrate: `roman calibrate` end to end (read L1, every step, write the lz4 L2) on a simulated full-size
          detector (per-step times) and on a whole 18-detector exposure with --jobs 1 and 2; with --romancal also
          STScI's romancal ExposurePipeline on the same file and references (scripts/romancal-compare).
          truth: simulates and calibrates one detector (WFI03) and compares the L2 with the simulator's truth
          (rate pulls, cosmic rays flagged, false jumps).
          steps: time of each detector-level calibration step (dq_init, saturation, refpix, dark_decay,
          linearity) on one synthetic exposure of 10 resultants.
          align: our whole-focal-plane alignment vs romancal's tweakreg (stcal absolute_align) on the same 18
          simulated source lists (--density sources per arcmin², default 160) with a 2.5" pointing and 25" roll
          error: times, ratio, agreement of the corrected WCSs and their errors against the truth.
          catalog: `roman catalog` on one full-size simulated L2 (stage times; the L2 of `calibrate` when there, else
          simulated and calibrated once); with --romancal also romancal's SourceCatalogStep and with --sextractor
          SExtractor (`source-extractor`, on the image written as FITS) on the same image.
          process: `roman process` on a full-size 18-detector exposure simulated with a 2.5", -1.8", 25" roll pointing
          error: wall time, peak memory, stage times, and the aligned WCSs' sky error against the truth.
          parquet: writes and reads a catalog-like table (N rows x 50 float32/float64/int/bool columns, default
          1,000,000 rows) with our Parquet code and with pyarrow (scripts/python/parquet_bench.py), uncompressed,
          snappy and zstd; MB/s, rows/s and the ratio.
        """

    /// Child-process entry: one measured operation, printing JSON.
    static func runCase(_ arguments: [String]) throws {
        let result: [String: Any]
        switch arguments.first {
        case "read":
            result = try ASDFCases.read(arguments[1], populate: arguments.contains("--populate"))
        case "ramps":
            result = try RampBenchmark.simulateOnce(size: Int(arguments[1]) ?? 4096)
        case "ramps-detector":
            result = try RampBenchmark.simulateOnce(size: Int(arguments[1]) ?? 4096, detectorEffects: true)
        case "calibrate":
            result = try CalibrationBenchmark.calibrateOnce(Array(arguments.dropFirst()))
        case "catalog":
            result = try CatalogBenchmark.catalogOnce(Array(arguments.dropFirst()))
        case "process":
            result = try ProcessBenchmark.processOnce(Array(arguments.dropFirst()))
        case "simulate":
            result = try SimulationBenchmark.simulateOnce(size: Int(arguments[1]) ?? 4096, detectors: arguments[2], directory: arguments[3])
        case "steps":
            result = try StepsBenchmark.measureOnce(size: Int(arguments[1]) ?? 4096)
        case "rampfit":
            result = try RampFitBenchmark.fitOnce(size: Int(arguments[1]) ?? 4096,
                                                  algorithm: RampFitAlgorithm(rawValue: arguments.count > 2 ? arguments[2] : "likely") ?? .likely)
        case "parquet-write":
            result = try ParquetBenchmark.write(input: arguments[1], output: arguments[2], codec: arguments[3])
        case "parquet-read":
            result = try ParquetBenchmark.read(arguments[1])
        case "reffiles":
            result = try RampBenchmark.writeReferenceFiles(size: Int(arguments[1]) ?? 4096)
        case "open-l1":
            result = try ProductBenchmark.openL1(arguments[1])
        case "write":
            guard let compression = BlockCompression(rawValue: arguments[3]) else { throw BenchError("bad compression") }
            result = try ASDFCases.write(source: arguments[1], output: arguments[2], compression: compression)
        default:
            throw BenchError("unknown case")
        }
        var report = result
        report["peak_rss_bytes"] = MachineInfo.peakResidentBytes()
        print(String(decoding: try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys]), as: UTF8.self))
    }
}
