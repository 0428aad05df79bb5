/// Options shared by the benchmarks: `--dir DIR --python PYTHON --repeat N --size N --resultants N
/// --density N --rows N`.
struct BenchOptions {
    /// Where inputs and outputs go (inputs are kept between runs).
    var directory = "/tmp/roman-bench"
    /// The reference tools' interpreter.
    var python = ".venv/bin/python"
    /// Runs per case; the fastest is reported.
    var repeats = 3
    /// Detector size in pixels.
    var size = 4096
    /// Resultants of the ramp cubes.
    var resultants = 10
    /// Rows of the catalog table (`parquet`).
    var rows = 1_000_000
    /// Also run STScI's romanisim for the ratio (`simulate`; about 35 minutes).
    var romanisim = false
    /// Also run STScI's romancal (`calibrate`: for the ratio; `truth`: scored the same way; minutes, several GB).
    var romancal = false
    /// Simulated sources per square arcminute (`align`; 160 is a deep high-latitude field).
    var density = 160.0

    init(arguments: [String]) throws {
        var i = 0
        while i < arguments.count {
            let value = i + 1 < arguments.count ? arguments[i + 1] : ""
            if arguments[i] == "--romanisim" || arguments[i] == "--romancal" {
                if arguments[i] == "--romanisim" { romanisim = true } else { romancal = true }
                i += 1
                continue
            }
            switch arguments[i] {
            case "--dir": directory = value
            case "--python": python = value
            case "--repeat": repeats = Int(value) ?? repeats
            case "--size": size = Int(value) ?? size
            case "--resultants": resultants = Int(value) ?? resultants
            case "--density": density = Double(value) ?? density
            case "--rows": rows = Int(value) ?? rows
            default: throw BenchError("unknown option \(arguments[i])")
            }
            i += 2
        }
    }
}
