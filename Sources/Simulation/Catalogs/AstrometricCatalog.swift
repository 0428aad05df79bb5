#if canImport(Glibc)
import Glibc
#endif
import Tables
import WFI

/// A Gaia-like astrometric reference catalog of a simulated scene's bright stars, for
/// alignment: positions at the reference epoch 2016.0 (Gaia DR3) with errors that grow with
/// magnitude, and proper motions with errors, so that a consumer must propagate the positions
/// to the observation epoch as it would with the real catalog.
///
/// Columns follow the Gaia archive's names: `source_id`, `ra`, `dec` (deg), `ra_error`,
/// `dec_error` (mas), `pmra`, `pmdec`, `pmra_error`, `pmdec_error` (mas/yr),
/// `phot_g_mean_mag`, `ref_epoch` (Julian year).
public struct AstrometricCatalog: Sendable {
    /// Reference epoch of the positions, Julian year.
    public var referenceEpoch = 2016.0
    /// Faintest G magnitude listed.
    public var faintLimit = 20.7
    public var seed: UInt64 = 1

    public init() {}

    /// Position error per axis, mas, at G magnitude `g`: about 0.02 mas for bright stars,
    /// 0.6 mas at G = 20 (the shape of Gaia DR3's; Lindegren et al. 2021, A&A 649, A2).
    public static func positionError(g: Double) -> Double {
        0.015 + 0.6 * pow(10, 0.4 * (g - 20))
    }

    /// G magnitude of a simulated star (F062, the filter closest to Gaia's G band).
    public static func gMagnitude(_ source: SkySource) -> Double? { source.magnitudes[.f062] }

    /// The catalog of the stars of `sources` brighter than the limit; their truth positions
    /// are at `observationEpoch` (Julian year).
    public func table(_ sources: [SkySource], observationEpoch: Double) -> ECSVTable {
        var random = RandomSource(seed: seed, stream: 0x4741_4941)
        let stars = sources.filter { $0.kind == .star && (Self.gMagnitude($0) ?? .infinity) <= faintLimit }
        let years = referenceEpoch - observationEpoch
        var ra: [Double] = [], dec: [Double] = [], raError: [Double] = [], decError: [Double] = []
        var pmra: [Double] = [], pmdec: [Double] = [], pmError: [Double] = [], g: [Double] = []
        for star in stars {
            let magnitude = Self.gMagnitude(star)!
            let sigma = Self.positionError(g: magnitude)
            let sigmaPM = 1.1 * sigma
            // Back to the reference epoch, then the measurement errors.
            let cosDec = cos(star.dec * .pi / 180)
            let dRA = (star.properMotion.ra * years + sigma * random.gaussian()) / 3.6e6 / max(cosDec, 1e-12)
            let dDec = (star.properMotion.dec * years + sigma * random.gaussian()) / 3.6e6
            ra.append((star.ra + dRA + 360).truncatingRemainder(dividingBy: 360))
            dec.append(star.dec + dDec)
            raError.append(sigma)
            decError.append(sigma)
            pmra.append(star.properMotion.ra + sigmaPM * random.gaussian())
            pmdec.append(star.properMotion.dec + sigmaPM * random.gaussian())
            pmError.append(sigmaPM)
            g.append(magnitude)
        }
        return ECSVTable(columns: [
            .init("source_id", .int64(stars.map { Int64($0.id) })),
            .init("ra", unit: "deg", .float64(ra)),
            .init("dec", unit: "deg", .float64(dec)),
            .init("ra_error", unit: "mas", .float64(raError)),
            .init("dec_error", unit: "mas", .float64(decError)),
            .init("pmra", unit: "mas / yr", .float64(pmra)),
            .init("pmdec", unit: "mas / yr", .float64(pmdec)),
            .init("pmra_error", unit: "mas / yr", .float64(pmError)),
            .init("pmdec_error", unit: "mas / yr", .float64(pmError)),
            .init("phot_g_mean_mag", unit: "mag", .float64(g)),
            .init("ref_epoch", unit: "yr", .float64(Array(repeating: referenceEpoch, count: stars.count))),
        ], meta: [("reference_epoch", "\(referenceEpoch)"), ("observation_epoch", "\(observationEpoch)")])
    }
}
