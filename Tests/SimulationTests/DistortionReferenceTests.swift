import Foundation
import InteropSupport
import Testing
@testable import Simulation
import WCS
import WFI

@Suite struct DistortionReferenceTests {
    /// roman_datamodels opens and validates our distortion file; its
    /// `coordinate_distortion_transform` and `.inverse` evaluated by astropy equal our V2/V3 and
    /// pixels; the bounding box is the 4088x4088 array's.
    @Test func romanDatamodelsEvaluatesOurDistortion() throws {
        let dir = try TemporaryDirectory()
        for detector in [1, 7, 18] {
            let model = try DistortionReference.make(detector: detector, useAfter: "2024-01-01T00:00:00.000")
            #expect(model.problems().isEmpty)
            let path = dir.file("roman_wfi\(detector)_distortion.asdf")
            try model.write(to: path)
            let back = try RomanDataModel(contentsOf: path)
            #expect(back.meta("instrument/detector")?.stringValue == String(format: "WFI%02d", detector))
            let geometry = try DetectorGeometry(detector: detector)
            let transform = try Transform(node: try #require(back.node["coordinate_distortion_transform"]))
            #expect(transform == geometry.distortion)

            var rng = SplitMix64(seed: UInt64(detector))
            let pixels = (0..<40).map { _ in [Double.random(in: -0.5..<4087.5, using: &rng), Double.random(in: -0.5..<4087.5, using: &rng)] }
            let v2v3 = try pixels.map { try geometry.distortion($0) }
            let ourPixels = try v2v3.map { try geometry.distortion.inverse($0) }
            let reply = try #require(try PythonTools.json("wcs_check.py", ["eval", path, "roman"],
                                                          request: ["forward": pixels, "inverse": v2v3], in: dir))
            #expect(maxDifference(PythonTools.points(reply["forward"]), v2v3) < 1e-9)
            #expect(maxDifference(PythonTools.points(reply["inverse"]), ourPixels) < 1e-9)
            #expect(PythonTools.points(reply["bounding_box"]) == [[-0.5, 4087.5], [-0.5, 4087.5]])
        }
    }
}

private func maxDifference(_ a: [[Double]], _ b: [[Double]]) -> Double {
    guard a.count == b.count, !a.isEmpty else { return .infinity }
    return zip(a, b).map { p, q in p.count == q.count ? zip(p, q).map { abs($0 - $1) }.max() ?? 0 : .infinity }.max() ?? .infinity
}
