#if canImport(Glibc)
import Glibc
#endif
import WCS
import WFI

/// Where one detector looks during one exposure: the SIAF distortion of the detector and the
/// telescope attitude, mapping sky positions to 0-based pixels of the simulated science array
/// and back.
///
/// A detector smaller than the real 4088 x 4088 science array (fast tests) is its central
/// `scienceSize` x `scienceSize` part: pixel (x, y) of the small array is pixel
/// (x + origin, y + origin) of the real one.
public struct DetectorProjection: Sendable {
    public let geometry: DetectorGeometry
    public let attitude: Attitude
    /// Side of the simulated science array, pixels.
    public let scienceSize: Int
    /// Offset of the simulated array within the real science array, pixels.
    public var origin: Double { Double(geometry.size - scienceSize) / 2 }
    /// Sky position of the simulated array's centre and the radius (degrees) of a circle
    /// around it that holds the whole array.
    public let centre: (ra: Double, dec: Double)
    public let radius: Double

    public init(detector: Int, attitude: Attitude, scienceSize: Int = 4088) throws {
        geometry = try DetectorGeometry(detector: detector)
        self.attitude = attitude
        self.scienceSize = min(scienceSize, geometry.size)
        let middle = Double(self.scienceSize - 1) / 2
        let (v2, v3) = geometry.v2v3(x: middle + Double(geometry.size - self.scienceSize) / 2,
                                     y: middle + Double(geometry.size - self.scienceSize) / 2)
        centre = attitude.sky(v2: v2, v3: v3)
        // Half-diagonal at the largest WFI pixel scale, plus 2% for distortion.
        radius = Double(self.scienceSize) * 0.5 * 2.0.squareRoot() * 0.111 * 1.02 / 3600
    }

    /// Pixel (x, y) of the simulated array for a sky position (degrees).
    public func pixel(ra: Double, dec: Double) -> (x: Double, y: Double) {
        let (v2, v3) = attitude.telescope(ra: ra, dec: dec)
        let (x, y) = geometry.exactPixel(v2: v2, v3: v3)
        return (x - origin, y - origin)
    }

    /// Sky position (degrees) of pixel (x, y) of the simulated array.
    public func sky(x: Double, y: Double) -> (ra: Double, dec: Double) {
        let (v2, v3) = geometry.v2v3(x: x + origin, y: y + origin)
        return attitude.sky(v2: v2, v3: v3)
    }

    /// The sky sources that fall on the array (within `margin` pixels of it), as point sources
    /// and galaxies in pixel units for `filter`; `ids` lists the truth ids in the same order
    /// (stars first, then galaxies).
    public func project(_ sources: [SkySource], filter: FilterProperties, element: OpticalElement,
                        margin: Double = 0) -> DetectorScene {
        var scene = DetectorScene()
        let limit = radius + margin * 0.111 / 3600
        let low = -0.5 - margin, high = Double(scienceSize) - 0.5 + margin
        for source in sources {
            guard let magnitude = source.magnitudes[element],
                  SphericalOffset.separation(centre.ra, centre.dec, source.ra, source.dec) <= limit else { continue }
            let (x, y) = pixel(ra: source.ra, dec: source.dec)
            guard x >= low, x < high, y >= low, y < high else { continue }
            let flux = filter.electronRate(abMagnitude: magnitude)
            switch source.kind {
            case .star:
                scene.stars.append(PointSource(x: x, y: y, flux: flux))
                scene.starIDs.append(source.id)
            case .galaxy:
                // The major axis is the sky direction at the position angle: project a point
                // 1" along it, which also gives the local scale in that direction.
                let along = SphericalOffset.destination(ra: source.ra, dec: source.dec, separation: 1.0 / 3600,
                                                        bearing: source.positionAngle)
                let p = pixel(ra: along.ra, dec: along.dec)
                let pixelsPerArcsec = ((p.x - x) * (p.x - x) + (p.y - y) * (p.y - y)).squareRoot()
                scene.galaxies.append(SersicGalaxy(x: x, y: y, flux: flux, halfLightRadius: source.halfLightRadius * pixelsPerArcsec,
                                                   index: source.sersicIndex, axisRatio: source.axisRatio,
                                                   angle: atan2(p.y - y, p.x - x)))
                scene.galaxyIDs.append(source.id)
            }
        }
        return scene
    }
}

/// The sources of one detector in pixel units, with their truth ids.
public struct DetectorScene: Sendable {
    public var stars: [PointSource] = []
    public var starIDs: [Int] = []
    public var galaxies: [SersicGalaxy] = []
    public var galaxyIDs: [Int] = []

    public init() {}

    /// Whether no source landed.
    public var isEmpty: Bool { stars.isEmpty && galaxies.isEmpty }
}
