import WFI

/// One source of a simulated sky, in celestial coordinates, with its brightness in every
/// imaging filter: what the truth catalog lists.
public struct SkySource: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case star
        case galaxy
    }

    /// Running number within the scene (the truth catalog's `id`).
    public var id: Int
    public var kind: Kind
    /// ICRS right ascension and declination at the observation epoch, degrees.
    public var ra: Double
    public var dec: Double
    /// AB magnitude per imaging filter.
    public var magnitudes: [OpticalElement: Double]
    /// Galaxies: half-light radius along the major axis, arcseconds.
    public var halfLightRadius: Double = 0
    /// Galaxies: Sérsic index.
    public var sersicIndex: Double = 1
    /// Galaxies: axis ratio b/a.
    public var axisRatio: Double = 1
    /// Galaxies: position angle of the major axis, degrees east of north.
    public var positionAngle: Double = 0
    /// Stars: proper motion in RA (times cos Dec) and in Dec, milliarcseconds per year.
    public var properMotion: (ra: Double, dec: Double) = (0, 0)

    public init(id: Int, kind: Kind, ra: Double, dec: Double, magnitudes: [OpticalElement: Double]) {
        self.id = id
        self.kind = kind
        self.ra = ra
        self.dec = dec
        self.magnitudes = magnitudes
    }

    public static func == (a: SkySource, b: SkySource) -> Bool {
        a.id == b.id && a.kind == b.kind && a.ra == b.ra && a.dec == b.dec && a.magnitudes == b.magnitudes
            && a.halfLightRadius == b.halfLightRadius && a.sersicIndex == b.sersicIndex && a.axisRatio == b.axisRatio
            && a.positionAngle == b.positionAngle && a.properMotion == b.properMotion
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(ra)
        hasher.combine(dec)
    }
}
