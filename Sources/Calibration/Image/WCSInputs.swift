import ASDF
import Foundation
import WCS
import WFI

/// The inputs of romancal's assign_wcs (algorithms.md §1.11): the distortion reference's
/// pixel -> (V2, V3) transform and the pointing of `meta.wcsinfo`, with velocity aberration.
/// This builds the detector-to-sky mapping from them, the gwcs object romancal writes as
/// `meta.wcs`, and the footprint `meta.wcsinfo.s_region`.
public struct WCSInputs: Sendable {
    public let distortion: Transform
    public let attitude: Attitude
    /// `meta.velocity_aberration.scale_factor` (1: none).
    public let aberrationScale: Double

    /// Reads the distortion transform and the L1/L2 pointing metadata.
    public init(distortionReference: ReferenceFile, meta model: RomanDataModel) throws {
        let path = distortionReference.model.file.path ?? "distortion reference"
        guard let node = distortionReference.model.node["coordinate_distortion_transform"] else {
            throw CalibrationError.unreadableReference(file: path, reason: "no coordinate_distortion_transform")
        }
        do { distortion = try Transform(node: node) } catch {
            throw CalibrationError.unreadableReference(file: path, reason: "coordinate_distortion_transform: \(error)")
        }
        func value(_ key: String) throws -> Double {
            guard let v = model.meta("wcsinfo/" + key)?.doubleValue, v != ModelFactory.unknownNumber, v.isFinite else {
                throw CalibrationError.inconsistentInput(file: model.file.path ?? "input", problem: "meta.wcsinfo.\(key) is not set")
            }
            return v
        }
        attitude = Attitude(v2Ref: try value("v2_ref"), v3Ref: try value("v3_ref"), raRef: try value("ra_ref"),
                            decRef: try value("dec_ref"), rollRef: try value("roll_ref"))
        let scale = model.meta("velocity_aberration/scale_factor")?.doubleValue ?? 1
        aberrationScale = scale > 0 && scale != ModelFactory.unknownNumber ? scale : 1
    }

    /// Sky position (degrees) of 0-based science-array pixel (x, y).
    public func sky(x: Double, y: Double) throws -> (ra: Double, dec: Double) {
        let v = try distortion.evaluate([x, y])
        let s = aberrationScale
        let v2 = s * v[0] + (1 - s) * attitude.v2Ref, v3 = s * v[1] + (1 - s) * attitude.v3Ref
        return attitude.sky(v2: v2, v3: v3)
    }

    /// The gwcs object of a `columns` x `rows` science array (romancal's assign_wcs pipeline:
    /// detector -> v2v3 -> v2v3vacorr -> world).
    public func gwcs(columns: Int, rows: Int) throws -> GWCS {
        try GWCS.romanImage(distortion: distortion, v2Ref: attitude.v2Ref, v3Ref: attitude.v3Ref, raRef: attitude.raRef,
                            decRef: attitude.decRef, rollRef: attitude.rollRef, velocityAberrationScale: aberrationScale,
                            boundingBox: GWCS.boundingBox(shape: [rows, columns]))
    }

    /// The footprint of a `columns` x `rows` science array as romancal writes `s_region`
    /// (`GWCS.sRegion`: the corners of the pixel edges in gwcs' order, RA in [0, 360)).
    public func sRegion(columns: Int, rows: Int) throws -> String {
        let last = (x: Double(columns) - 0.5, y: Double(rows) - 0.5)
        let corners = try [(-0.5, -0.5), (-0.5, last.y), (last.x, last.y), (last.x, -0.5)].map { try sky(x: $0.0, y: $0.1) }
        guard let region = GWCS.sRegion(corners: corners.map { ($0.ra, $0.dec) }) else {
            throw CalibrationError.unsupported(step: "assign_wcs", reason: "the footprint's corners have no sky position")
        }
        return region
    }
}
