import Foundation
import Simulation
import Tables
import WCS
import WFI
@testable import Astrometry

/// A simulated exposure to align (`VisitSimulation.sourceLists`): a random sky, a recorded
/// pointing off the true one by a pointing and a roll error, every detector's source list from the
/// truth with centroid noise, its L2 WCS from the recorded pointing, and the Gaia-like catalog.
struct AlignmentScenario {
    var lists: SimulatedSourceLists
    var detectors: [DetectorImage]
    var catalog: ReferenceCatalog

    var truth: [DetectorProjection] { lists.truth }
    var epoch: Double { lists.epoch }
    var claimed: Attitude { lists.claimedAttitude }

    static func make(detectors numbers: [Int] = Array(1...18), density: Double = 6, east: Double = 2.5, north: Double = -1.8,
                     roll: Double = 25, noise: Double = 0.03, seed: UInt64 = 11) throws -> AlignmentScenario {
        var simulation = VisitSimulation(visit: try VisitID(parsing: "0000101001001001001"))
        simulation.detectors = numbers
        simulation.density = density
        simulation.seed = seed
        simulation.pointingError = PointingError(east: east, north: north, roll: roll)
        let lists = try simulation.sourceLists(centroidNoise: noise)
        let images = lists.detectors.indices.map { i in
            DetectorImage(name: lists.truth[i].geometry.name, wcs: lists.wcs[i], v2Ref: lists.claimedReference[i].v2Ref,
                          v3Ref: lists.claimedReference[i].v3Ref, rollRef: lists.claimedReference[i].rollRef,
                          sources: SourceList(x: lists.x[i], y: lists.y[i]))
        }
        let catalog = try ReferenceCatalog(columns: lists.catalog, name: "r0000101001001001001_gaia.ecsv", file: "gaia")
        return AlignmentScenario(lists: lists, detectors: images, catalog: catalog)
    }

    /// RMS and largest sky error (mas) of `wcs(i)` against the truth over a 9 x 9 grid of each
    /// detector `i` in `indices` (default all).
    func skyError(_ indices: [Int]? = nil, _ wcs: (Int) -> GWCS) throws -> (rms: Double, max: Double) {
        var sum = 0.0, count = 0, worst = 0.0
        let steps = (0...8).map { -0.5 + 4088 * Double($0) / 8 }
        let pixels = steps.flatMap { y in steps.map { x in [x, y] } }
        for d in indices ?? Array(truth.indices) {
            let sky = try wcs(d).evaluate(pixels)
            for (p, s) in zip(pixels, sky) {
                let t = truth[d].sky(x: p[0], y: p[1])
                let e = SphericalOffset.separation(t.ra, t.dec, s[0], s[1]) * 3_600_000
                sum += e * e
                count += 1
                worst = max(worst, e)
            }
        }
        return ((sum / Double(count)).squareRoot(), worst)
    }
}
