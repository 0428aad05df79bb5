import Arrays
import ASDF
import Foundation
import WFI

/// Issue 3's benchmark: open a full-size L1 `_uncal` file with schema validation and reach its
/// `data` array (a zero-copy view), ours vs `roman_datamodels.datamodels.open` + `model.data`.
struct ProductBenchmark {
    let options: BenchOptions

    func run() throws {
        try FileManager.default.createDirectory(atPath: options.directory, withIntermediateDirectories: true)
        print("machine: \(MachineInfo.describe())")
        let path = options.directory + "/r0000101001001001001_0001_wfi01_f158_uncal.asdf"
        if !FileManager.default.fileExists(atPath: path) {
            let cube = try TypedArray<UInt16>(shape: [options.resultants, 4096, 4096], repeating: 1000)
            let amp33 = try TypedArray<UInt16>(shape: [options.resultants, 4096, 128], repeating: 7)
            var model = try ModelFactory.make(.scienceRaw, arrays: ["data": cube.ndarray, "amp33": amp33.ndarray])
            model.set("meta/instrument/detector", "WFI01")
            model.set("meta/instrument/optical_element", "F158")
            // Uncompressed, like romanisim's L1 files.
            try model.write(to: path, options: WriteOptions(compression: .none, inlineThreshold: 512))
        }
        let bytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        print("input: \(path) (\(ByteCount.format(bytes)))")
        let me = CommandLine.arguments[0]
        let ours = try Measure.best(options.repeats, "ours (validate + data view)") { [me, "case", "open-l1", path] }
        let theirs = try Measure.best(options.repeats, "roman_datamodels.open + .data") { [options.python, "scripts/python/asdf_bench.py", "roman-open", path] }
        let rows = [
            ["open L1 + reach data", ours.label, String(format: "%.4f s", ours.seconds), ByteCount.format(ours.peakRSSBytes),
             String(format: "%.0fx", theirs.seconds / ours.seconds)],
            ["", theirs.label, String(format: "%.4f s", theirs.seconds), ByteCount.format(theirs.peakRSSBytes), "1x"],
        ]
        print("")
        for line in Table.render(header: ["benchmark", "implementation", "time (best of \(options.repeats))", "peak RSS", "speed-up"], rows: rows) {
            print(line)
        }
    }

    /// Child-process case: open with validation, reach `data` as a typed view. The timed part
    /// includes decoding the schema (first use in the process); the ASDF-only open is timed
    /// afterwards for the breakdown.
    static func openL1(_ path: String) throws -> [String: Any] {
        let clock = ContinuousClock()
        let start = clock.now
        let product = try ScienceRawProduct(contentsOf: path)
        let data = try product.data()
        let done = clock.now
        _ = try ASDFFile(contentsOf: path)
        let asdfOnly = clock.now
        return ["seconds": (done - start).seconds, "shape": data.shape,
                "asdf_open_seconds": (asdfOnly - done).seconds]
    }
}
