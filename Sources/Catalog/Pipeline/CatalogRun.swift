import Foundation
import ASDF
import FileIO
import Arrays
import WFI

/// One file through the catalog step: read the L2 `_cal` or L3 `_coadd` image, run the step,
/// write the catalog (`_cat.parquet`, or the catalog model as ASDF) and the segmentation map
/// (`_segm.asdf`) next to each other in the output folder, named by the conventions. Outputs
/// are written atomically, and nothing is written when anything fails.
public struct CatalogRun: Sendable {
    /// How the catalog file is written.
    public enum CatalogFormat: String, Sendable, CaseIterable {
        /// Apache Parquet, as roman_datamodels' `to_parquet` (`_cat.parquet`).
        case parquet
        /// The ImageSourceCatalogModel / MosaicSourceCatalogModel in ASDF (`_cat.asdf`).
        case asdf
    }

    public var options: CatalogOptions
    /// Explicit reference files (they win over `referenceDirectory`).
    public var references: CatalogReferences
    /// A folder to find apcorr and epsf references in.
    public var referenceDirectory: String?
    public var format: CatalogFormat = .parquet

    public init(options: CatalogOptions = CatalogOptions(), references: CatalogReferences = CatalogReferences(),
                referenceDirectory: String? = nil) {
        self.options = options
        self.references = references
        self.referenceDirectory = referenceDirectory
    }

    /// What one run made.
    public struct Summary: Sendable {
        public var input: String
        public var catalog: String
        public var segmentation: String
        public var sources: Int
        public var seconds: Double
        public var references: CatalogReferences
        /// Seconds per stage: reading, the step's stages, writing.
        public var timings: [(stage: String, seconds: Double)]
    }

    public func run(path: String, outputDirectory: String) throws(CatalogError) -> Summary {
        let start = Date()
        var clock = StageClock()
        let image = try CatalogImage(path: path)
        clock.lap("read")
        var references = self.references
        if let directory = referenceDirectory {
            let found = try CatalogReferences.find(in: directory, for: image)
            references.apcorr = references.apcorr ?? found.apcorr
            references.epsf = references.epsf ?? found.epsf
        }
        let encircledEnergy = try references.apcorr.flatMap { apcorr throws(CatalogError) -> EncircledEnergy? in
            guard let element = image.element else { return nil }
            return try EncircledEnergy(apcorrReference: apcorr, element: element)
        }
        let psf = options.fitPSF ? try references.epsf.map { epsf throws(CatalogError) in try GriddedPSF(epsfReference: epsf) } : nil
        let step = SourceCatalogStep(options: options, encircledEnergy: encircledEnergy, psf: psf)
        clock.lap("references")
        let (model, level) = (image.model, image.level)
        let names = CatalogNaming(input: path, model: model)
        let catalogName = format == .parquet ? names.catalog : names.catalogASDF
        do { try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true) } catch {
            throw .write(path: outputDirectory, reason: error.localizedDescription)
        }
        let catalogPath = outputDirectory + "/" + catalogName, segmentationPath = outputDirectory + "/" + names.segmentation
        let used = references.used
        // The image is handed over: the step works in its buffers instead of copies.
        let detection = try step.detect(consume image)
        // The segmentation map is final now: it is written (under a temporary name, flushed to
        // disk) on a thread of its own while the sources are measured on all cores.
        let segmentation = try CatalogProducts.segmentation(detection.segmentation, detectionImage: detection.detectionImage,
                                                            model: model, level: level, name: names.segmentation, references: used)
        let stagedSegmentation = BackgroundWork { () throws(CatalogError) -> AtomicFileWriter in
            try Self.stage(segmentation, to: segmentationPath, concurrent: false)
        }
        let result = step.measure(detection)
        do throws(CatalogError) {
            let catalog = try CatalogProducts.catalog(result.table, model: model, level: level, name: catalogName, references: used)
            let stagedCatalog: AtomicFileWriter
            switch format {
            case .parquet:
                try CatalogProducts.validate(catalog, path: catalogPath)
                stagedCatalog = try CatalogParquet.stage(result.table, model: catalog, to: catalogPath)
            case .asdf:
                stagedCatalog = try Self.stage(catalog, to: catalogPath)
            }
            // Both files are complete on disk before either is put in place.
            let segmentationFile = try stagedSegmentation.value()
            try Self.commit(stagedCatalog)
            do throws(CatalogError) { try Self.commit(segmentationFile) } catch {
                // Only a rename can fail here; a catalog without its map is not left behind.
                try? FileManager.default.removeItem(atPath: catalogPath)
                throw error
            }
        } catch {
            // The segmentation file is removed when its writer is dropped, once it has finished.
            _ = try? stagedSegmentation.value()
            throw error
        }
        let laps = clock.laps + result.timings
        return Summary(input: path, catalog: catalogPath, segmentation: segmentationPath, sources: result.sourceCount,
                       seconds: Date().timeIntervalSince(start), references: references,
                       timings: laps + [("write", Date().timeIntervalSince(start) - laps.reduce(0) { $0 + $1.seconds })])
    }

    static func stage(_ model: RomanDataModel, to path: String, concurrent: Bool = true) throws(CatalogError) -> AtomicFileWriter {
        var options = RomanDataModel.defaultWriteOptions
        options.concurrent = concurrent
        do { return try model.stage(to: path, options: options) } catch { throw .write(path: path, reason: "\(error)") }
    }

    static func commit(_ file: AtomicFileWriter) throws(CatalogError) {
        do { try file.commit() } catch { throw .write(path: file.path, reason: "\(error)") }
    }
}

/// The output names of a catalog run: the input's name with the `_cat` / `_segm` suffix when it
/// follows the conventions (`r…_wfi01_f158_cal.asdf` → `r…_wfi01_f158_cat.parquet`,
/// `…_segm.asdf`; skycell `_coadd` likewise), else the input's base name (its last `_suffix`
/// dropped) with those suffixes.
public struct CatalogNaming: Sendable {
    public let catalog: String
    public let catalogASDF: String
    public let segmentation: String

    public init(input path: String, model: RomanDataModel) {
        let file = (path as NSString).lastPathComponent
        if let (cat, segm) = Self.conventional(file) {
            catalog = cat
            segmentation = segm
        } else {
            var base = (file as NSString).deletingPathExtension
            if let underscore = base.lastIndex(of: "_") { base = String(base[..<underscore]) }
            catalog = base + "_cat.parquet"
            segmentation = base + "_segm.asdf"
        }
        catalogASDF = String(catalog.dropLast(".parquet".count)) + ".asdf"
    }

    static func conventional(_ file: String) -> (String, String)? {
        switch try? ProductName(parsing: file) {
        case .exposure(let n):
            guard let cat = try? n.replacingSuffix(.cat), let segm = try? n.replacingSuffix(.segm) else { return nil }
            return (cat.fileName, segm.fileName)
        case .skycell(let n):
            guard let cat = try? n.replacingSuffix(.cat), let segm = try? n.replacingSuffix(.segm) else { return nil }
            return (cat.fileName, segm.fileName)
        case .guideWindow, nil:
            return nil
        }
    }
}
