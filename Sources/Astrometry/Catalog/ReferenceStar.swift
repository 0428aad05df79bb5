/// One star of an astrometric reference catalog (Gaia DR3 conventions): position at its
/// reference epoch and, when known, proper motion, parallax and radial velocity.
public struct ReferenceStar: Sendable, Equatable {
    /// Catalog identifier (`source_id`), or the row number when the catalog has none.
    public var id: Int64
    /// ICRS position at `epoch`, degrees.
    public var ra: Double
    public var dec: Double
    /// Reference epoch of the position, Julian year (Gaia DR3: 2016.0, TCB).
    public var epoch: Double
    /// Proper motion in mas/yr: μα* = μα·cos δ (Gaia `pmra`) and μδ (`pmdec`); 0 when unknown.
    public var pmRA: Double
    public var pmDec: Double
    /// Parallax, mas (0 when unknown).
    public var parallax: Double
    /// Radial velocity, km/s (0 when unknown).
    public var radialVelocity: Double

    public init(id: Int64, ra: Double, dec: Double, epoch: Double, pmRA: Double = 0, pmDec: Double = 0,
                parallax: Double = 0, radialVelocity: Double = 0) {
        self.id = id
        self.ra = ra
        self.dec = dec
        self.epoch = epoch
        self.pmRA = pmRA
        self.pmDec = pmDec
        self.parallax = parallax
        self.radialVelocity = radialVelocity
    }
}

/// A sky position, ICRS degrees.
public struct SkyPosition: Sendable, Equatable {
    public var ra: Double
    public var dec: Double

    public init(ra: Double, dec: Double) {
        self.ra = ra
        self.dec = dec
    }
}
