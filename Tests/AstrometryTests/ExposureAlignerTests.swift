import Foundation
import InteropSupport
import Simulation
import Testing
import WCS
@testable import Astrometry

/// The whole-focal-plane alignment on simulated exposures with a known pointing and roll error.
@Suite struct ExposureAlignerTests {
    /// 18 detectors, 2.5" east, −1.8" north and 25" of roll off: after the fit the WCS agrees with
    /// the truth to better than 5 mas RMS over every detector.
    @Test func recoversPointingAndRoll() throws {
        let scenario = try AlignmentScenario.make()
        let before = try scenario.skyError { scenario.detectors[$0].wcs }
        #expect(before.rms > 2000)
        let result = try ExposureAligner().align(scenario.detectors, catalog: scenario.catalog, epoch: scenario.epoch)
        let after = try scenario.skyError { result.detectors[$0].wcs }
        #expect(after.rms < 5, "RMS \(after.rms) mas, worst \(after.max) mas")
        #expect(after.max < 15)
        #expect(result.matches > 200 && result.fit.used > 200)
        // The fitted rotation is the turn, in the fit's tangent plane, of a short northward arc
        // carried from the claimed to the true attitude: the roll error plus ΔRA·sin Dec from the
        // east offset (a turn about the celestial pole).
        let p = result.plane.centre
        let q = SphericalOffset.destination(ra: p.ra, dec: p.dec, separation: 0.1, bearing: 0)
        let trueAttitude = scenario.truth[0].attitude
        func moved(_ ra: Double, _ dec: Double) -> (ra: Double, dec: Double) {
            let t = scenario.claimed.telescope(ra: ra, dec: dec)
            return trueAttitude.sky(v2: t.v2, v3: t.v3)
        }
        let (p1, q1) = (moved(p.ra, p.dec), moved(q.ra, q.dec))
        let d = result.plane.project(SkyPosition(ra: q1.ra, dec: q1.dec)) - result.plane.project(SkyPosition(ra: p1.ra, dec: p1.dec))
        let turn = atan2(d.x, d.y) * 180 / .pi * 3600
        #expect(abs(result.fit.rotationArcsec - turn) < 1, "rotation \(result.fit.rotationArcsec)\" expected \(turn)\"")
        #expect(hypot(result.fit.shift.x, result.fit.shift.y) > 1)
        #expect(result.detectors.allSatisfy { $0.linearityError < 1e-4 && $0.wcs.name == "FIT-LVL2-r0000101001001001001_gaia.ecsv" })
        #expect(result.detectors.allSatisfy { $0.wcs.frames.map(\.name) == ["detector", "v2v3", "v2v3vacorr", "v2v3corr", "world"] })
        // Without propagating the catalog to the exposure epoch, the fit is visibly worse.
        let stale = try ExposureAligner().align(scenario.detectors, reference: scenario.catalog.stars.map { SkyPosition(ra: $0.ra, dec: $0.dec) },
                                                referenceName: "stale")
        #expect(stale.fit.rmse > 2 * result.fit.rmse)
        // Aligning the aligned WCSs again changes them by microarcseconds and keeps one correction.
        var again = scenario.detectors
        for i in again.indices { again[i].wcs = result.detectors[i].wcs }
        let second = try ExposureAligner().align(again, catalog: scenario.catalog, epoch: scenario.epoch)
        #expect(hypot(second.fit.shift.x, second.fit.shift.y) < 0.005)
        #expect(second.detectors[0].wcs.frames.count == 5)
        #expect(try scenario.skyError { second.detectors[$0].wcs }.rms < 5)
    }

    /// A detector without sources is corrected with the others; a catalog with 30% false entries
    /// gives the same answer.
    @Test func emptyDetectorAndFalseReferences() throws {
        var scenario = try AlignmentScenario.make(detectors: [1, 2, 3, 4, 5, 6, 7, 8, 9], east: -3.2, north: 2.1, roll: -40, seed: 23)
        scenario.detectors[4].sources = .empty
        var stars = scenario.catalog.stars
        var random = SplitMix64(seed: 99)
        let decs = stars.map(\.dec), ras = stars.map(\.ra)
        let (d0, d1, a0, a1) = (decs.min()!, decs.max()!, ras.min()!, ras.max()!)
        let fakes = Int(Double(stars.count) * 0.3 / 0.7)
        for k in 0..<fakes {
            stars.append(ReferenceStar(id: Int64(10_000_000 + k), ra: Double.random(in: a0...a1, using: &random),
                                       dec: Double.random(in: d0...d1, using: &random), epoch: 2016))
        }
        let polluted = ReferenceCatalog(name: "polluted", stars: stars.shuffled(using: &random))
        let result = try ExposureAligner().align(scenario.detectors, catalog: polluted, epoch: scenario.epoch)
        #expect(result.detectors[4].matches == 0 && result.detectors[4].rms.isNaN)
        let error = try scenario.skyError { result.detectors[$0].wcs }
        #expect(error.rms < 5, "RMS \(error.rms) mas")
        // The empty detector's own error is as small as the others'.
        #expect(try scenario.skyError([4]) { result.detectors[$0].wcs }.rms < 5)
    }

    /// Too few stars: a typed error naming the counts (the caller leaves the WCS as it was).
    @Test func tooFewMatches() throws {
        let scenario = try AlignmentScenario.make(detectors: [1, 2], density: 6, seed: 5)
        let few = ReferenceCatalog(name: "few", stars: Array(scenario.catalog.stars.prefix(6)))
        #expect {
            _ = try ExposureAligner().align(scenario.detectors, catalog: few, epoch: scenario.epoch)
        } throws: { error in
            guard case AlignmentError.tooFewMatches(let found, let required, _, let references)? = error as? AlignmentError else { return false }
            return found < required && required == 10 && references <= 6
        }
        #expect(throws: AlignmentError.self) { _ = try ExposureAligner().align([], reference: [], referenceName: "none") }
        var bad = AlignmentParameters()
        bad.separation = 0.5
        #expect(throws: AlignmentError.self) {
            _ = try ExposureAligner(parameters: bad).align(scenario.detectors, catalog: scenario.catalog, epoch: scenario.epoch)
        }
    }

    /// With `rscale`, a plate-scale error (an unmodelled velocity aberration of 1e-4) is fitted too.
    @Test func fitsScale() throws {
        let scenario = try AlignmentScenario.make(detectors: [3, 6, 9, 12], east: 1, north: 1, roll: 10, seed: 31)
        // The claimed plate scale 1e-4 too large about the field centre (WFI_CEN).
        let (s, centre) = (1.0001, RomanSIAF.center)
        let scaling = Transform.affine(matrix: [[s, 0], [0, s]], translation: [(1 - s) * centre.v2Ref, (1 - s) * centre.v3Ref])
        var detectors = scenario.detectors
        for i in detectors.indices {
            var steps = detectors[i].wcs.steps
            let distortion = try #require(steps[0].transform)
            var scaled = distortion | scaling
            scaled.boundingBox = distortion.boundingBox
            scaled.explicitInverse = try scaling.inverse | distortion.inverse
            steps[0].transform = scaled
            detectors[i].wcs = try GWCS(steps: steps)
        }
        var parameters = AlignmentParameters()
        parameters.geometry = .rscale
        let result = try ExposureAligner(parameters: parameters).align(detectors, catalog: scenario.catalog, epoch: scenario.epoch)
        #expect(abs(result.fit.scale - 1 / 1.0001) < 3e-6, "scale \(result.fit.scale)")
        #expect(try scenario.skyError { result.detectors[$0].wcs }.rms < 5)
    }
}

