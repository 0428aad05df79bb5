#if canImport(Glibc)
import Glibc
#endif
import Arrays
import Testing
@testable import Catalog
import WFI

/// The step on synthetic images: known fluxes and positions, deblending, segmentation/catalog
/// consistency, and bad input (no source, NaN and flagged regions, no WCS).
@Suite struct SourceCatalogStepTests {
    /// Gaussian sources: centroids to 0.01 px, Kron and wide-aperture fluxes within 2% of the
    /// truth in nJy (DN/s × photmjsr × pixel area × 1e15).
    @Test func measuresKnownSources() throws {
        var synthetic = SyntheticImage()
        synthetic.sources = [(30.3, 40.7, 400, 1.5), (90.6, 80.2, 250, 1.2), (60.1, 100.9, 150, 2.0)]
        let image = try synthetic.image()
        let result = try SyntheticImage.step().run(image)
        let table = result.table
        #expect(table.rowCount == 3)
        let nanojansky = synthetic.photmjsr * synthetic.pixelArea * 1e15
        let x = table["x_centroid"]!.values.doubles, y = table["y_centroid"]!.values.doubles
        let kron = table["kron_flux"]!.values.doubles, aper16 = table["aper16_flux"]!.values.doubles
        for source in synthetic.sources {
            let i = try #require(x.indices.min { hypot(x[$0] - source.x, y[$0] - source.y) < hypot(x[$1] - source.x, y[$1] - source.y) })
            #expect(hypot(x[i] - source.x, y[i] - source.y) < 0.01, "centroid (\(x[i]), \(y[i])) vs \(source)")
            let truth = source.flux * nanojansky
            #expect(abs(kron[i] / truth - 1) < 0.02, "Kron \(kron[i]) vs \(truth)")
            #expect(abs(aper16[i] / truth - 1) < 0.02, "aper16 \(aper16[i]) vs \(truth)")
        }
        #expect(table["flagged_spatial_id"]!.values == .int64([0, 0, 0]))
        #expect(table["ra"]!.values.doubles.allSatisfy { $0.isNaN }, "no WCS: NaN sky positions")
    }

    /// Two equal sources 3 PSF FWHMs apart form one segment, which deblending splits in two
    /// at the saddle; each child holds about half the flux.
    @Test func deblendingSeparatesEqualPairs() throws {
        let sigma = 1.2, fwhm = sigma * 2.3548
        var synthetic = SyntheticImage()
        synthetic.sources = [(64 - 1.5 * fwhm, 64.2, 300, sigma), (64 + 1.5 * fwhm, 64.2, 300, sigma)]
        let image = try synthetic.image()
        let blended = try SyntheticImage.step().run(image)
        #expect(blended.table.rowCount == 1)
        let split = try SyntheticImage.step(deblend: true).run(image)
        #expect(split.table.rowCount == 2)
        let x = split.table["x_centroid"]!.values.doubles.sorted()
        #expect(abs(x[0] - synthetic.sources[0].x) < 0.3 && abs(x[1] - synthetic.sources[1].x) < 0.3, "\(x)")
        let fluxes = split.table["segment_flux"]!.values.doubles
        #expect(abs(fluxes[0] / fluxes[1] - 1) < 0.1, "\(fluxes)")
        // The children split the parent segment: same pixels, no gaps.
        let parent = blended.segmentation.labels.pixels.map { $0 > 0 }
        #expect(split.segmentation.labels.pixels.map { $0 > 0 } == parent)
    }

    /// Every catalog row's label, area and bounding box are those of its segment in the map, and
    /// the map holds exactly labels 1…n.
    @Test func segmentationMatchesCatalogRows() throws {
        var synthetic = SyntheticImage()
        synthetic.sources = (0..<12).map { k -> (x: Double, y: Double, flux: Double, sigma: Double) in
            let x: Double = 12 + Double(k % 4) * 30 + 0.3
            let y: Double = 15 + Double(k / 4) * 40 + 0.6
            return (x, y, 100 + Double(k) * 20, 1.3)
        }
        let image = try synthetic.image()
        let result = try SyntheticImage.step(deblend: true).run(image)
        try Self.checkConsistency(result, pixelArea: synthetic.pixelArea)
        #expect(result.table.rowCount == 12)
    }

