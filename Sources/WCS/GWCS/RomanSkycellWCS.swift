extension GWCS {
    /// The Roman L3 (skycell) WCS as romancal builds it (`resample/_l3_wcs.py`
    /// `l3wcsinfo_to_wcs`, `skycell/skymap.py` `_wcsinfo_to_wcs`; formats.md §3.4):
    ///
    ///     detector (Frame2D, pixel) --FITSImagingWCSTransform(TAN) "detector_to_sky"--> icrs (ICRS, deg)
    ///
    /// - Parameters:
    ///   - name: the WCS name, the skycell name (`270p65x48y69`).
    ///   - crpix: 0-based reference pixel (`meta.wcsinfo.x_ref`, `y_ref`).
    ///   - crval: (RA, Dec) of the reference pixel, degrees (`ra_ref`, `dec_ref`).
    ///   - pixelScale: degrees per pixel (`pixel_scale_ref`).
    ///   - rotationMatrix: the PC matrix (`rotation_matrix`), row-major.
    ///   - boundingBox: x interval first, pixels; nil for none.
    public static func skycell(name: String, crpix: [Double], crval: [Double], pixelScale: Double,
                               rotationMatrix: [[Double]], boundingBox: [ClosedRange<Double>]?) throws(GWCSError) -> GWCS {
        guard crpix.count == 2, crval.count == 2, rotationMatrix.count == 2, rotationMatrix.allSatisfy({ $0.count == 2 }) else {
            throw .malformed(path: "wcsinfo", reason: "crpix, crval need 2 values and the rotation matrix 2x2")
        }
        var transform = Transform(.fitsImaging(FITSImaging(crpix: crpix, crval: crval, cdelt: [pixelScale, pixelScale],
                                                           pc: rotationMatrix))).named("detector_to_sky")
        if let boundingBox {
            do { transform = try transform.withBoundingBox(boundingBox) } catch { throw .transform(error) }
        }
        return try GWCS(name: name, steps: [Step(.frame2D("detector", unit: "pixel"), transform), Step(.icrs("icrs"), nil)])
    }
}
