#if canImport(Glibc)
import Glibc
#endif
import WCS

/// Assembles romancal's prompt catalog from the measurements, column by column in
/// `CatalogColumn.prompt` order, with romancal's unit conversions (algorithms.md §5 step 6):
/// fluxes already in nJy; areas, axes and radii from pixels to arcsec with √(pixel area); the
/// ellipse coefficients to arcsec⁻²; neighbour distances with the WCS pixel scale; the local
/// background per arcsec²; sky positions from the WCS; `kron_abmag` = −2.5·log10(f / 3631 Jy).
///
/// Columns romancal itself fills with fixed values get the same: the centroid, sky-position and
/// PSF sky-position errors are 0, `image_flags` 0, `flagged_spatial_id` 0 for L2 images, and
/// `dust_ebv` NaN (no SFD dust map offline, as romancal writes it when CRDS has none).
struct CatalogTableBuilder {
    var image: CatalogImage
    var sources: [SourceMeasurement]
    var apertureNames: [String]
    var encircledEnergy: EncircledEnergy?
    var apertureRadiiPixels: [Double]

    func build(fitPSF: Bool) -> CatalogTable {
        let n = sources.count
        let areaScale = image.areaScale, linearScale = image.linearScale
        let sky = skyPositions(sources.map { ($0.x, $0.y) })
        let skyWin = skyPositions(sources.map { ($0.photometry.windowedX, $0.photometry.windowedY) })
        let skyPSF = skyPositions(sources.map { ($0.psfX, $0.psfY) })
        let wcsAngle = image.wcsScale?.northAngle ?? .nan
        var values: [String: CatalogTable.Values] = [:]
        func f32(_ name: String, _ v: (SourceMeasurement) -> Double) { values[name] = .float32(sources.map { Float(v($0)) }) }
        values["label"] = .int32(sources.map(\.label))
        values["flagged_spatial_id"] = .int64([Int64](repeating: 0, count: n))
        f32("x_centroid") { $0.x }
        f32("y_centroid") { $0.y }
        f32("x_centroid_win") { $0.photometry.windowedX }
        f32("y_centroid_win") { $0.photometry.windowedY }
        f32("x_psf") { $0.psfX }
        f32("x_psf_err") { $0.psf.xError }
        f32("y_psf") { $0.psfY }
        f32("y_psf_err") { $0.psf.yError }
        values["ra"] = .float64(sky.map(\.ra))
        values["dec"] = .float64(sky.map(\.dec))
        values["ra_centroid"] = .float64(sky.map(\.ra))
        values["dec_centroid"] = .float64(sky.map(\.dec))
        values["ra_centroid_win"] = .float64(skyWin.map(\.ra))
        values["dec_centroid_win"] = .float64(skyWin.map(\.dec))
        values["ra_psf"] = .float64(skyPSF.map(\.ra))
        values["dec_psf"] = .float64(skyPSF.map(\.dec))
        for name in ["x_centroid_err", "y_centroid_err", "x_centroid_win_err", "y_centroid_win_err", "ra_centroid_err",
                     "dec_centroid_err", "ra_centroid_win_err", "dec_centroid_win_err", "ra_psf_err", "dec_psf_err"] {
            values[name] = .float32([Float](repeating: 0, count: n))
        }
        values["bbox_xmin"] = .int32(sources.map { Int32($0.box.xmin) })
        values["bbox_xmax"] = .int32(sources.map { Int32($0.box.xmax) })
        values["bbox_ymin"] = .int32(sources.map { Int32($0.box.ymin) })
        values["bbox_ymax"] = .int32(sources.map { Int32($0.box.ymax) })
        f32("segment_area") { $0.area * areaScale * areaScale }
        f32("semimajor") { $0.shape.semimajor * areaScale }
        f32("semiminor") { $0.shape.semiminor * areaScale }
        f32("fwhm") { $0.shape.fwhm * areaScale }
        f32("ellipticity") { $0.shape.ellipticity }
        f32("orientation_pix") { $0.shape.orientation }
        f32("orientation_sky") { s in
            let angle = (180 - wcsAngle + s.shape.orientation).truncatingRemainder(dividingBy: 360)
            return angle < 0 ? angle + 360 : angle
        }
        f32("cxx") { $0.shape.cxx / (areaScale * areaScale) }
        f32("cxy") { $0.shape.cxy / (areaScale * areaScale) }
        f32("cyy") { $0.shape.cyy / (areaScale * areaScale) }
        f32("kron_radius") { $0.photometry.kronRadius * areaScale }
        values["nn_label"] = .int32(sources.map { $0.neighbour?.label ?? -1 })
        f32("nn_distance") { ($0.neighbour?.distance ?? .nan) * linearScale }
        f32("sharpness") { $0.sharpness }
        f32("roundness1") { $0.roundness }
        values["is_extended"] = .bool(sources.map(isExtended))
        f32("fluxfrac_radius_50") { $0.photometry.halfFluxRadius * areaScale }
        f32("aper_bkg_flux") { $0.localBackground.median / (linearScale * linearScale) }
        f32("aper_bkg_flux_err") { $0.localBackground.error / (linearScale * linearScale) }
        for (k, name) in apertureNames.enumerated() {
            f32(name) { $0.apertures[k].flux }
            f32(name + "_err") { $0.apertures[k].error }
        }
        f32("psf_flux") { $0.psfFlux }
        f32("psf_flux_err") { $0.psfFluxError }
        f32("segment_flux") { $0.segmentFlux }
        f32("segment_flux_err") { $0.segmentFluxError }
        f32("kron_flux") { $0.kronFlux }
        f32("kron_flux_err") { $0.kronFluxError }
        f32("kron_abmag") { $0.kronFlux > 0 ? -2.5 * log10($0.kronFlux / 3631e9) : .nan }
        f32("kron_abmag_err") { $0.kronFlux > 0 ? 2.5 * log10(1 + $0.kronFluxError / $0.kronFlux) : .nan }
        values["warning_flags"] = .int32(sources.map(\.warningFlags))
        values["image_flags"] = .int32([Int32](repeating: 0, count: n))
        values["psf_flags"] = .int32(sources.map(\.psf.flags))
        f32("psf_gof") { $0.psf.reducedChi2 }
        values["dust_ebv"] = .float32([Float](repeating: .nan, count: n))

        let psfColumns: Set<String> = ["x_psf", "x_psf_err", "y_psf", "y_psf_err", "ra_psf", "dec_psf", "ra_psf_err",
                                       "dec_psf_err", "psf_flux", "psf_flux_err", "psf_flags", "psf_gof"]
        let columns = CatalogColumn.prompt.filter { fitPSF || !psfColumns.contains($0.name) }.map { definition -> CatalogTable.Column in
            var definition = definition
            if image.level == .mosaic, let description = definition.mosaicDescription { definition.description = description }
            return CatalogTable.Column(definition: definition, values: values[definition.name]!)
        }
        return CatalogTable(columns: columns, meta: meta())
    }

