import Arrays
import Astrometry
import Calibration
import Catalog
import Dispatch
import Foundation
import Synchronization
import WFI

/// The prompt flow of one exposure (ARCHITECTURE.md, "Data flow of one exposure"; the seeds'
/// prompt-processing rules): every detector's L1 is calibrated into its L2 and catalogued (L4
/// catalog and segmentation map) as soon as it can be, several detectors at once within the
/// memory budget; once all of them are done, the exposure is aligned to the reference catalog
/// in one fit of the whole focal plane, every L2 gets the aligned WCS, its catalog the sky
/// positions from it, and the L1 `_wcs.asdf` supplement is written.
///
/// Every product is written atomically, so a rerun overwrites the prompt products of an earlier
/// run whole. A detector that fails does not stop the others; the alignment uses the detectors
/// that were catalogued. When the alignment fails (too few matches), the L2s keep their WCS and
/// are flagged (`cal_step.tweakreg = FAILED`, `wcs_fit_results` saying why), as romancal does.
public struct ExposureProcessor: Sendable {
    public var pipeline: ExposurePipeline
    public var catalog: CatalogRun
    public var aligner: ExposureAligner
    /// The Gaia-like reference catalog; nil: `r<visit>_gaia.ecsv` beside the L1 files when there
    /// is one, else no alignment.
    public var referenceCatalog: String?
    public var outputDirectory: String
    /// Detectors in flight at once; nil: as many as the cores and the available memory allow.
    public var jobs: Int?

    public init(pipeline: ExposurePipeline, catalog: CatalogRun, aligner: ExposureAligner = ExposureAligner(),
                referenceCatalog: String? = nil, outputDirectory: String, jobs: Int? = nil) {
        self.pipeline = pipeline
        self.catalog = catalog
        self.aligner = aligner
        self.referenceCatalog = referenceCatalog
        self.outputDirectory = outputDirectory
        self.jobs = jobs
    }

    /// What happened, as it happens (from worker threads).
    public enum Event: Sendable {
        case calibrationStep(input: String, ExposurePipeline.StepReport)
        case calibrated(input: String, ExposurePipeline.Summary)
        case catalogued(input: String, CatalogRun.Summary)
        case detectorFailed(input: String, reason: String)
        case aligned(AlignmentSummary)
        case alignmentNotDone(reason: String)
        case updated(l2: String, supplement: String?)
    }

    /// Processes one exposure; `onEvent` hears each stage of each detector.
    public func process(_ exposure: ExposureFiles, onEvent: @escaping @Sendable (Event) -> Void = { _ in }) -> ProcessingReport {
        var report = ProcessingReport(exposure: exposure.exposure, detectors: [], alignment: nil, alignmentProblem: nil,
                                      supplements: [], stages: [])
        let clock = ContinuousClock()
        var start = clock.now
        report.detectors = processDetectors(exposure.files, onEvent: onEvent)
        report.stages.append(("detectors", (clock.now - start).seconds))

        start = clock.now
        let done = report.detectors.filter { $0.error == nil && $0.catalog != nil }
        let aligned: Result<AlignmentResult, AlignmentFailure>
        do throws(AlignmentFailure) { aligned = .success(try align(done, exposure: exposure)) } catch { aligned = .failure(error) }
        report.stages.append(("alignment", (clock.now - start).seconds))

        start = clock.now
        switch aligned {
        case .success(let result):
            let summary = Self.summary(result)
            report.alignment = summary
            onEvent(.aligned(summary))
            let updates = update(done, with: result, onEvent: onEvent)
            report.supplements = updates.compactMap(\.supplement)
            for (input, problem) in updates.compactMap({ u in u.problem.map { (u.input, $0) } }) {
                if let i = report.detectors.firstIndex(where: { $0.input == input }) { report.detectors[i].error = problem }
            }
        case .failure(let failure):
            report.alignmentProblem = failure.reason
            onEvent(.alignmentNotDone(reason: failure.reason))
            if let error = failure.alignmentError {
                for detector in done {
                    guard let l2 = detector.calibration?.output else { continue }
                    try? L2AlignmentUpdate.markFailed(l2, error: error, detectors: done.count)
                }
            }
        }
        report.stages.append(("updates", (clock.now - start).seconds))
        return report
    }

    /// Why an exposure was not aligned; with the aligner's error when the fit itself failed (the
    /// L2s are then flagged).
    struct AlignmentFailure: Error {
        var reason: String
        var alignmentError: AlignmentError?
    }

    /// Calibration then catalog of every detector, `jobs` at a time; outcomes in input order.
    func processDetectors(_ files: [String], onEvent: @escaping @Sendable (Event) -> Void) -> [DetectorOutcome] {
        let jobs = self.jobs ?? MemoryBudget().jobs(files: files.count, peakBytes: files.first.flatMap(MemoryBudget.cubeShape).map(MemoryBudget.peakBytes) ?? 0)
        let outcomes = Mutex<[DetectorOutcome?]>(Array(repeating: nil, count: files.count))
        let semaphore = DispatchSemaphore(value: max(1, jobs))
        let group = DispatchGroup()
        let (pipeline, catalog, outputDirectory) = (self.pipeline, self.catalog, self.outputDirectory)
        for (index, path) in files.enumerated() {
            semaphore.wait()
            group.enter()
            DispatchQueue.global().async {
                defer { semaphore.signal(); group.leave() }
                let outcome = Self.processDetector(path, pipeline: pipeline, catalog: catalog, outputDirectory: outputDirectory, onEvent: onEvent)
                outcomes.withLock { $0[index] = outcome }
            }
        }
        group.wait()
        return outcomes.withLock { $0.map { $0! } }
    }

