/// gwcs's `FITSImagingWCSTransform` (`tag:stsci.edu:gwcs/fitswcs_imaging-1.0.0`), the form of
/// the Roman L3 skycell WCS (romancal `l3wcsinfo_to_wcs`, skymap `wcsinfo_to_wcs`): 0-based pixel
/// (x, y) -> (RA, Dec) degrees through
///
///     (Shift(−crpix₀) & Shift(−crpix₁)) | AffineTransformation2D(pc) | (Scale(cdelt₀) & Scale(cdelt₁))
///       | projection | RotateNative2Celestial(crval₀, crval₁, lon_pole)
///
/// with `lon_pole` = 180° for a zenithal projection such as TAN (gwcs `fitswcs.py`,
/// `utils._compute_lon_pole`). Unlike FITS, `crpix` is 0-based.
public struct FITSImaging: Sendable, Equatable {
    /// Reference pixel (0-based), reference sky position (deg), degrees per pixel, and the
    /// linear transformation matrix (row-major).
    public var crpix: [Double]
    public var crval: [Double]
    public var cdelt: [Double]
    public var pc: [[Double]]
    /// The projection, plane -> native sphere (`Pix2Sky_Gnomonic` for Roman).
    public var projection: Transform

    public init(crpix: [Double], crval: [Double], cdelt: [Double], pc: [[Double]],
                projection: Transform = Transform(.gnomonic(.pix2sky))) {
        self.crpix = crpix
        self.crval = crval
        self.cdelt = cdelt
        self.pc = pc
        self.projection = projection
    }

    /// Native longitude of the celestial pole, degrees: 180 for the zenithal TAN projection.
    public var lonPole: Double { 180 }

    /// The model the transform stands for, as gwcs builds it (`forward`).
    public var expanded: Transform {
        (Transform.shift(-crpix[0]) & .shift(-crpix[1]))
            | .affine(matrix: pc)
            | (Transform.scale(cdelt[0]) & .scale(cdelt[1]))
            | projection
            | Transform(.skyRotation(SkyRotation(phi: crval[0], theta: crval[1], psi: lonPole, direction: .nativeToCelestial)))
    }
}
