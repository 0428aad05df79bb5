import Foundation
import Tables
import WCS
import WFI

/// What a perfect source extractor would find on every detector of one simulated exposure,
/// without rendering pixels: the truth's stars (and, as sources with no astrometric reference,
/// every third galaxy) through the *true* attitude and SIAF distortion, with Gaussian centroid
/// noise, together with the L2 WCS each detector's metadata gives (the *claimed* attitude,
/// romancal's assign_wcs pipeline) and the Gaia-like catalog of the scene. For astrometric
/// alignment tests and benchmarks: the truth is `truth[i].sky(x:y:)`.
public struct SimulatedSourceLists: Sendable {
    /// WFI detector numbers, and per detector: the true projection, the claimed L2 WCS and its
    /// `meta.wcsinfo` reference point (`claimedReference`).
    public var detectors: [Int]
    public var truth: [DetectorProjection]
    public var wcs: [GWCS]
    public var claimedReference: [Attitude]
    /// Source positions per detector, 0-based science-array pixels, inside the array.
    public var x: [[Double]]
    public var y: [[Double]]
    /// The Gaia-like catalog (epoch 2016.0, proper motions; `AstrometricCatalog`).
    public var catalog: ECSVTable
    /// Julian year of the exposure (the truth positions' epoch).
    public var epoch: Double
    public var claimedAttitude: Attitude
}

extension VisitSimulation {
    /// The source lists of exposure 1 of the visit's detectors, with `centroidNoise` pixels of
    /// Gaussian noise per axis.
    public func sourceLists(centroidNoise: Double = 0.03) throws -> SimulatedSourceLists {
        let sky = try sources()
        let claimed = claimedAttitude(exposure: 1)
        guard let filter = FilterProperties.of(element) else { throw SimulationError.notImaging(element) }
        var random = RandomSource(seed: seed, stream: 0x4345_4E54)
        var lists = SimulatedSourceLists(detectors: detectors, truth: [], wcs: [], claimedReference: [], x: [], y: [],
                                         catalog: AstrometricCatalog.seeded(seed).table(sky, observationEpoch: try observationEpoch()),
                                         epoch: try observationEpoch(), claimedAttitude: claimed)
        let edge = Double(scienceSize) - 0.5
        for n in detectors {
            let view = try projection(exposure: 1, detector: n)
            let scene = view.project(sky, filter: filter, element: element)
            let points = scene.stars.map { ($0.x, $0.y) } + scene.galaxies.enumerated().filter { $0.offset % 3 == 0 }.map { ($0.element.x, $0.element.y) }
            let inside = points.filter { $0.0 > -0.5 && $0.0 < edge && $0.1 > -0.5 && $0.1 < edge }
            lists.x.append(inside.map { $0.0 + centroidNoise * random.gaussian() })
            lists.y.append(inside.map { $0.1 + centroidNoise * random.gaussian() })
            let reference = try claimed.reference(detector: n)
            let distortion = try DistortionReference.transform(view.geometry, scienceSize: scienceSize)
            lists.truth.append(view)
            lists.claimedReference.append(reference)
            lists.wcs.append(try GWCS.romanImage(distortion: distortion, v2Ref: reference.v2Ref, v3Ref: reference.v3Ref,
                                                 raRef: reference.raRef, decRef: reference.decRef, rollRef: reference.rollRef,
                                                 velocityAberrationScale: 1, boundingBox: GWCS.boundingBox(shape: [scienceSize, scienceSize])))
        }
        return lists
    }
}

extension AstrometricCatalog {
    /// The catalog maker with `seed`.
    static func seeded(_ seed: UInt64) -> AstrometricCatalog {
        var catalog = AstrometricCatalog()
        catalog.seed = seed
        return catalog
    }
}