    static func processDetector(_ path: String, pipeline: ExposurePipeline, catalog: CatalogRun, outputDirectory: String,
                                onEvent: @escaping @Sendable (Event) -> Void) -> DetectorOutcome {
        var outcome = DetectorOutcome(input: path, calibration: nil, catalog: nil, alignmentSources: 0, error: nil)
        do {
            let calibrated = try pipeline.calibrate(path: path, outputDirectory: outputDirectory) { onEvent(.calibrationStep(input: path, $0)) }
            outcome.calibration = calibrated
            onEvent(.calibrated(input: path, calibrated))
            let catalogued = try catalog.run(path: calibrated.output, outputDirectory: outputDirectory)
            outcome.catalog = catalogued
            onEvent(.catalogued(input: path, catalogued))
        } catch {
            outcome.error = "\(error)"
            onEvent(.detectorFailed(input: path, reason: "\(error)"))
        }
        return outcome
    }

    /// The one fit of the focal plane from the detectors' catalogs.
    func align(_ detectors: [DetectorOutcome], exposure: ExposureFiles) throws(AlignmentFailure) -> AlignmentResult {
        guard !detectors.isEmpty else { throw AlignmentFailure(reason: "no detector was calibrated and catalogued") }
        guard let path = referenceCatalog ?? Self.defaultReferenceCatalog(for: exposure) else {
            throw AlignmentFailure(reason: "no reference catalog (give --refcat; r\(exposure.visit)_gaia.ecsv is not beside the L1 files)")
        }
        let reference: ReferenceCatalog
        do { reference = try ReferenceCatalog(contentsOf: path) } catch {
            throw AlignmentFailure(reason: "\(path): \(error)")
        }
        var images: [DetectorImage] = []
        var epoch: Double?
        for detector in detectors {
            guard let l2 = detector.calibration?.output, let catalog = detector.catalog?.catalog else { continue }
            do {
                let model = try RomanDataModel(contentsOf: l2)
                epoch = epoch ?? JulianEpoch.exposureStart(of: model)
                images.append(try DetectorImage(model: model, sources: try CatalogSources.read(catalog)))
            } catch {
                throw AlignmentFailure(reason: "\(l2): \(error)")
            }
        }
        guard let epoch else { throw AlignmentFailure(reason: "the L2 files have no meta.exposure.start_time") }
        do { return try aligner.align(images, catalog: reference, epoch: epoch) } catch {
            throw AlignmentFailure(reason: error.description, alignmentError: error)
        }
    }

    /// `r<visit>_gaia.ecsv` in the folder of the first L1 file, if it exists.
    static func defaultReferenceCatalog(for exposure: ExposureFiles) -> String? {
        guard let first = exposure.files.first else { return nil }
        let path = ((first as NSString).deletingLastPathComponent as NSString).appendingPathComponent("r\(exposure.visit)_gaia.ecsv")
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// The aligned WCS into every L2, the sky positions of its catalog, and its `_wcs.asdf`.
    func update(_ detectors: [DetectorOutcome], with result: AlignmentResult,
                onEvent: @escaping @Sendable (Event) -> Void) -> [(input: String, supplement: String?, problem: String?)] {
        let outcomes = Mutex<[(input: String, supplement: String?, problem: String?)]>([])
        let outputDirectory = self.outputDirectory
        DispatchQueue.concurrentPerform(iterations: detectors.count) { index in
            let detector = detectors[index]
            guard let l2 = detector.calibration?.output else { return }
            do {
                try L2AlignmentUpdate.update(l2, with: result)
                let name = Self.detectorName(l2)
                if let catalog = detector.catalog?.catalog, let wcs = result.detectors.first(where: { $0.name == name })?.wcs {
                    try CatalogSkyUpdate.update(catalog: catalog, wcs: wcs)
                }
                let supplement = try WCSSupplement.write(forL2: l2, directory: outputDirectory)
                onEvent(.updated(l2: l2, supplement: supplement))
                outcomes.withLock { $0.append((detector.input, supplement, nil)) }
            } catch {
                onEvent(.detectorFailed(input: detector.input, reason: "\(error)"))
                outcomes.withLock { $0.append((detector.input, nil, "\(error)")) }
            }
        }
        return outcomes.withLock { $0 }
    }

    /// `WFI01` of `r…_0001_wfi01_f158_cal.asdf` (the L2 names follow the conventions).
    static func detectorName(_ path: String) -> String? {
        guard case .exposure(let name)? = try? ProductName(parsing: (path as NSString).lastPathComponent) else { return nil }
        return name.detector.name
    }

    static func summary(_ result: AlignmentResult) -> AlignmentSummary {
        AlignmentSummary(referenceCatalog: result.referenceName, epoch: result.epoch, matches: result.matches, used: result.fit.used,
                         rmsMilliarcsec: result.fit.rmse * 1000, shiftArcsec: (result.fit.shift.x, result.fit.shift.y),
                         rotationArcsec: result.fit.rotationArcsec)
    }
}