    static func checkConsistency(_ result: SourceCatalogStep.Result, pixelArea: Double) throws {
        let table = result.table, labels = result.segmentation.labels
        let n = table.rowCount
        #expect(table["label"]!.values == .int32((1...max(n, 1)).prefix(n).map(Int32.init)))
        var area = [Int](repeating: 0, count: n + 1)
        var box = [(Int, Int, Int, Int)](repeating: (.max, .min, .max, .min), count: n + 1)
        for y in 0..<labels.height {
            for x in 0..<labels.width {
                let l = Int(labels[x, y])
                #expect(l <= n)
                guard l > 0 else { continue }
                area[l] += 1
                box[l] = (min(box[l].0, x), max(box[l].1, x), min(box[l].2, y), max(box[l].3, y))
            }
        }
        let arcsec2 = pixelArea * pow(180 / .pi * 3600, 2)
        let areas = table["segment_area"]!.values.doubles
        let xmin = table["bbox_xmin"]!.values.doubles, xmax = table["bbox_xmax"]!.values.doubles
        let ymin = table["bbox_ymin"]!.values.doubles, ymax = table["bbox_ymax"]!.values.doubles
        for row in 0..<n {
            let l = row + 1
            #expect(area[l] > 0, "label \(l) missing from the map")
            #expect(abs(areas[row] / arcsec2 - Double(area[l])) < 1e-3 * Double(area[l]), "label \(l) area")
            #expect([xmin[row], xmax[row], ymin[row], ymax[row]] == [box[l].0, box[l].1, box[l].2, box[l].3].map(Double.init), "label \(l) bbox")
        }
    }

    /// Noise only: a valid catalog with every column and no row, and an empty map.
    @Test func noSourcesGiveAnEmptyCatalog() throws {
        let result = try SyntheticImage.step().run(try SyntheticImage().image())
        #expect(result.table.rowCount == 0)
        #expect(result.table.columns.map(\.name) == CatalogColumn.prompt.map(\.name).filter { !$0.contains("psf") })
        #expect(result.segmentation.labels.pixels.allSatisfy { $0 == 0 })
        #expect(result.detectionImage != nil)
    }

    /// An all-NaN image and an all-flagged image: empty outputs, no detection image (romancal).
    @Test func fullyMaskedImagesGiveEmptyCatalogs() throws {
        let synthetic = SyntheticImage()
        let nan = try SyntheticImage.step().run(try synthetic.image(data: [Float](repeating: .nan, count: 128 * 128)))
        #expect(nan.table.rowCount == 0 && nan.detectionImage == nil)
        var flagged = synthetic
        flagged.sources = [(64, 64, 500, 1.5)]
        let dnu = try SyntheticImage.step().run(try flagged.image(dq: [UInt32](repeating: PixelFlags.doNotUse.rawValue, count: 128 * 128)))
        #expect(dnu.table.rowCount == 0 && dnu.segmentation.labels.pixels.allSatisfy { $0 == 0 })
    }

    /// Half the image NaN and a quarter DO_NOT_USE: sources there are not detected, the others
    /// are, flags and fluxes stay finite for them.
    @Test func maskedRegionsAreLeftOut() throws {
        var synthetic = SyntheticImage()
        synthetic.sources = [(20, 20, 300, 1.4), (100, 30, 300, 1.4), (30, 100, 300, 1.4), (100, 100, 300, 1.4)]
        var data = synthetic.noisy()
        var dq = [UInt32](repeating: 0, count: 128 * 128)
        for y in 0..<128 {
            for x in 0..<128 {
                if x >= 64 && y < 64 { data[y * 128 + x] = .nan }
                if x < 64 && y >= 64 { dq[y * 128 + x] = PixelFlags.doNotUse.rawValue }
            }
        }
        let result = try SyntheticImage.step().run(try synthetic.image(data: data, dq: dq))
        let x = result.table["x_centroid"]!.values.doubles, y = result.table["y_centroid"]!.values.doubles
        #expect(result.table.rowCount == 2, "\(Array(zip(x, y)))")
        #expect(zip(x, y).allSatisfy { ($0 < 64) == ($1 < 64) })
        #expect(result.table["warning_flags"]!.values == .int32([0, 0]))
        #expect(result.table["kron_flux"]!.values.doubles.allSatisfy { $0.isFinite })
    }

    /// L2 without photometry cannot be converted to nJy: a typed error naming the file.
    @Test func missingPhotometryIsAnError() throws {
        var model = try SyntheticImage().l2Model()
        model.set("meta/photometry/conversion_megajanskys", .null)
        #expect(throws: CatalogError.self) { try CatalogImage(model: model, path: "x_cal.asdf") }
        do { _ = try CatalogImage(model: model, path: "x_cal.asdf") } catch {
            #expect("\(error)".contains("x_cal.asdf") && "\(error)".contains("photom"))
        }
        // No WCS and no pixel area: the pixel area is unknown.
        var noArea = try SyntheticImage().l2Model()
        noArea.set("meta/photometry/pixel_area", .null)
        #expect(throws: CatalogError.self) { try CatalogImage(model: noArea, path: "y_cal.asdf") }
    }

    @Test func badOptionsAreRejected() {
        var options = CatalogOptions()
        options.npixels = 0
        #expect(throws: CatalogError.self) { try options.validate() }
        options = CatalogOptions()
        options.kernelFWHM = -1
        #expect(throws: CatalogError.self) { try options.validate() }
    }
}
