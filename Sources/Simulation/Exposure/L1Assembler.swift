import Arrays
import ASDF
import Foundation
import WFI

/// Who, where and when an exposure is: the metadata an L1 file carries besides its ramps.
public struct ExposureDescription: Sendable {
    public var visit: VisitID
    public var exposure: Int
    public var detector: Detector
    public var element: OpticalElement
    /// UTC start of the exposure, ISO 8601 (`2027-06-01T00:00:00.000`).
    public var startTime: String
    /// Pointing of the detector's reference point, degrees.
    public var ra: Double
    public var dec: Double
    /// Position angle of the V3 axis, degrees.
    public var paV3: Double
    /// The detector's WCS reference (`meta.wcsinfo`), when the geometry is known.
    public var wcs: WCSInfo?

    public init(visit: VisitID, exposure: Int, detector: Detector, element: OpticalElement, startTime: String,
                ra: Double, dec: Double, paV3: Double) {
        self.visit = visit
        self.exposure = exposure
        self.detector = detector
        self.element = element
        self.startTime = startTime
        self.ra = ra
        self.dec = dec
        self.paV3 = paV3
    }
}

/// What `meta.wcsinfo` records of a detector's pointing: its SIAF reference point and where it
/// lands on the sky.
public struct WCSInfo: Sendable, Hashable {
    /// SIAF reference point, arcsec, and ideal-frame orientation (V3IdlYAngle, deg; VIdlParity).
    public var v2Ref: Double
    public var v3Ref: Double
    public var v3YAngle: Double
    public var vParity: Int
    /// Sky position of the reference point and the roll there, degrees.
    public var raRef: Double
    public var decRef: Double
    public var rollRef: Double
    /// The detector's footprint, `POLYGON ICRS ra1 dec1 ...` (degrees).
    public var sRegion: String
    /// Sky position of the telescope's V1 axis, degrees (`meta.pointing.ra_v1`, `dec_v1`).
    public var raV1: Double
    public var decV1: Double

    public init(v2Ref: Double, v3Ref: Double, v3YAngle: Double, vParity: Int, raRef: Double, decRef: Double,
                rollRef: Double, sRegion: String, raV1: Double, decV1: Double) {
        self.v2Ref = v2Ref
        self.v3Ref = v3Ref
        self.v3YAngle = v3YAngle
        self.vParity = vParity
        self.raRef = raRef
        self.decRef = decRef
        self.rollRef = rollRef
        self.sRegion = sRegion
        self.raV1 = raV1
        self.decV1 = decV1
    }
}

