#if canImport(Glibc)
import Glibc
#endif
import Arrays
import ASDF
import Testing
@testable import Catalog
import WFI

/// An L3 mosaic (MJy/sr): converted to nJy with the pixel area alone, warning flags from the
/// drizzle weight, the mosaic catalog and segmentation kinds.
@Suite struct MosaicTests {
    @Test func mosaicFluxesAndWeightFlags() throws {
        var synthetic = SyntheticImage()
        synthetic.sources = [(40.2, 50.7, 400, 1.5), (90.6, 80.2, 300, 1.3)]
        let (w, h) = (synthetic.width, synthetic.height)
        var weight = [Float](repeating: 1, count: w * h)
        weight[80 * w + 91] = 0
        var model = try ModelFactory.make(.mosaic, arrays: [
            "data": try TypedArray<Float>(shape: [h, w], elements: synthetic.noisy()).ndarray,
            "err": try TypedArray<Float>(shape: [h, w], repeating: synthetic.noise).ndarray,
            "weight": try TypedArray<Float>(shape: [h, w], elements: weight).ndarray,
        ])
        model.set("meta/wcs", .null)
        model.set("meta/photometry", .map(["pixel_area": .float(synthetic.pixelArea)]))
        let image = try CatalogImage(model: model, path: "r00186_p_v01004007001012_10m6x2y50_f158_coadd.asdf")
        #expect(image.level == .mosaic && image.dq == nil)
        #expect(abs(image.toNanojansky - synthetic.pixelArea * 1e15) < 1e-12)
        var options = CatalogOptions()
        options.backgroundBoxSize = 32
        options.npixels = 10
        let stamp = (0..<(9 * 9)).map { i -> Double in
            let (dx, dy) = (Double(i % 9 - 4), Double(i / 9 - 4))
            return exp(-(dx * dx + dy * dy) / 8)
        }
        let total = stamp.reduce(0, +)
        let psf = try GriddedPSF(stamps: [stamp.map { $0 / total * 16 }], side: 9, positions: [(64, 64)], oversampling: 4)
        let result = try SourceCatalogStep(options: options, psf: psf).run(image)
        let table = result.table
        #expect(table.rowCount == 2)
        #expect(table["psf_flux"]!.values.doubles.allSatisfy { $0.isNaN } && table["psf_flags"]!.values == CatalogTable.Values.int32([1536, 1536]),
                "mosaics are not PSF-fitted: NaN with photutils' non-finite flags")
        #expect(image.model.array("data") == nil, "the kept product holds metadata only")
        let x = table["x_centroid"]!.values.doubles
        let kron = table["kron_flux"]!.values.doubles, flags = table["warning_flags"]!.values.doubles
        for (i, source) in synthetic.sources.enumerated() {
            let row = abs(x[0] - source.x) < abs(x[1] - source.x) ? 0 : 1
            #expect(abs(kron[row] / (source.flux * synthetic.pixelArea * 1e15) - 1) < 0.02)
            #expect(flags[row] == (i == 1 ? 1 : 0), "weight 0 under the second source's centroid")
        }
        let products = try CatalogProducts(result: result, model: model, level: .mosaic, catalogName: "c.parquet", segmentationName: "s.asdf")
        #expect(products.catalog.kind.name == "mosaic_source_catalog" && products.segmentation.kind.name == "mosaic_segmentation_map")
        let names = CatalogNaming(input: "/x/r00186_p_v01004007001012_10m6x2y50_f158_coadd.asdf", model: model)
        #expect(names.catalog == "r00186_p_v01004007001012_10m6x2y50_f158_cat.parquet")
        #expect(names.segmentation == "r00186_p_v01004007001012_10m6x2y50_f158_segm.asdf")
    }

    @Test func namesFollowTheConventions() throws {
        let model = try SyntheticImage().l2Model()
        let names = CatalogNaming(input: "out/r0000101001001001001_0001_wfi01_f158_cal.asdf", model: model)
        #expect(names.catalog == "r0000101001001001001_0001_wfi01_f158_cat.parquet")
        #expect(names.segmentation == "r0000101001001001001_0001_wfi01_f158_segm.asdf")
        #expect(names.catalogASDF == "r0000101001001001001_0001_wfi01_f158_cat.asdf")
        let other = CatalogNaming(input: "my_image_cal.asdf", model: model)
        #expect(other.catalog == "my_image_cat.parquet" && other.segmentation == "my_image_segm.asdf")
    }
}
