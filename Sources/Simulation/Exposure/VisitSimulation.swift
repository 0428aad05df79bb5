#if canImport(Glibc)
import Glibc
#endif
import Arrays
import Foundation
import WCS
import WFI

/// One simulated visit: a pointing, a filter, an MA table, dithered exposures and the detectors
/// to read, over a sky that is either drawn at random (`SkySceneGenerator`) or given.
///
/// Everything is deterministic for a seed: the sky, and each (exposure, detector) pair's ramps
/// from its own random stream, so a subset of detectors reproduces the same files as a full run.
public struct VisitSimulation: Sendable {
    public var visit: VisitID
    /// WFI detectors to simulate, 1...18.
    public var detectors: [Int] = Array(1...18)
    /// Number of dithered exposures.
    public var exposures = 1
    public var element: OpticalElement = .f158
    public var table: MATable = .table109
    /// Sky position of the WFI_CEN reference point for the first exposure, degrees, and the
    /// position angle of the V3 axis (`meta.pointing.pa_v3`), degrees east of north.
    public var ra = 270.0
    public var dec = 66.0
    public var paV3 = 0.0
    public var seed: UInt64 = 1
    /// Side of the full detector frame including the 4-pixel reference border (4096).
    public var size = 4096
    /// Random-sky source density, sources per square arcminute (about 9,000 per detector).
    public var density = 160.0
    /// Sources to place instead of a random sky.
    public var catalog: [SkySource]?
    /// UTC start of the first exposure.
    public var startTime = "2027-06-01T00:00:00.000"
    /// The detector: DetectorModel's defaults with a classic non-linearity of about −5% at
    /// 40,000 DN (measured = true·(1 − 1.25e−6·true + 5e−12·true²), DN above bias).
    public var detectorModel: DetectorModel = {
        var model = DetectorModel()
        model.nonlinearity = (c1: -1.25e-6, c2: 5e-12)
        return model
    }()
    /// Which detector effects are simulated beyond Poisson noise, dark current, read noise,
    /// non-linearity, saturation and cosmic rays (all on by default).
    public var effects = DetectorEffects()
    /// Telescope offset between consecutive exposures, arcseconds in (V2, V3): a line dither
    /// that moves the field by about 230 x 330 pixels, across the gaps between detectors.
    public var ditherStep = (v2: 25.5, v3: 35.9)
    /// Seconds between the end of one exposure and the start of the next.
    public var overhead = 30.0
    /// How far the recorded pointing is from the true one (none by default).
    public var pointingError = PointingError.none

    /// The reference-pixel border of WFI detectors.
    public static let border = 4

    public init(visit: VisitID) { self.visit = visit }

    /// Side of the science array (the frame less its reference border).
    public var scienceSize: Int { size - 2 * Self.border }

    /// The telescope attitude of exposure `exposure` (1-based): WFI_CEN at (ra, dec) offset by
    /// the dither.
    public func attitude(exposure: Int) -> Attitude {
        let centre = RomanSIAF.center
        let k = Double(exposure - 1)
        return Attitude(v2: centre.v2Ref - k * ditherStep.v2, v3: centre.v3Ref - k * ditherStep.v3,
                        ra: ra, dec: dec, paV3: paV3)
    }

    /// Where detector `detector` looks in exposure `exposure`.
    public func projection(exposure: Int, detector: Int) throws -> DetectorProjection {
        try DetectorProjection(detector: detector, attitude: attitude(exposure: exposure), scienceSize: scienceSize)
    }

    /// UTC start of exposure `exposure` (1-based), ISO 8601.
    public func startTime(exposure: Int) throws -> String {
        let start = try L1Assembler.time(startTime)
        return L1Assembler.isot(start.addingTimeInterval(Double(exposure - 1) * (table.exposureTime + overhead)))
    }

    /// Julian year of the first exposure (the epoch of the truth positions).
    public func observationEpoch() throws -> Double {
        let start = try L1Assembler.time(startTime)
        return 2000 + (start.timeIntervalSince1970 / 86_400 + 2_440_587.5 - 2_451_545) / 365.25
    }

    /// The sky: the given catalog, or a random sky over a disk that covers every simulated
    /// detector in every exposure (centred on their mean position, so a single detector gets a
    /// disk of its own size).
    public func sources() throws -> [SkySource] {
        if let catalog { return catalog }
        let views = try allProjections()
        var sum = (0.0, 0.0, 0.0)
        for view in views {
            let (a, d) = (view.centre.ra * .pi / 180, view.centre.dec * .pi / 180)
            sum = (sum.0 + cos(d) * cos(a), sum.1 + cos(d) * sin(a), sum.2 + sin(d))
        }
        let centreRA = (atan2(sum.1, sum.0) * 180 / .pi + 360).truncatingRemainder(dividingBy: 360)
        let centreDec = atan2(sum.2, (sum.0 * sum.0 + sum.1 * sum.1).squareRoot()) * 180 / .pi
        let radius = views.map { SphericalOffset.separation(centreRA, centreDec, $0.centre.ra, $0.centre.dec) + $0.radius }.max() ?? 0
        var generator = SkySceneGenerator(ra: centreRA, dec: centreDec, radius: radius + 10.0 / 3600)
        generator.density = density
        generator.seed = seed
        return generator.generate()
    }

    /// Where every simulated detector looks in every exposure.
    public func allProjections() throws -> [DetectorProjection] {
        try (1...max(exposures, 1)).flatMap { exposure in
            try detectors.map { try projection(exposure: exposure, detector: $0) }
        }
    }

    /// The random stream of one (exposure, detector) pair.
    func rampSeed(exposure: Int, detector: Int) -> UInt64 {
        var state = seed ^ (UInt64(exposure) << 40) ^ (UInt64(detector) << 20) ^ 0x5255_4D50
        return SplitMix.next(&state)
    }
}

/// Optional detector effects of a simulation.
public struct DetectorEffects: Sendable, Hashable {
    /// Hot, dead and low-QE pixels (`PixelDefects.random`), fixed per detector and seed.
    public var defects = true
    /// Inter-pixel capacitance (`IPCKernel`).
    public var ipc = true
    /// The dark-decay signal (`DarkDecay.simulated`).
    public var darkDecay = true
    /// Correlated read-out noise in every channel, the border and amp33 (`CorrelatedReadNoise`).
    public var correlatedNoise = true

    public init() {}

    /// Only the basic ramp physics.
    public static let none: DetectorEffects = {
        var effects = DetectorEffects()
        effects.defects = false
        effects.ipc = false
        effects.darkDecay = false
        effects.correlatedNoise = false
        return effects
    }()
}

/// The SplitMix64 step (Steele, Lea & Flood 2014), for deriving independent seeds.
enum SplitMix {
    static func next(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
