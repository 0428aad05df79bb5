import ArgumentParser
import Astrometry
import Calibration
import Catalog
import Dispatch
import Foundation
import Prompt

/// `roman process`: the prompt flow of whole exposures.
struct ProcessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process",
        abstract: "Run the prompt flow of exposures: L1 -> L2 -> L4 per detector, then the Gaia alignment of the whole focal plane.",
        discussion: """
            For each exposure among the inputs (L1 _uncal.asdf files, or folders of them; files \
            are grouped by visit and exposure number): every detector is calibrated (as `roman \
            calibrate`) and catalogued (as `roman catalog`: _cat.parquet and _segm.asdf) as soon \
            as possible, several detectors at once within the memory available (--jobs). When all \
            of the exposure's detectors are done, their catalogs are matched to the reference \
            catalog (--refcat: ECSV, CSV or Parquet with ra, dec and, when present, proper motions and \
            parallax, propagated to the exposure's epoch; default r<visit>_gaia.ecsv beside the \
            L1 files) and one shift and rotation of the whole focal plane is fitted, as romancal's \
            tweakreg does in absolute mode. Every L2 gets the aligned WCS (meta.wcs, s_region, \
            wcs_fit_results, cal_step.tweakreg), its catalog the sky positions from it, and the \
            L1 WCS supplement (_wcs.asdf) is written.

            Every product is written atomically, so a rerun overwrites the prompt products whole. \
            A detector that fails does not stop the others. When the fit fails (too few matches), \
            the L2s keep their WCS and are flagged (cal_step.tweakreg = FAILED). Prints each \
            product as it is made, then the time of each stage; exit status 1 if any detector \
            failed or the alignment did not succeed.
            """
    )

    @Option(help: "Folder of reference files (calibration, apcorr and epsf).")
    var refs: String

    @Option(help: "Reference catalog for the alignment (ECSV, CSV or Parquet). Default: r<visit>_gaia.ecsv beside the L1 files.")
    var refcat: String?

    @Option(help: "Output folder.")
    var out = "."

    @Option(help: "Detectors processed at the same time. Default: as many as the cores and the available memory allow.")
    var jobs: Int?

    @Option(help: "Fit geometry of the alignment: shift, rshift (shift and rotation) or rscale (with scale).")
    var fitGeometry = "rshift"

    @Flag(help: "Print only the summary of each detector and exposure.")
    var quiet = false

    @Argument(help: "L1 files or folders of them.")
    var inputs: [String]

    func run() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        guard let geometry = FitGeometry(rawValue: fitGeometry) else {
            throw ValidationError("--fit-geometry must be shift, rshift or rscale")
        }
        var parameters = AlignmentParameters()
        parameters.geometry = geometry
        let exposures = try ExposureFiles.find(inputs)
        let processor = ExposureProcessor(
            pipeline: ExposurePipeline(references: try ReferenceLibrary(directory: refs)),
            catalog: CatalogRun(referenceDirectory: refs), aligner: ExposureAligner(parameters: parameters),
            referenceCatalog: refcat, outputDirectory: out, jobs: jobs)
        var failed = false
        for exposure in exposures {
            print("\(exposure.exposure): \(exposure.files.count) detector\(exposure.files.count == 1 ? "" : "s")")
            let report = processor.process(exposure, onEvent: ProcessingPrinter(quiet: quiet).print)
            ProcessingPrinter.summarise(report)
            failed = failed || report.failures > 0 || report.alignment == nil
        }
        if failed { throw ExitCode(1) }
    }
}

/// Prints the events of a run, one line each, and the summary of an exposure.
struct ProcessingPrinter: Sendable {
    let quiet: Bool
    static let output = DispatchQueue(label: "process.output")

    func print(_ event: ExposureProcessor.Event) {
        let line: String?
        switch event {
        case .calibrationStep(let input, let step):
            line = quiet ? nil : "  \(Self.name(input)): \(step.step) \(step.status) (\(String(format: "%.2f", step.seconds)) s)"
        case .calibrated(let input, let summary):
            line = "\(Self.name(input)) -> \(Self.name(summary.output)): \(String(format: "%.1f", summary.seconds)) s, \(summary.jumps) jumps"
        case .catalogued(_, let summary):
            line = "\(Self.name(summary.input)) -> \(Self.name(summary.catalog)), \(Self.name(summary.segmentation)): "
                + "\(summary.sources) sources, \(String(format: "%.1f", summary.seconds)) s"
        case .detectorFailed(let input, let reason):
            line = "error: \(Self.name(input)): \(reason)"
        case .aligned(let a):
            line = String(format: "aligned to %@ at epoch %.3f: %d matches, %d used, rms %.1f mas; shift (%.3f, %.3f) arcsec, rotation %.2f arcsec",
                          a.referenceCatalog as NSString, a.epoch, a.matches, a.used, a.rmsMilliarcsec, a.shiftArcsec.x, a.shiftArcsec.y, a.rotationArcsec)
        case .alignmentNotDone(let reason):
            line = "warning: not aligned: \(reason)"
        case .updated(let l2, let supplement):
            line = quiet ? nil : "  \(Self.name(l2)): aligned WCS" + (supplement.map { ", " + Self.name($0) } ?? "")
        }
        if let line { Self.output.sync { Swift.print(line) } }
    }

    static func summarise(_ report: ProcessingReport) {
        let calibration = report.detectors.compactMap(\.calibration).reduce(0) { $0 + $1.seconds }
        let catalogs = report.detectors.compactMap(\.catalog).reduce(0) { $0 + $1.seconds }
        let stages = report.stages.map { $0.stage + String(format: " %.1f s", $0.seconds) }.joined(separator: ", ")
        output.sync {
            Swift.print("\(report.exposure): \(report.detectors.count - report.failures) of \(report.detectors.count) detectors done, "
                        + "\(report.supplements.count) WCS supplements; " + stages
                        + String(format: " (calibration %.1f s and catalogs %.1f s summed over detectors)", calibration, catalogs))
        }
    }

    static func name(_ path: String) -> String { (path as NSString).lastPathComponent }
}