/// Builds a schema-valid L1 science-raw product (`_uncal`) from simulated ramps: the cube, the
/// amp33 channel, the MA table and the exposure's description, with the file name the
/// conventions give it.
public enum L1Assembler {
    public static func product(cube: TypedArray<UInt16>, amp33: TypedArray<UInt16>, table: MATable,
                               description: ExposureDescription) throws -> ScienceRawProduct {
        var model = try ModelFactory.make(.scienceRaw, arrays: ["data": cube.ndarray, "amp33": amp33.ndarray])
        let visit = description.visit
        let start = try time(description.startTime)
        let end = start.addingTimeInterval(table.exposureTime)
        let readPattern = Node.sequence(table.readPattern.map { reads in .sequence(reads.map { .int(Int64($0)) }) })
        var values: [(String, Node)] = [
            ("instrument/name", "WFI"),
            ("instrument/detector", .string(description.detector.name)),
            ("instrument/optical_element", .string(description.element.rawValue)),
            ("exposure/type", description.element.isSpectroscopic ? "WFI_SPECTRAL" : "WFI_IMAGE"),
            ("exposure/start_time", Time(isot: isot(start)).node),
            ("exposure/end_time", Time(isot: isot(end)).node),
            ("exposure/nresultants", .int(Int64(table.resultantCount))),
            ("exposure/frame_time", .float(table.frameTime)),
            ("exposure/exposure_time", .float(table.exposureTime)),
            ("exposure/effective_exposure_time", .float(table.resultantTimes.last.map { $0 - (table.resultantTimes.first ?? 0) } ?? 0)),
            ("exposure/ma_table_name", .string(table.name)),
            ("exposure/ma_table_number", .int(Int64(table.number))),
            ("exposure/read_pattern", readPattern),
            ("exposure/truncated", false),
            ("pointing/target_ra", .float(description.ra)),
            ("pointing/target_dec", .float(description.dec)),
            ("pointing/ra_v1", .float(description.ra)),
            ("pointing/dec_v1", .float(description.dec)),
            ("pointing/pa_v3", .float(description.paV3)),
            ("wcsinfo/aperture_name", .string(description.detector.name + "_FULL")),
            ("wcsinfo/ra_ref", .float(description.ra)),
            ("wcsinfo/dec_ref", .float(description.dec)),
            ("wcsinfo/roll_ref", .float(description.paV3)),
            ("observation/visit_id", .string(visit.description)),
            ("observation/observation_id", .string(visit.description + String(format: "%04d", description.exposure))),
            ("observation/exposure", .int(Int64(description.exposure))),
        ]
        let numbers: [(String, Int)] = [
            ("program", visit.program), ("execution_plan", visit.executionPlan), ("pass", visit.pass),
            ("segment", visit.segment), ("observation", visit.observation), ("visit", visit.visit),
        ]
        values += numbers.map { ("observation/" + $0.0, .int(Int64($0.1))) }
        if let wcs = description.wcs {
            values += [
                ("wcsinfo/v2_ref", .float(wcs.v2Ref)), ("wcsinfo/v3_ref", .float(wcs.v3Ref)),
                ("wcsinfo/v3yangle", .float(wcs.v3YAngle)), ("wcsinfo/vparity", .int(Int64(wcs.vParity))),
                ("wcsinfo/ra_ref", .float(wcs.raRef)), ("wcsinfo/dec_ref", .float(wcs.decRef)),
                ("wcsinfo/roll_ref", .float(wcs.rollRef)), ("wcsinfo/s_region", .string(wcs.sRegion)),
                ("pointing/target_aperture", "WFI_CEN"),
                ("pointing/ra_v1", .float(wcs.raV1)), ("pointing/dec_v1", .float(wcs.decV1)),
                // No velocity aberration in the simulation: the identity scale.
                ("velocity_aberration/scale_factor", .float(1)),
                ("velocity_aberration/ra_reference", .float(wcs.raRef)),
                ("velocity_aberration/dec_reference", .float(wcs.decRef)),
            ]
        }
        for (path, value) in values { model.set("meta/" + path, value) }
        var product = try ScienceRawProduct(model)
        if let name = product.fileName(suffix: .uncal) { product.model.set("meta/filename", .string(name)) }
        return product
    }

    static func time(_ isot: String) throws -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = formatter.date(from: isot.hasSuffix("Z") ? isot : isot + "Z") else {
            throw SimulationError.invalidTime(isot)
        }
        return date
    }

    static func isot(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return String(formatter.string(from: date).dropLast())   // no "Z": astropy isot, UTC scale
    }
}

/// Why a simulation could not be set up.
public enum SimulationError: Error, Sendable, CustomStringConvertible {
    case invalidTime(String)
    case notImaging(OpticalElement)
    case unnamed(exposure: Int, detector: Int)
    /// A frame size the read-out geometry cannot have.
    case geometry(size: Int, reason: String)
    /// A per-pixel map whose shape is not the frame's.
    case mapShape(name: String, expected: [Int], found: [Int])

    public var description: String {
        switch self {
        case .invalidTime(let text): "'\(text)' is not an ISO 8601 time (expected e.g. 2027-06-01T00:00:00.000)"
        case .unnamed(let exposure, let detector): "exposure \(exposure) of WFI\(detector): the metadata gives no file name"
        case .notImaging(let element): "\(element.rawValue) is not an imaging filter: the simulator renders F062, F087, F106, F129, F146, F158, F184 and F213"
        case .geometry(let size, let reason): "frame size \(size): \(reason)"
        case .mapShape(let name, let expected, let found): "\(name) map has shape \(found), expected \(expected)"
        }
    }
}
