import ArgumentParser
import Catalog
import Dispatch
import Foundation

/// `roman catalog`: L2 `_cal` / L3 `_coadd` images to L4 source catalogs and segmentation maps.
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Detect and measure sources in L2 (_cal.asdf) or L3 (_coadd.asdf) images: _cat.parquet and _segm.asdf.",
        discussion: """
            Follows romancal's SourceCatalogStep: background and RMS on a mesh with sigma \
            clipping (photutils Background2D), detection on the image convolved with a Gaussian \
            of --kernel-fwhm at --snr-threshold times the background RMS with --npixels \
            connected pixels, optional deblending (multi-thresholding and watershed), then per \
            source: centroids and their sky positions, shape moments, isophotal, circular-aperture \
            (0.1 to 1.6 arcsec) and Kron fluxes in nJy with errors, PSF-fit positions and fluxes \
            (with the epsf reference), DAOFind sharpness and roundness, nearest neighbours, \
            warning flags from the DQ, and an extended-source indicator (with the apcorr reference).

            Reference files (apcorr, epsf) are taken from --refs by their metadata, or given \
            with --apcorr / --epsf. Without apcorr, is_extended is false; without epsf (or with \
            --no-fit-psf) the PSF columns are left out. Outputs are named after the input \
            (r…_wfi01_f158_cal.asdf -> r…_wfi01_f158_cat.parquet and r…_wfi01_f158_segm.asdf) \
            and written atomically.

            Deviations from romancal 1.1.0, by design: is_extended compares the aperture fluxes \
            with the apcorr growth curve at the aperture radii in pixels (romancal evaluates it at \
            the radii in arcseconds); an image without a WCS gets NaN sky positions (romancal \
            stops), its pixel area then from meta.photometry.pixel_area; L3 mosaics are not \
            PSF-fitted (NaN PSF columns, psf_flags 1536); dust_ebv is NaN (no SFD dust map \
            offline, as romancal writes it without CRDS).
            """
    )

    @Option(help: "Output folder.")
    var out = "."

    @Option(help: "Folder of reference files (apcorr, epsf) chosen by detector and filter.")
    var refs: String?

    @Option(help: "apcorr reference file (overrides --refs).")
    var apcorr: String?

    @Option(help: "epsf reference file (overrides --refs).")
    var epsf: String?

    @Option(help: "Per-pixel signal-to-noise threshold above the background.")
    var snrThreshold = 3.0

    @Option(help: "Minimum number of connected pixels of a source.")
    var npixels = 25

    @Flag(help: "Split blended sources.")
    var deblend = false

    @Option(help: "FWHM of the Gaussian detection kernel, pixels.")
    var kernelFwhm = 2.0

    @Option(help: "Background mesh box size, pixels.")
    var bkgBoxsize = 1000

    @Flag(inversion: .prefixedNo, help: "Fit the ePSF to every source (needs an epsf reference).")
    var fitPsf = true

    @Option(help: "Catalog file format: parquet (roman_datamodels' to_parquet) or asdf (the catalog data model).")
    var catalogFormat = "parquet"

    @Option(help: "Files processed at the same time (each uses every core). Default 1.")
    var jobs = 1

    @Flag(help: "Print the time of each stage.")
    var verbose = false

    @Argument(help: "L2 _cal.asdf or L3 _coadd.asdf files.")
    var inputs: [String] = []

    func run() throws {
        guard !inputs.isEmpty else { throw ValidationError("no input files") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard let format = CatalogRun.CatalogFormat(rawValue: catalogFormat) else {
            throw ValidationError("--catalog-format must be parquet or asdf")
        }
        var options = CatalogOptions()
        options.snrThreshold = snrThreshold
        options.npixels = npixels
        options.deblend = deblend
        options.kernelFWHM = kernelFwhm
        options.backgroundBoxSize = bkgBoxsize
        options.fitPSF = fitPsf
        do { try options.validate() } catch { throw ValidationError("\(error)") }
        var run = CatalogRun(options: options, references: CatalogReferences(apcorr: apcorr, epsf: epsf), referenceDirectory: refs)
        run.format = format
        let failures = Self.process(inputs, run: run, outputDirectory: out, jobs: jobs, verbose: verbose)
        if failures > 0 { throw ExitCode(1) }
    }

    /// Runs every file (`jobs` at a time), printing a line per file; returns how many failed.
    static func process(_ inputs: [String], run: CatalogRun, outputDirectory: String, jobs: Int, verbose: Bool) -> Int {
        let output = DispatchQueue(label: "catalog.output")
        let failures = CatalogFailures()
        let semaphore = DispatchSemaphore(value: jobs)
        let group = DispatchGroup()
        for (index, path) in inputs.enumerated() {
            semaphore.wait()
            group.enter()
            DispatchQueue.global().async {
                defer { semaphore.signal(); group.leave() }
                let name = (path as NSString).lastPathComponent
                output.sync { FileHandle.standardError.write(Data("[\(index + 1)/\(inputs.count)] \(name)\n".utf8)) }
                do {
                    let summary = try run.run(path: path, outputDirectory: outputDirectory)
                    output.sync {
                        print("\(name) -> \(summary.catalog), \((summary.segmentation as NSString).lastPathComponent): "
                              + "\(summary.sources) sources, \(String(format: "%.2f", summary.seconds)) s")
                        if verbose {
                            for (stage, seconds) in summary.timings { print("  \(stage): \(String(format: "%.3f", seconds)) s") }
                        }
                    }
                } catch {
                    failures.add()
                    output.sync { FileHandle.standardError.write(Data("error: \(name): \(error)\n".utf8)) }
                }
            }
        }
        group.wait()
        return failures.count
    }
}

/// A thread-safe failure count.
final class CatalogFailures: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func add() { lock.lock(); value += 1; lock.unlock() }
    var count: Int { lock.lock(); defer { lock.unlock() }; return value }
}
