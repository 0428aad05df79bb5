import Foundation
import InteropSupport
import Testing
@testable import WCS

@Suite struct AttitudeTests {
    static let cases: [(ra: Double, dec: Double, roll: Double)] = [(10, -30, 30), (270, 66.56, 250), (123.4, 89.99, 45), (359.9, -89.95, 300)]

    /// v2v3 -> sky and back equal astropy's RotationSequence3D chain (romancal v23tosky) to 1e-6
    /// arcsec, including pointings next to both poles.
    @Test func matchesAstropy() throws {
        let dir = try TemporaryDirectory()
        let c = RomanSIAF.center
        for (i, p) in Self.cases.enumerated() {
            let attitude = Attitude(v2Ref: c.v2Ref, v3Ref: c.v3Ref, raRef: p.ra, decRef: p.dec, rollRef: p.roll)
            var rng = SplitMix64(seed: UInt64(i))
            let tel = (0..<40).map { _ in [c.v2Ref + Double.random(in: -2000...2000, using: &rng), c.v3Ref + Double.random(in: -2000...2000, using: &rng)] }
            let sky = tel.map { let s = attitude.sky(v2: $0[0], v3: $0[1]); return [s.ra, s.dec] }
            let request: [String: Any] = ["v2_ref": c.v2Ref, "v3_ref": c.v3Ref, "ra_ref": p.ra, "dec_ref": p.dec, "roll_ref": p.roll,
                                          "forward": tel, "inverse": sky]
            let reply = try #require(try PythonTools.json("wcs_check.py", ["sky"], request: request, in: dir))
            let astropySky = PythonTools.points(reply["forward"])
            #expect(astropySky.count == sky.count)
            for (a, b) in zip(astropySky, sky) {
                #expect(separation(a, b) < 1e-6, "case \(i): \(a) vs \(b)")
            }
            let back = sky.map { let t = attitude.telescope(ra: $0[0], dec: $0[1]); return [t.v2, t.v3] }
            #expect(maxDifference(PythonTools.points(reply["inverse"]), back) < 1e-6, "case \(i) inverse")
            #expect(maxDifference(back, tel) < 1e-6, "case \(i) round trip")
            let ref = attitude.sky(v2: c.v2Ref, v3: c.v3Ref)
            #expect(separation([ref.ra, ref.dec], [p.ra, p.dec]) < 1e-6)
        }
    }

    /// One pointing seen from every detector: each detector's (ra_ref, dec_ref, roll_ref) gives
    /// the same sky for every telescope point, and PA_V3 is what was asked for.
    /// Near (not across) the poles too: V1 is ~0.5° from WFI_CEN, so a reference within 0.5° of
    /// a pole makes PA_V3 nearly independent of the roll (see `Attitude.init(v2:v3:ra:dec:paV3:)`).
    @Test func focalPlaneIsConsistent() throws {
        let cases: [(ra: Double, dec: Double, roll: Double)] = [(10, -30, 30), (270, 66.56, 250), (123.4, 88.5, 45), (359.9, -88, 300)]
        for p in cases {
            let c = RomanSIAF.center
            let pointing = Attitude(v2: c.v2Ref, v3: c.v3Ref, ra: p.ra, dec: p.dec, paV3: p.roll)
            #expect(abs(Attitude.wrap180(pointing.paV3 - p.roll)) < 1e-9)
            let ref = pointing.sky(v2: c.v2Ref, v3: c.v3Ref)
            #expect(separation([ref.ra, ref.dec], [p.ra, p.dec]) < 1e-6)
            let v1 = pointing.v1
            let fromV1 = Attitude(raV1: v1.ra, decV1: v1.dec, paV3: pointing.paV3)
            for n in 1...18 {
                let detector = try pointing.reference(detector: n)
                let a = try RomanSIAF.detector(n)
                #expect(abs(detector.v2Ref - a.v2Ref) == 0)
                for (v2, v3) in [(a.v2Ref + 100, a.v3Ref - 50), (0.0, 0.0), (c.v2Ref, c.v3Ref)] {
                    let s1 = pointing.sky(v2: v2, v3: v3), s2 = detector.sky(v2: v2, v3: v3), s3 = fromV1.sky(v2: v2, v3: v3)
                    #expect(separation([s1.ra, s1.dec], [s2.ra, s2.dec]) < 1e-6)
                    #expect(separation([s1.ra, s1.dec], [s3.ra, s3.dec]) < 1e-6)
                }
            }
        }
    }
}

/// Angular separation of two (RA, Dec) deg points, in arcsec (Vincenty formula).
func separation(_ a: [Double], _ b: [Double]) -> Double {
    let (l1, b1, l2, b2) = (a[0] * .pi / 180, a[1] * .pi / 180, b[0] * .pi / 180, b[1] * .pi / 180)
    let dl = l2 - l1
    let num = hypot(cos(b2) * sin(dl), cos(b1) * sin(b2) - sin(b1) * cos(b2) * cos(dl))
    let den = sin(b1) * sin(b2) + cos(b1) * cos(b2) * cos(dl)
    return atan2(num, den) * 180 / .pi * 3600
}
