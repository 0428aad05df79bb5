import Foundation
import InteropSupport
import Simulation
import Tables
import WCS
import WFI
@testable import Astrometry

/// A simulated exposure to align: a random sky; the true telescope attitude; the attitude the
/// metadata claims, off by a pointing and a roll error; every detector's source list from the
/// truth through the true geometry with Gaussian centroid noise (stars, plus galaxies that have
/// no reference); each detector's L2 WCS (romancal's pipeline) from the claimed attitude; and the
/// simulator's Gaia-like catalog (epoch 2016.0, proper motions).
struct AlignmentScenario {
    var truth: [DetectorProjection]
    var detectors: [DetectorImage]
    var catalog: ReferenceCatalog
    var catalogTable: ECSVTable
    var epoch: Double
    var claimed: Attitude

    static func make(detectors numbers: [Int] = Array(1...18), density: Double = 6, east: Double = 2.5, north: Double = -1.8,
                     roll: Double = 25, noise: Double = 0.03, seed: UInt64 = 11) throws -> AlignmentScenario {
        var simulation = VisitSimulation(visit: try VisitID(parsing: "0000101001001001001"))
        simulation.detectors = numbers
        simulation.density = density
        simulation.seed = seed
        let sky = try simulation.sources()
        let trueAttitude = simulation.attitude(exposure: 1)
        let claimed = trueAttitude.offset(eastArcsec: east, northArcsec: north, rollArcsec: roll)
        let epoch = try simulation.observationEpoch()
        guard let filter = FilterProperties.of(.f158) else { throw AlignmentError.invalidParameters("no F158 filter") }
        var random = SplitMix64(seed: seed ^ 0xA5A5)
        func gaussian() -> Double {
            let u = max(Double(random.next() >> 11) * 0x1.0p-53, 1e-300), v = Double(random.next() >> 11) * 0x1.0p-53
            return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        }
        var truth: [DetectorProjection] = [], images: [DetectorImage] = []
        for n in numbers {
            let view = try DetectorProjection(detector: n, attitude: trueAttitude)
            let scene = view.project(sky, filter: filter, element: .f158)
            let positions = scene.stars.map { ($0.x, $0.y) } + scene.galaxies.enumerated().filter { $0.offset % 3 == 0 }.map { ($0.element.x, $0.element.y) }
            let inside = positions.filter { $0.0 > -0.5 && $0.0 < 4087.5 && $0.1 > -0.5 && $0.1 < 4087.5 }
            let sources = SourceList(x: inside.map { $0.0 + noise * gaussian() }, y: inside.map { $0.1 + noise * gaussian() })
            let reference = try claimed.reference(detector: n)
            let wcs = try GWCS.romanImage(distortion: view.geometry.distortion, v2Ref: reference.v2Ref, v3Ref: reference.v3Ref,
                                          raRef: reference.raRef, decRef: reference.decRef, rollRef: reference.rollRef,
                                          velocityAberrationScale: 1, boundingBox: GWCS.boundingBox(shape: [4088, 4088]))
            truth.append(view)
            images.append(DetectorImage(name: view.geometry.name, wcs: wcs, v2Ref: reference.v2Ref, v3Ref: reference.v3Ref,
                                        rollRef: reference.rollRef, sources: sources))
        }
        var gaia = AstrometricCatalog()
        gaia.seed = seed
        let table = gaia.table(sky, observationEpoch: epoch)
        let catalog = try ReferenceCatalog(columns: table, name: "r0000101001001001001_gaia.ecsv", file: "gaia")
        return AlignmentScenario(truth: truth, detectors: images, catalog: catalog, catalogTable: table, epoch: epoch, claimed: claimed)
    }

    /// RMS and largest sky error (mas) of `wcs(d)` against the truth over a 9 x 9 grid of every
    /// detector.
    func skyError(_ wcs: (Int) -> GWCS) throws -> (rms: Double, max: Double) {
        var sum = 0.0, count = 0, worst = 0.0
        let steps = (0...8).map { -0.5 + 4088 * Double($0) / 8 }
        for (d, view) in truth.enumerated() {
            let pixels = steps.flatMap { y in steps.map { x in [x, y] } }
            let sky = try wcs(d).evaluate(pixels)
            for (p, s) in zip(pixels, sky) {
                let t = view.sky(x: p[0], y: p[1])
                let e = SphericalOffset.separation(t.ra, t.dec, s[0], s[1]) * 3_600_000
                sum += e * e
                count += 1
                worst = max(worst, e)
            }
        }
        return ((sum / Double(count)).squareRoot(), worst)
    }
}
