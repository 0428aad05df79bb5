import Foundation
import InteropSupport
import Testing
@testable import Catalog

/// `roman catalog`'s files read by the reference tools (pyarrow, astropy, roman_datamodels), and
/// the catalog compared with romancal 1.1.0's SourceCatalogStep run on the same L2 with the same
/// reference files.
@Suite struct CatalogInteropTests {
    /// The fixture's L2 through `CatalogRun` with romancal's defaults, in both catalog formats.
    final class Outputs: @unchecked Sendable {
        let directory: TemporaryDirectory
        let parquet: CatalogRun.Summary
        let asdf: CatalogRun.Summary

        init() throws {
            let fixture = CalibratedImageFixture.shared
            directory = try TemporaryDirectory()
            let run = CatalogRun(referenceDirectory: fixture.references)
            parquet = try run.run(path: fixture.l2, outputDirectory: directory.path + "/parquet")
            var asdfRun = run
            asdfRun.format = .asdf
            asdf = try asdfRun.run(path: fixture.l2, outputDirectory: directory.path + "/asdf")
        }
    }

    static let outputs = try! Outputs()

    static func check(_ summary: CatalogRun.Summary) throws -> [String: Any]? {
        guard let out = try PythonTools.run([PythonTools.script("catalog_check.py"), summary.catalog, summary.segmentation]) else { return nil }
        guard out.status == 0 else { Issue.record("catalog_check.py failed: \(out.stderr.suffix(3000))"); return nil }
        return try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any]
    }

    @Test func outputsAreNamedByTheConventions() {
        let summary = Self.outputs.parquet
        #expect(summary.catalog.hasSuffix("/r0000101001001001001_0001_wfi03_f158_cat.parquet"))
        #expect(summary.segmentation.hasSuffix("/r0000101001001001001_0001_wfi03_f158_segm.asdf"))
        #expect(summary.sources > 50)
        #expect(summary.references.apcorr != nil && summary.references.epsf != nil)
    }

    /// pyarrow and astropy read the Parquet catalog with romancal's columns, types and units;
    /// roman_datamodels validates the segmentation map, whose labels are the catalog's.
    @Test func parquetCatalogReadsInPyarrowAndAstropy() throws {
        guard let json = try Self.check(Self.outputs.parquet) else { return }
        let columns = try #require(json["columns"] as? [[Any]])
        #expect(columns.map { $0[0] as? String } == CatalogColumn.prompt.map(\.name))
        let byName = Dictionary(uniqueKeysWithValues: columns.map { ($0[0] as! String, $0) })
        #expect(byName["aper04_flux"]?[1] as? String == "float" && byName["aper04_flux"]?[2] as? String == "nJy")
        #expect(byName["segment_flux"]?[2] as? String == "nJy" && byName["kron_flux_err"]?[2] as? String == "nJy")
        #expect(byName["ra_centroid"]?[1] as? String == "double" && byName["ra_centroid"]?[2] as? String == "deg")
        #expect(byName["x_centroid"]?[2] as? String == "pix" && byName["label"]?[1] as? String == "int32")
        #expect(byName["is_extended"]?[1] as? String == "bool" && byName["flagged_spatial_id"]?[1] as? String == "int64")
        #expect(json["rows"] as? Int == Self.outputs.parquet.sources)
        #expect(json["model_type"] as? String == "ImageSourceCatalogModel")
        #expect(json["filename"] as? String == "r0000101001001001001_0001_wfi03_f158_cat.parquet")
        let keys = try #require(json["meta_keys"] as? [String])
        for key in ["roman.meta.instrument.detector", "roman.meta.exposure.start_time", "roman.meta.photometry.conversion_megajanskys",
                    "roman.meta.image.filename", "source_catalog.aperture_mask_method", "table_meta_yaml"] {
            #expect(keys.contains(key) || key == "table_meta_yaml", "missing \(key)")
        }
        #expect((json["astropy_meta"] as? [String])?.contains("aperture_radii") == true)
        #expect(json["segm_model"] as? String == "SegmentationMapModel" && json["segm_dtype"] as? String == "uint32")
        #expect(json["segm_shape"] as? [Int] == [504, 504])
        #expect(json["labels"] as? [Int] == json["label_column"] as? [Int])
        #expect(json["has_detection_image"] as? Bool == true)
        #expect(json["image_filename"] as? String == "r0000101001001001001_0001_wfi03_f158_cal.asdf")
    }

    /// The ASDF form is an ImageSourceCatalogModel that roman_datamodels validates (rad's
    /// prompt-catalog table schema: every column with its datatype and unit).
    @Test func asdfCatalogValidatesInRomanDatamodels() throws {
        guard let json = try Self.check(Self.outputs.asdf) else { return }
        #expect(json["model_type"] as? String == "ImageSourceCatalogModel")
        #expect(json["rows"] as? Int == Self.outputs.asdf.sources)
        #expect((json["columns"] as? [[Any]])?.count == CatalogColumn.prompt.count)
    }

    /// romancal's SourceCatalogStep (1.1.0, offline, fit_psf with the same epsf) on the same L2:
    /// the same sources and segments; centroids, shapes and fluxes equal to float32 precision.
    @Test func matchesRomancalSourceCatalog() throws {
        let fixture = CalibratedImageFixture.shared
        let directory = Self.outputs.directory.path + "/romancal"
        let references = Self.outputs.parquet.references
        guard let romancal = try PythonTools.run([PythonTools.script("catalog_romancal.py"), fixture.l2, directory,
                                                  "--apcorr", references.apcorr!, "--epsf", references.epsf!]) else { return }
        guard romancal.status == 0, let line = romancal.stdout.split(separator: "\n").last,
              let run = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let catalog = run["catalog"] as? String, let segm = run["segm"] as? String else {
            Issue.record("romancal failed: \(romancal.stderr.suffix(3000))")
            return
        }
        guard let out = try PythonTools.run([PythonTools.script("compare_catalogs.py"), Self.outputs.parquet.catalog, catalog,
                                             "--segm", Self.outputs.parquet.segmentation, segm]), out.status == 0,
              let json = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any],
              let columns = json["columns"] as? [String: [String: Any]] else {
            Issue.record("compare_catalogs.py failed")
            return
        }
        #expect(json["ours"] as? Int == json["romancal"] as? Int)
        #expect(json["matched"] as? Int == json["romancal"] as? Int)
        #expect((json["segm_membership_agreement"] as? Double ?? 0) > 0.9999)
        func p95(_ column: String, _ key: String) -> Double { columns[column]?[key] as? Double ?? .infinity }
        for column in ["x_centroid", "y_centroid", "x_centroid_win", "y_centroid_win", "x_psf", "y_psf"] {
            #expect(p95(column, "p95_abs") < 1e-3, "\(column): \(columns[column] ?? [:])")
        }
        for column in ["segment_flux", "kron_flux", "aper02_flux", "aper08_flux", "psf_flux", "semimajor", "fluxfrac_radius_50"] {
            #expect(p95(column, "p95_rel") < 1e-3, "\(column): \(columns[column] ?? [:])")
        }
        #expect(p95("ra_centroid", "p95_abs") < 1e-8 && p95("dec_centroid", "p95_abs") < 1e-8)
        for column in ["label", "bbox_xmin", "bbox_ymax", "nn_label", "warning_flags", "psf_flags"] {
            #expect(p95(column, "p95_abs") == 0, "\(column): \(columns[column] ?? [:])")
        }
    }
}

/// Files of images without sources, or without usable pixels: valid empty catalogs.
@Suite struct EmptyCatalogFileTests {
    @Test(arguments: [false, true])
    func emptyCatalogsAreValidFiles(allNaN: Bool) throws {
        let directory = try TemporaryDirectory()
        let synthetic = SyntheticImage()
        let data = allNaN ? [Float](repeating: .nan, count: synthetic.width * synthetic.height) : nil
        let input = directory.file("r0000101001001001001_0001_wfi01_f158_cal.asdf")
        try synthetic.l2Model(data: data).write(to: input)
        var options = CatalogOptions()
        options.backgroundBoxSize = 32
        let summary = try CatalogRun(options: options).run(path: input, outputDirectory: directory.path + "/out")
        #expect(summary.sources == 0)
        guard let json = try CatalogInteropTests.check(summary) else { return }
        #expect(json["rows"] as? Int == 0)
        #expect((json["columns"] as? [[Any]])?.count == CatalogColumn.prompt.count - 12, "every column but the PSF ones (no epsf)")
        #expect(json["labels"] as? [Int] == [] && json["segm_dtype"] as? String == "uint32")
        #expect(json["has_detection_image"] as? Bool == !allNaN)
    }
}
