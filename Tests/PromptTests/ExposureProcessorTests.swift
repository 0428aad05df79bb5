import Astrometry
import Calibration
import Catalog
import Foundation
import InteropSupport
import Parquet
import Simulation
import Testing
import WCS
import WFI
@testable import Prompt

/// `roman process`'s flow on a small simulated exposure whose recorded pointing is off by a few
/// arcseconds and a roll: calibration, catalogs, the one alignment, the updates, and a rerun.
@Suite(.serialized) struct ExposureProcessorTests {
    /// Two 1024² detectors, recorded pointing off by 2.5" east, -1.8" north and 25" of roll.
    final class Exposure: @unchecked Sendable {
        let directory: TemporaryDirectory
        let output: SimulationOutput

        init() throws {
            directory = try TemporaryDirectory()
            var simulation = VisitSimulation(visit: try VisitID(parsing: "0000101001001001001"))
            simulation.detectors = [1, 2]
            simulation.size = 1024
            simulation.pointingError = PointingError(east: 2.5, north: -1.8, roll: 25)
            output = try simulation.run(out: directory.path + "/l1", references: directory.path + "/refs")
        }

        var references: String { directory.path + "/refs" }
        var gaia: String { directory.path + "/l1/r0000101001001001001_gaia.ecsv" }

        func processor(out: String, referenceCatalog: String? = nil) throws -> ExposureProcessor {
            ExposureProcessor(pipeline: ExposurePipeline(references: try ReferenceLibrary(directory: references)),
                              catalog: CatalogRun(referenceDirectory: references), referenceCatalog: referenceCatalog,
                              outputDirectory: out, jobs: 1)
        }
    }

    static let exposure = Result { try Exposure() }

    /// Separations (arcsec) between the catalog's PSF positions and the reference stars at the
    /// exposure's epoch, for sources within 0.5" of one.
    static func separations(catalog path: String, reference: String, epoch: Double) throws -> [Double] {
        let table = try ParquetReader(path: path).readTable(columns: ["ra_psf", "dec_psf"])
        guard case .float64(let ra) = column(table, "ra_psf"), case .float64(let dec) = column(table, "dec_psf") else { return [] }
        let stars = try ReferenceCatalog(contentsOf: reference).positions(at: epoch, observer: ObserverPosition.roman(julianYear: epoch))
        var out: [Double] = []
        for i in ra.indices where ra[i].isFinite {
            let cosDec = cos(dec[i] * .pi / 180)
            let nearest = stars.map { s -> Double in
                let dx = (s.ra - ra[i]) * cosDec, dy = s.dec - dec[i]
                return (dx * dx + dy * dy).squareRoot() * 3600
            }.min() ?? .infinity
            if nearest < 0.5 { out.append(nearest) }
        }
        return out
    }

    static func column(_ table: ParquetTable, _ name: String) -> ParquetColumnValues? {
        table.columns.first { $0.name == name }?.values
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? .nan : sorted[sorted.count / 2]
    }

