import ArgumentParser
import Calibration
import Foundation

/// `roman calibrate`: L1 `_uncal` files to L2 `_cal` rate images.
struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Calibrate WFI L1 exposures (_uncal.asdf) into L2 rate images (_cal.asdf).",
        discussion: """
            Runs romancal's ExposurePipeline steps in its order: dq_init, saturation, refpix, \
            dark_decay, wfi18_transient (WFI18 only), linearity, ramp_fit (the 'likely' fit of \
            Brandt 2024 with jump detection; --steps.ramp_fit.algorithm=ols_cas22 for Casertano et \
            al. 2022), dark_current, assign_wcs, photom and flat_field (skipped for spectroscopic \
            exposures).

            --refs names a folder of reference files in the Roman reference-file schemas (as CRDS \
            distributes them, or as `roman simulate` writes them); for each type the file whose \
            metadata matches the exposure's detector and optical element, with the latest useafter \
            not after the exposure, is used. Other files in the folder are ignored. Every file \
            needed is found before any work starts.

            Step parameters use romancal's strun syntax: --steps.ramp_fit.include_var_rnoise=true, \
            --steps.flat_field.include_var_flat=true, --steps.saturation.n_pix_grow_sat=1, \
            --steps.refpix.skip=true, ... and --skip STEP. Outputs are written atomically: a \
            failure never leaves a partial L2.
            """
    )

    @Option(help: "Folder of reference files.")
    var refs: String

    @Option(help: "Output folder.")
    var out = "."

    @Option(help: "Files calibrated at the same time (each uses every core within its steps; about 1.7 GB each at full size with 10 resultants). Default: as many as there are cores, within the memory available.")
    var jobs: Int?

    @Flag(help: "Print only the summary line of each file.")
    var quiet = false

    @Argument(parsing: .allUnrecognized, help: "L1 files, then step options (--steps.NAME.PARAM=VALUE, --skip STEP).")
    var arguments: [String] = []

    func run() throws {
        let inputs = Self.inputs(arguments)
        guard !inputs.isEmpty else { throw ValidationError("no input files") }
        let jobs = self.jobs ?? MemoryBudget().jobs(files: inputs.count,
                                                     peakBytes: MemoryBudget.cubeShape(of: inputs[0]).map(MemoryBudget.peakBytes) ?? 0)
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        let options = try PipelineOptions(arguments: Self.stepArguments(arguments))
        let pipeline = ExposurePipeline(references: try ReferenceLibrary(directory: refs), options: options)
        let failures = CalibrationRun(pipeline: pipeline, outputDirectory: out, jobs: jobs, quiet: quiet).run(inputs)
        if failures > 0 { throw ExitCode(1) }
    }

    /// Positional arguments: the files.
    static func inputs(_ arguments: [String]) -> [String] {
        var files: [String] = []
        var skipNext = false
        for argument in arguments {
            if skipNext { skipNext = false; continue }
            if argument == "--skip" { skipNext = true; continue }
            if !argument.hasPrefix("--") { files.append(argument) }
        }
        return files
    }

    /// The step options among the arguments.
    static func stepArguments(_ arguments: [String]) -> [String] {
        var options: [String] = []
        var takeNext = false
        for argument in arguments {
            if takeNext { options.append(argument); takeNext = false; continue }
            if argument == "--skip" { options.append(argument); takeNext = true; continue }
            if argument.hasPrefix("--") { options.append(argument) }
        }
        return options
    }
}

/// Prints each step and a summary line per file as `ConcurrentCalibration` reports them.
struct CalibrationRun {
    let pipeline: ExposurePipeline
    let outputDirectory: String
    let jobs: Int
    let quiet: Bool

    /// Returns the number of files that failed.
    func run(_ inputs: [String]) -> Int {
        let output = DispatchQueue(label: "calibrate.output")
        let quiet = self.quiet
        let results = ConcurrentCalibration(pipeline: pipeline, jobs: jobs).run(inputs, outputDirectory: outputDirectory, onStep: { path, step in
            guard !quiet else { return }
            let name = (path as NSString).lastPathComponent
            output.sync { Self.write("  \(name): \(step.step) \(step.status) (\(String(format: "%.2f", step.seconds)) s)\n") }
        }, onFile: { path, result in
            let name = (path as NSString).lastPathComponent
            output.sync {
                switch result {
                case .success(let summary):
                    print("\(name) -> \(summary.output): \(String(format: "%.1f", summary.seconds)) s, "
                          + "\(summary.jumps) jumps, \(summary.saturatedPixels) saturated and \(summary.doNotUsePixels) do-not-use pixels")
                case .failure(let error):
                    Self.write("error: \(name): \(error)\n")
                }
            }
        })
        return results.filter { if case .failure = $0 { true } else { false } }.count
    }

    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
