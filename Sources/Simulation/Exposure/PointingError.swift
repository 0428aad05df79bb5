import WCS

/// The error of the pointing the metadata records: the telescope really points at the visit's
/// attitude, but `meta.wcsinfo` and `meta.pointing` describe that attitude moved by `east` and
/// `north` arcsec at the WFI centre and turned by `roll` arcsec about it (`Attitude.offset`), as
/// an imperfect guide-star solution would. Astrometric alignment must find and remove it.
public struct PointingError: Sendable, Equatable {
    public var east: Double
    public var north: Double
    public var roll: Double

    public init(east: Double = 0, north: Double = 0, roll: Double = 0) {
        self.east = east
        self.north = north
        self.roll = roll
    }

    public static let none = PointingError()
}

extension VisitSimulation {
    /// The attitude exposure `exposure`'s metadata records: the true one with `pointingError`.
    public func claimedAttitude(exposure: Int) -> Attitude {
        attitude(exposure: exposure).offset(eastArcsec: pointingError.east, northArcsec: pointingError.north,
                                            rollArcsec: pointingError.roll)
    }
}