    @Test func alignsTheExposureAndUpdatesEveryProduct() throws {
        let exposure = try Self.exposure.get()
        let out = exposure.directory.path + "/out"
        let files = try ExposureFiles.find([exposure.directory.path + "/l1"])
        #expect(files.count == 1 && files[0].files.count == 2)
        let report = try exposure.processor(out: out).process(files[0])
        #expect(report.failures == 0)
        let alignment = try #require(report.alignment, "alignment: \(report.alignmentProblem ?? "")")
        #expect(alignment.matches >= 10)
        #expect(report.supplements.count == 2)
        #expect(report.stages.map(\.stage) == ["detectors", "alignment", "updates"])

        for detector in report.detectors {
            let l2 = try #require(detector.calibration?.output)
            let catalog = try #require(detector.catalog?.catalog)
            let model = try RomanDataModel(contentsOf: l2)
            #expect(model.meta("cal_step/tweakreg")?.stringValue == "COMPLETE")
            #expect(model.meta("wcs_fit_results/status")?.stringValue == "SUCCESS")
            // The catalog's sky positions are the aligned WCS's of its pixel positions.
            let wcs = try GWCS(node: try #require(model.meta("wcs")))
            let table = try ParquetReader(path: catalog).readTable(columns: ["x_psf", "y_psf", "ra_psf", "dec_psf"])
            guard case .float32(let x) = Self.column(table, "x_psf"), case .float32(let y) = Self.column(table, "y_psf"),
                  case .float64(let ra) = Self.column(table, "ra_psf"), case .float64(let dec) = Self.column(table, "dec_psf") else {
                Issue.record("catalog columns")
                return
            }
            for i in x.indices.prefix(20) where x[i].isFinite {
                let sky = try wcs.evaluate([Double(x[i]), Double(y[i])])
                #expect(sky[0] == ra[i] && sky[1] == dec[i])
            }
            // Against the reference stars: arcseconds off before, milliarcseconds after.
            let epoch = try #require(JulianEpoch.exposureStart(of: model))
            let separations = try Self.separations(catalog: catalog, reference: exposure.gaia, epoch: epoch)
            #expect(separations.count >= 5)
            #expect(Self.median(separations) < 0.03, "median separation \(Self.median(separations))\"")
        }
        // The supplements are wfi_wcs products.
        for supplement in report.supplements {
            #expect(try RomanDataModel(contentsOf: supplement).kind == .wcsSupplement)
        }

        // A rerun overwrites the products and aligns the same way.
        let again = try exposure.processor(out: out).process(files[0])
        let second = try #require(again.alignment)
        #expect(second.matches == alignment.matches)
        #expect(abs(second.shiftArcsec.x - alignment.shiftArcsec.x) < 1e-6 && abs(second.rotationArcsec - alignment.rotationArcsec) < 1e-6)
    }

    @Test func withoutAReferenceCatalogTheProductsAreMadeUnaligned() throws {
        let exposure = try Self.exposure.get()
        let out = exposure.directory.path + "/unaligned"
        // The L1 files alone, in a folder without the Gaia-like catalog.
        let l1 = exposure.directory.path + "/l1-only"
        try FileManager.default.createDirectory(atPath: l1, withIntermediateDirectories: true)
        for file in exposure.output.exposures {
            try FileManager.default.copyItem(atPath: file, toPath: l1 + "/" + (file as NSString).lastPathComponent)
        }
        let files = try ExposureFiles.find([l1])
        let report = try exposure.processor(out: out).process(files[0])
        #expect(report.failures == 0)
        #expect(report.alignment == nil)
        #expect(report.alignmentProblem?.contains("no reference catalog") == true)
        #expect(report.supplements.isEmpty)
        let names = try FileManager.default.contentsOfDirectory(atPath: out)
        #expect(names.filter { $0.hasSuffix("_cal.asdf") }.count == 2)
        #expect(names.filter { $0.hasSuffix("_cat.parquet") }.count == 2)
        #expect(names.filter { $0.hasSuffix("_wcs.asdf") }.isEmpty)
    }

    @Test func tooFewMatchesFlagTheL2sAndKeepTheirWCS() throws {
        let exposure = try Self.exposure.get()
        let out = exposure.directory.path + "/failed"
        // A reference catalog of stars nowhere near the field.
        let far = exposure.directory.path + "/far.csv"
        try "ra,dec\n10.0,-45.0\n10.1,-45.0\n".write(toFile: far, atomically: true, encoding: .utf8)
        let files = try ExposureFiles.find(exposure.output.exposures)
        let report = try exposure.processor(out: out, referenceCatalog: far).process(files[0])
        #expect(report.alignment == nil)
        #expect(report.supplements.isEmpty)
        for detector in report.detectors {
            let model = try RomanDataModel(contentsOf: try #require(detector.calibration?.output))
            #expect(model.meta("cal_step/tweakreg")?.stringValue == "FAILED")
        }
    }
}

@Suite struct ExposureFilesTests {
    @Test func groupsFilesByExposureInDetectorOrder() throws {
        let directory = try TemporaryDirectory()
        let names = ["r0000101001001001001_0002_wfi01_f158_uncal.asdf", "r0000101001001001001_0001_wfi10_f158_uncal.asdf",
                     "r0000101001001001001_0001_wfi02_f158_uncal.asdf", "r0000101001001001001_0001_wfi02_f158_cal.asdf", "notes.txt"]
        for name in names { FileManager.default.createFile(atPath: directory.file(name), contents: Data()) }
        let found = try ExposureFiles.find([directory.path])
        #expect(found.map(\.exposure) == ["r0000101001001001001_0001", "r0000101001001001001_0002"])
        #expect(found[0].files.map { ($0 as NSString).lastPathComponent } == [names[2], names[1]])
        #expect(found[0].visit == "0000101001001001001")
    }

    @Test func rejectsWhatIsNotAnExposure() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: ProcessingError.noSuchInput(directory.file("missing"))) { try ExposureFiles.find([directory.file("missing")]) }
        #expect(throws: ProcessingError.noExposureFiles([directory.path])) { try ExposureFiles.find([directory.path]) }
        let odd = directory.file("image.asdf")
        FileManager.default.createFile(atPath: odd, contents: Data())
        #expect(throws: ProcessingError.notAnExposureFile(odd)) { try ExposureFiles.find([odd]) }
        let one = directory.file("r0000101001001001001_0001_wfi02_f158_uncal.asdf")
        FileManager.default.createFile(atPath: one, contents: Data())
        #expect(throws: ProcessingError.duplicateDetector(exposure: "r0000101001001001001_0001", detector: "WFI02")) {
            try ExposureFiles.find([one, one])
        }
    }
}
