import Foundation
import InteropSupport
import Testing
import WCS
@testable import Astrometry

/// romancal's own absolute alignment (stcal 1.20.0 `tweakreg.absolute_align`, tweakwcs 0.9.3,
/// romancal's abs_* defaults, `rshift`) on exactly our inputs: both recover the truth, and the
/// two corrected WCSs agree.
@Suite struct TweakregComparisonTests {
    @Test func agreesWithTweakreg() throws {
        let scenario = try AlignmentScenario.make(detectors: [1, 4, 7, 10, 13, 16], east: 1.5, north: 2.2, roll: -30, seed: 41)
        let positions = scenario.catalog.positions(at: scenario.epoch, observer: ObserverPosition.roman(julianYear: scenario.epoch))
        let ours = try ExposureAligner().align(scenario.detectors, reference: positions, referenceName: "refcat.ecsv")
        let dir = try TemporaryDirectory()
        try AlignmentInputExport.write(scenario.detectors, reference: positions, to: dir.path)
        let steps = (0...6).map { -0.5 + 4088 * Double($0) / 6 }
        let points = steps.flatMap { y in steps.map { x in [x, y] } }
        let request: [String: Any] = [
            "detectors": scenario.detectors.map { ["name": $0.name, "v2_ref": $0.v2Ref, "v3_ref": $0.v3Ref, "roll_ref": $0.rollRef] },
            "fitgeom": "rshift", "points": points,
        ]
        let reply = try #require(try PythonTools.json("astrometry_check.py", ["tweakreg", dir.path], request: request, in: dir))
        let fit = try #require(reply["fit"] as? [String: Any])
        #expect(fit["status"] as? String == "SUCCESS")
        let sky = try #require(reply["sky"] as? [String: Any])
        var worst = 0.0
        for d in ours.detectors {
            let theirs = PythonTools.points(sky[d.name])
            let mine = try d.wcs.evaluate(points)
            for (a, b) in zip(theirs, mine) { worst = max(worst, hypot((a[0] - b[0]) * cos(b[1] * .pi / 180), a[1] - b[1]) * 3_600_000) }
        }
        #expect(worst < 5, "ours and tweakreg's corrected WCSs differ by up to \(worst) mas")
        #expect(try scenario.skyError { ours.detectors[$0].wcs }.rms < 5)
        // tweakwcs reports its rotation in its own tangent plane; about ours.
        #expect(abs((fit["proper_rot"] as? Double ?? .nan) * 3600 - ours.fit.rotationArcsec) < 2)
        // Both matched most of the same stars.
        let theirMatches = fit["nmatches"] as? Int ?? 0
        #expect(theirMatches > ours.matches * 3 / 4 && ours.matches > theirMatches * 3 / 4)
    }
}
