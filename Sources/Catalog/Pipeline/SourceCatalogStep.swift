import Arrays
/// romancal 1.1.0's `SourceCatalogStep` on one image (algorithms.md §5): mask, background
/// (`Background2D`), detection image (Gaussian kernel of `kernelFWHM`), segmentation at
/// `snrThreshold` × background RMS with `npixels` connected pixels, optional deblending, the
/// conversion to nJy, and every catalog measurement.
public struct SourceCatalogStep: Sendable {
    public var options: CatalogOptions
    /// The filter's encircled-energy curve (apcorr reference); without it `is_extended` is false.
    public var encircledEnergy: EncircledEnergy?
    /// The ePSF model (epsf reference); without it the PSF columns are left out, as romancal
    /// does when it has no PSF model. Mosaics (L3) are not fitted: romancal derives a separate
    /// model for them (`create_l3_psf_model`: the ePSF smoothed by the drizzle kernel and pixel
    /// scale, azimuthally averaged), which this version does not build, so their PSF columns are
    /// NaN with `psf_flags` non-finite position and flux (512 | 1024), photutils' flags for a
    /// source that was not fitted.
    public var psf: GriddedPSF?

    public init(options: CatalogOptions = CatalogOptions(), encircledEnergy: EncircledEnergy? = nil, psf: GriddedPSF? = nil) {
        self.options = options
        self.encircledEnergy = encircledEnergy
        self.psf = psf
    }

    /// What the step makes of one image.
    public struct Result: Sendable {
        public var table: CatalogTable
        public var segmentation: SegmentationImage
        /// The convolved, background-subtracted image segmented, in nJy per pixel (nil when
        /// every pixel is masked, as romancal then writes none).
        public var detectionImage: Raster<Float>?
        /// Background meshes used (rows, columns) and box size, for the log.
        public var backgroundMesh: (rows: Int, columns: Int)?
        /// Seconds spent in each stage, in order.
        public var timings: [(stage: String, seconds: Double)] = []
        public var sourceCount: Int { table.rowCount }
    }

    /// The first half of the step: the image's background, detection image and segmentation,
    /// and the images in nJy ready to be measured. The segmentation map (`segmentation`,
    /// `detectionImage`) is final here, so it can be written while the sources are measured.
    public struct Detection: Sendable {
        /// The image, its data and error buffers handed over to `images`.
        public var image: CatalogImage
        public var segmentation: SegmentationImage
        /// The convolved, background-subtracted image segmented, in nJy per pixel (nil when
        /// every pixel is masked, as romancal then writes none).
        public var detectionImage: Raster<Float>?
        /// The background-subtracted data and error in nJy, the mask and the segmentation (nil
        /// when there is nothing to measure).
        var images: MeasurementImages?
        var backgroundMesh: (rows: Int, columns: Int)?
        var clock = StageClock()
    }

    /// Runs on `image`, taking its data and error buffers over (pass the last use of an image to
    /// spare two full-frame copies).
    public func run(_ image: consuming CatalogImage) throws(CatalogError) -> Result {
        measure(try detect(image))
    }