    /// romancal's `is_extended`: aper04 > 1.2 · aper02 · EE(r04)/EE(r02); false without a curve.
    func isExtended(_ source: SourceMeasurement) -> Bool {
        guard let ee = encircledEnergy, let i2 = apertureNames.firstIndex(of: "aper02_flux"),
              let i4 = apertureNames.firstIndex(of: "aper04_flux") else { return false }
        let ratio = ee.fraction(at: apertureRadiiPixels[i4]) / ee.fraction(at: apertureRadiiPixels[i2])
        return source.apertures[i4].flux > source.apertures[i2].flux * 1.2 * ratio
    }

    /// (RA, Dec) degrees of pixel positions (NaN without a WCS or outside its bounding box).
    func skyPositions(_ points: [(Double, Double)]) -> [(ra: Double, dec: Double)] {
        guard let wcs = image.wcs else { return points.map { _ in (.nan, .nan) } }
        return points.map { p in
            guard p.0.isFinite, p.1.isFinite, let w = try? wcs.evaluate([p.0, p.1]), w.count == 2 else { return (.nan, .nan) }
            return (w[0], w[1])
        }
    }

    /// The table metadata romancal writes (`update_metadata`), in its order.
    func meta() -> [(key: String, value: CatalogMetaValue)] {
        let circleArcsec = AperturePhotometry.circleRadiiArcsec, annulusArcsec = AperturePhotometry.annulusRadiiArcsec
        var meta: [(key: String, value: CatalogMetaValue)] = [
            ("date", .string(CatalogDate.nowUTC())),
            ("versions", .mapping([("romanwfi", .string(CatalogDate.softwareVersion))])),
            ("aperture_mask_method", .string("mask")),
            ("kron_params", .tuple([SegmentPhotometry.kronScale, SegmentPhotometry.kronMinimum, SegmentPhotometry.kronMinimumCircularRadius])),
            ("aperture_radii", .mapping([
                ("circle_pix", .numbers(apertureRadiiPixels)),
                ("annulus_pix", .numbers(annulusArcsec.map { $0 / image.linearScale })),
                ("circle_arcsec", .numbers(circleArcsec)),
                ("annulus_arcsec", .numbers(annulusArcsec)),
            ])),
        ]
        if let ee = encircledEnergy {
            meta.append(("ee_fractions", .numbers(apertureRadiiPixels.map { Double(Float(ee.fraction(at: $0))) })))
        }
        return meta
    }
}

extension AperturePhotometry {
    /// romancal's aperture radii (arcsec) and annulus (arcsec).
    static let circleRadiiArcsec = [0.1, 0.2, 0.4, 0.8, 1.6]
    static let annulusRadiiArcsec = [2.4, 2.8]

    /// Column names `aperNN_flux`, NN the radius in tenths of an arcsecond.
    static var columnNames: [String] {
        circleRadiiArcsec.map { r in
            let tenths = Int((r / 0.1).rounded())
            return "aper" + (tenths < 10 ? "0" : "") + String(tenths) + "_flux"
        }
    }
}
