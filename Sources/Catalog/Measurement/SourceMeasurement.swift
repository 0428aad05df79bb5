import Arrays
/// Everything measured of one source, in pixels and nJy (converted to the catalog's units when
/// the table is built).
public struct SourceMeasurement: Sendable {
    public var label: Int32
    public var box: SegmentationImage.Box
    /// Moment centroid and shape on the detection image.
    var shape: SegmentShape
    var photometry: SegmentPhotometry
    /// Circular-aperture fluxes and errors, one per catalog radius.
    public var apertures: [(flux: Double, error: Double)]
    public var localBackground: (median: Double, error: Double)
    public var sharpness = Double.nan, roundness = Double.nan
    public var neighbour: (label: Int32, distance: Double)?
    var psf = PSFPhotometry.Fit()
    public var warningFlags: Int32 = 0

    public var x: Double { shape.x }
    public var y: Double { shape.y }
    public var area: Double { photometry.area }
    public var segmentFlux: Double { photometry.segmentFlux }
    public var segmentFluxError: Double { photometry.segmentFluxError }
    public var kronFlux: Double { photometry.kronFlux }
    public var kronFluxError: Double { photometry.kronFluxError }
    public var psfX: Double { psf.x }
    public var psfY: Double { psf.y }
    public var psfFlux: Double { psf.flux }
    public var psfFluxError: Double { psf.fluxError }
}

/// The per-source measurements of romancal's `RomanSourceCatalog`, in its registry order
/// (segment properties, apertures, DAOFind statistics, neighbours, PSF photometry, flags); the
/// sources are measured concurrently on their own bounding boxes.
struct SourceMeasurer: Sendable {
    var images: MeasurementImages
    var apertures: AperturePhotometry
    var daofind: DAOFindStatistics
    var psf: PSFPhotometry?
    /// Warning flags: DO_NOT_USE of the L2 dq at the rounded centroid, or weight 0 in L3.
    var dq: Raster<UInt32>?
    var weight: Raster<Float>?

    func measureAll(clock: inout StageClock) -> [SourceMeasurement] {
        let segmentation = images.segmentation
        var sources: [SourceMeasurement] = Parallel.map(segmentation.count) { k in
            let label = UInt32(k + 1), box = segmentation.boxes[k]
            let shape = SegmentShape(label: label, box: box, images: images)
            let photometry = SegmentPhotometry(label: label, box: box, shape: shape, images: images)
            // romancal places sources without a centroid at (-1000, -1000) for these.
            let (x, y) = shape.x.isFinite && shape.y.isFinite ? (shape.x, shape.y) : (-1000, -1000)
            let daofind = self.daofind.measure(x: x, y: y, data: images.data)
            var source = SourceMeasurement(label: Int32(label), box: box, shape: shape, photometry: photometry,
                                           apertures: apertures.fluxes(x: x, y: y, images: images),
                                           localBackground: apertures.localBackground(x: x, y: y, images: images))
            source.sharpness = daofind.sharpness
            source.roundness = daofind.roundness
            source.warningFlags = warningFlag(x: shape.x, y: shape.y)
            return source
        }
        clock.lap("segment and aperture photometry")
        let neighbours = NearestNeighbours.find(sources.map { ($0.x, $0.y) })
        for (i, n) in neighbours.enumerated() { sources[i].neighbour = n.map { (sources[$0.index].label, $0.distance) } }
        if let psf {
            let fits = psf.fit(positions: sources.map { ($0.x, $0.y) }, images: images)
            for i in sources.indices { sources[i].psf = fits[i] }
            clock.lap("PSF photometry")
        } else {
            let unfitted = PSFPhotometry.Flag.nonFinitePosition.rawValue | PSFPhotometry.Flag.nonFiniteFlux.rawValue
            for i in sources.indices { sources[i].psf.flags = unfitted }
        }
        return sources
    }

    /// Bit 1 when the centroid is not finite or its nearest pixel (numpy rounding, half to
    /// even) is DO_NOT_USE (L2) or has weight 0 (L3).
    func warningFlag(x: Double, y: Double) -> Int32 {
        guard x.isFinite, y.isFinite else { return 1 }
        let (ix, iy) = (Int(x.rounded(.toNearestOrEven)), Int(y.rounded(.toNearestOrEven)))
        guard ix >= 0, iy >= 0, ix < images.width, iy < images.height else { return 0 }
        if let dq { return Int32(dq[ix, iy] & 1) }
        if let weight { return weight[ix, iy] == 0 ? 1 : 0 }
        return 0
    }
}