    /// Background, detection image, segmentation (and deblending), and the conversion to nJy;
    /// takes the image's data and error buffers over.
    public func detect(_ image: consuming CatalogImage) throws(CatalogError) -> Detection {
        try options.validate()
        var clock = StageClock()
        let (width, height) = (image.width, image.height)
        var empty: SegmentationImage { SegmentationImage(width: width, height: height) }
        guard image.mask.contains(false),
              let background = Background2D.romancal(image.data, mask: image.mask, boxSize: options.backgroundBoxSize) else {
            return Detection(image: image, segmentation: empty, detectionImage: nil, clock: clock)
        }
        clock.lap("background")
        var data = image.data
        image.data = Raster(width: data.width, height: data.height, pixels: [])
        background.subtract(from: &data, mask: image.mask)
        var detection = MaskedConvolution.convolve(data, mask: image.mask, kernel: GaussianKernel(fwhm: options.kernelFWHM))
        clock.lap("convolution")
        let above = background.pixelsAbove(detection, scale: Float(options.snrThreshold), mask: image.mask)
        var segmentation = SourceDetection(npixels: options.npixels).segment(above: above, width: image.width, height: image.height)
        clock.lap("detection")
        if options.deblend {
            segmentation = SourceDeblender(npixels: options.npixels, levels: options.deblendLevels, contrast: options.deblendContrast)
                .deblend(segmentation, image: detection)
        }
        if options.deblend { clock.lap("deblending") }
        let factor = Float(image.toNanojansky)
        var error = image.error
        image.error = Raster(width: data.width, height: data.height, pixels: [])
        func scale(_ pixels: inout [Float]) {
            pixels.withUnsafeMutableBufferPointer { p in
                nonisolated(unsafe) let p = p
                Parallel.chunks(p.count, minimumChunk: 1 << 16) { range in
                    let chunk = UnsafeMutableBufferPointer(rebasing: p[range])
                    for i in chunk.indices { chunk[i] *= factor }
                }
            }
        }
        scale(&data.pixels)
        scale(&error.pixels)
        scale(&detection.pixels)
        let mesh = (background.meshShape.rows, background.meshShape.columns)
        guard segmentation.count > 0 else {
            return Detection(image: image, segmentation: segmentation, detectionImage: detection, backgroundMesh: mesh, clock: clock)
        }
        let images = MeasurementImages(data: data, error: error, convolved: detection, mask: image.mask, segmentation: segmentation)
        return Detection(image: image, segmentation: segmentation, detectionImage: detection, images: images,
                         backgroundMesh: mesh, clock: clock)
    }

    /// Every catalog measurement of the detected sources, and the table.
    public func measure(_ detection: consuming Detection) -> Result {
        let image = detection.image
        let fitPSF = options.fitPSF && psf != nil
        var clock = detection.clock
        guard let images = detection.images else {
            return Result(table: emptyTable(image, fitPSF: fitPSF), segmentation: detection.segmentation,
                          detectionImage: detection.detectionImage, backgroundMesh: detection.backgroundMesh, timings: clock.laps)
        }
        let radii = AperturePhotometry.circleRadiiArcsec.map { $0 / image.linearScale }
        let annulus = AperturePhotometry.annulusRadiiArcsec.map { $0 / image.linearScale }
        let measurer = SourceMeasurer(images: images, apertures: AperturePhotometry(radii: radii, annulus: (annulus[0], annulus[1])),
                                      daofind: DAOFindStatistics(fwhm: options.kernelFWHM),
                                      psf: fitPSF && image.level == .image ? psf.map { PSFPhotometry(psf: $0) } : nil,
                                      dq: image.dq, weight: image.weight)
        let sources = measurer.measureAll(clock: &clock)
        let builder = CatalogTableBuilder(image: image, sources: sources, apertureNames: AperturePhotometry.columnNames,
                                          encircledEnergy: encircledEnergy, apertureRadiiPixels: radii)
        let table = builder.build(fitPSF: fitPSF)
        clock.lap("table")
        return Result(table: table, segmentation: detection.segmentation, detectionImage: detection.detectionImage,
                      backgroundMesh: detection.backgroundMesh, timings: clock.laps)
    }

    /// A catalog with every column and no row.
    func emptyTable(_ image: CatalogImage, fitPSF: Bool) -> CatalogTable {
        let radii = AperturePhotometry.circleRadiiArcsec.map { $0 / image.linearScale }
        return CatalogTableBuilder(image: image, sources: [], apertureNames: AperturePhotometry.columnNames,
                                   encircledEnergy: encircledEnergy, apertureRadiiPixels: radii).build(fitPSF: fitPSF)
    }
}

/// Wall-clock laps of the step's stages.
struct StageClock: Sendable {
    private var last = ContinuousClock.now
    private(set) var laps: [(stage: String, seconds: Double)] = []

    mutating func lap(_ stage: String) {
        let now = ContinuousClock.now
        let d = now - last
        laps.append((stage, Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18))
        last = now
    }
}
