import ASDF
import Foundation
import InteropSupport
import Testing
import WFI
@testable import WCS

/// A Roman-like distortion (pixel -> V2, V3 arcsec near WFI01) built as the reference file's:
/// shifts, 1/2048 scales, Mapping(0, 1, 0, 1), two Polynomial2D; linear so that its explicit
/// inverse (an affine, scales, shifts) is exact.
func linearDistortion() throws -> Transform {
    var px = Polynomial2D(degree: 1), py = Polynomial2D(degree: 1)
    px[0, 0] = 1546.4; px[1, 0] = 0.1101 * 2048; px[0, 1] = 0.0013 * 2048
    py[0, 0] = -892.1; py[1, 0] = -0.0011 * 2048; py[0, 1] = 0.1098 * 2048
    let forward = (Transform.shift(-2043.5) & .shift(-2043.5)) | (Transform.scale(1 / 2048) & .scale(1 / 2048))
        | .mapping([0, 1, 0, 1]) | (Transform.polynomial(px) & .polynomial(py))
    let (a, b, c, d) = (px[1, 0], px[0, 1], py[1, 0], py[0, 1])
    let det = a * d - b * c
    let m = [[d / det, -b / det], [-c / det, a / det]]
    let t = [-(m[0][0] * px[0, 0] + m[0][1] * py[0, 0]), -(m[1][0] * px[0, 0] + m[1][1] * py[0, 0])]
    let inverse = Transform.affine(matrix: m, translation: t) | (Transform.scale(2048) & .scale(2048))
        | (Transform.shift(2043.5) & .shift(2043.5))
    return try forward.withInverse(inverse).named("wfi01_distortion")
}

/// The pointing used by these tests (`meta.wcsinfo`): V2/V3 arcsec, RA/Dec/roll degrees.
let testWCSInfo: [String: Double] = ["v2_ref": 1546.4, "v3_ref": -892.1, "ra_ref": 80.5, "dec_ref": -69.3, "roll_ref": 123.4]

func romanTestWCS(vaScale: Double? = 1.000_13) throws -> GWCS {
    let i = testWCSInfo
    return try GWCS.romanImage(distortion: linearDistortion(), v2Ref: i["v2_ref"]!, v3Ref: i["v3_ref"]!, raRef: i["ra_ref"]!,
                               decRef: i["dec_ref"]!, rollRef: i["roll_ref"]!, velocityAberrationScale: vaScale,
                               boundingBox: GWCS.boundingBox(shape: [4088, 4088]))
}

/// Largest difference, NaN equal to NaN (`PointComparison`).
func maxDifferenceNaN(_ a: [[Double]], _ b: [[Double]]) -> Double { PointComparison.maxDifferenceNaN(a, b) }

@Suite struct GWCSTests {
    @Test func romanImageHasRomancalStructure() throws {
        let wcs = try romanTestWCS()
        #expect(wcs.frames.map(\.name) == ["detector", "v2v3", "v2v3vacorr", "world"])
        #expect(wcs.boundingBox == [-0.5...4087.5, -0.5...4087.5])
        #expect(wcs.outputFrame.isICRS && wcs.inputFrame.units == ["pixel", "pixel"])
        let dva = try #require(wcs.steps[1].transform)
        #expect(dva.name == "DVA_Correction" && dva.inputNames == ["v2", "v3"])
        #expect(wcs.steps[2].transform?.name == "v23tosky" && wcs.steps[2].transform?.outputNames == ["ra", "dec"])
        #expect(try romanTestWCS(vaScale: nil).steps[1].transform == Transform.identity(2).renamed(["v2", "v3"], ["v2", "v3"]))
        // DVA: v' = s v + (1 - s) v_ref keeps the reference point fixed.
        let fixed = try dva([testWCSInfo["v2_ref"]!, testWCSInfo["v3_ref"]!])
        #expect(abs(fixed[0] - testWCSInfo["v2_ref"]!) < 1e-9 && abs(fixed[1] - testWCSInfo["v3_ref"]!) < 1e-9)
        // Forward, inverse, bounding box.
        for p in randomPixels(20, seed: 31) {
            let back = try wcs.invert(wcs.evaluate(p))
            #expect(abs(back[0] - p[0]) < 1e-6 && abs(back[1] - p[1]) < 1e-6)
        }
        #expect(try wcs.evaluate([-1, 10]).allSatisfy(\.isNaN))
        #expect(try wcs.evaluate([4087.5, -0.5]).allSatisfy(\.isFinite))
        let sky = try wcs.evaluate([2043.5, 2043.5])
        #expect(sky[0] >= 0 && sky[0] < 360)
        #expect(throws: GWCSError.noSuchFrame("icrs")) { _ = try wcs.transform(from: "detector", to: "icrs") }
        let v2v3 = try wcs.transform(from: "world", to: "v2v3")([sky[0], sky[1]])
        let direct = try wcs.transform(from: "detector", to: "v2v3")([2043.5, 2043.5])
        #expect(abs(v2v3[0] - direct[0]) < 1e-7 && abs(v2v3[1] - direct[1]) < 1e-7)
    }

    @Test func nodeRoundTrip() throws {
        for wcs in [try romanTestWCS(), try romanTestWCS(vaScale: nil)] {
            let node = wcs.node
            #expect(node.tag == "tag:stsci.edu:gwcs/wcs-1.4.0")
            #expect(node["steps"]?.sequenceValue?.first?.tag == "tag:stsci.edu:gwcs/step-1.3.0")
            #expect(node[path: "steps/0/frame"]?.tag == "tag:stsci.edu:gwcs/frame2d-1.2.0")
            #expect(node[path: "steps/3/frame"]?.tag == "tag:stsci.edu:gwcs/celestial_frame-1.2.0")
            #expect(node[path: "steps/3/frame/reference_frame"]?.tag == GWCSTag.icrs)
            #expect(node[path: "steps/3/transform"]?.isNull == true)
            #expect(try GWCS(node: node) == wcs)
            let dir = try TemporaryDirectory()
            try ASDFFile(tree: .map(["wcs": node])).write(to: dir.file("wcs.asdf"))
            let read = try GWCS(node: try #require(ASDFFile(contentsOf: dir.file("wcs.asdf")).tree["wcs"]))
            #expect(read == wcs)
        }
        #expect(throws: GWCSError.self) { _ = try GWCS(node: .tagged(GWCSTag.wcs, .map(["name": "", "steps": []]))) }
        #expect(throws: GWCSError.self) { _ = try GWCS(node: .map(["steps": []])) }
        #expect(try Frame(node: "detector") == Frame.named("detector"))
    }

    /// asdf + gwcs open our node and evaluate `wcs(x, y)` and `wcs.invert(ra, dec)` as we do.
    @Test func pythonGWCSEvaluatesOurWCS() throws {
        let dir = try TemporaryDirectory()
        let wcs = try romanTestWCS()
        try ASDFFile(tree: .map(["wcs": wcs.node])).write(to: dir.file("ours.asdf"))
        let pixels = randomPixels(50, seed: 41) + [[-3, 100], [100, 4090]]
        let sky = try wcs.evaluate(pixels)
        let inside = Array(sky.prefix(50))
        let reply = try #require(try PythonTools.json("wcs_check.py", ["gwcs", dir.file("ours.asdf"), "wcs"],
                                                      request: ["forward": pixels, "inverse": inside], in: dir))
        #expect((reply["type"] as? String)?.hasSuffix("WCS") == true)
        #expect(reply["frames"] as? [String] == ["detector", "v2v3", "v2v3vacorr", "world"])
        #expect(PythonTools.points(reply["bounding_box"]) == [[-0.5, 4087.5], [-0.5, 4087.5]])
        #expect(maxDifferenceNaN(PythonTools.points(reply["forward"]), sky) < 1e-9)
        #expect(maxDifferenceNaN(PythonTools.points(reply["inverse"]), try inside.map { try wcs.invert($0) }) < 1e-6)
        #expect(maxDifferenceNaN(PythonTools.points(reply["inverse"]), Array(pixels.prefix(50))) < 1e-6)
    }

    /// The gwcs romancal's assign_wcs builds in Python from the same distortion and wcsinfo
    /// gives the same sky; the file it writes reads into an equal pipeline.
    @Test func matchesRomancalBuiltWCS() throws {
        for vaScale in [1.000_13, nil] as [Double?] {
            let dir = try TemporaryDirectory()
            let wcs = try romanTestWCS(vaScale: vaScale)
            try ASDFFile(tree: .map(["distortion": try linearDistortion().node])).write(to: dir.file("distortion.asdf"))
            let pixels = randomPixels(50, seed: 51)
            let sky = try wcs.evaluate(pixels)
            var request: [String: Any] = testWCSInfo
            request["va_scale"] = vaScale ?? NSNull()
            request["shape"] = [4088, 4088]
            request["forward"] = pixels
            request["inverse"] = sky
            let reply = try #require(try PythonTools.json(
                "wcs_check.py", ["romancal", dir.file("distortion.asdf"), "distortion", dir.file("romancal.asdf")],
                request: request, in: dir))
            #expect(maxDifferenceNaN(PythonTools.points(reply["forward"]), sky) < 1e-9, "va \(String(describing: vaScale))")
            #expect(maxDifferenceNaN(PythonTools.points(reply["inverse"]), pixels) < 1e-6)
            let theirs = try GWCS(node: try #require(ASDFFile(contentsOf: dir.file("romancal.asdf")).tree["wcs"]))
            #expect(theirs.frames == wcs.frames)
            #expect(theirs.boundingBox == wcs.boundingBox)
            #expect(theirs.steps[1].transform == wcs.steps[1].transform)
            #expect(maxDifferenceNaN(try theirs.evaluate(pixels), sky) < 1e-11)
        }
    }

    /// An L2 image with our gwcs at `meta/wcs` is schema-valid and opens in roman_datamodels
    /// with `model.meta.wcs` a `gwcs.WCS`.
    @Test func l2ImageModelCarriesOurWCS() throws {
        let dir = try TemporaryDirectory()
        let wcs = try romanTestWCS()
        var model = try ModelFactory.make(.image)
        model.set("meta/wcs", wcs.node)
        #expect(model.problems().isEmpty, "\(model.problems())")
        try model.write(to: dir.file("l2.asdf"))
        let reread = try RomanDataModel(contentsOf: dir.file("l2.asdf"))
        #expect(try GWCS(node: try #require(reread.meta("wcs"))) == wcs)
        let pixels = randomPixels(20, seed: 61)
        let reply = try #require(try PythonTools.json("wcs_check.py", ["gwcs", dir.file("l2.asdf"), "roman"],
                                                      request: ["forward": pixels], in: dir))
        #expect(reply["type"] as? String == "gwcs.wcs._wcs.WCS" || (reply["type"] as? String)?.hasSuffix(".WCS") == true)
        #expect(maxDifferenceNaN(PythonTools.points(reply["forward"]), try wcs.evaluate(pixels)) < 1e-9)
        // A wrong tag in meta/wcs is refused by the validator.
        model.set("meta/wcs", .tagged("tag:stsci.edu:asdf/transform/shift-1.4.0", .map(["offset": 1])))
        #expect(!model.problems().isEmpty)
    }
}

extension Transform {
    /// This transform with its input and output names replaced.
    func renamed(_ inputs: [String], _ outputs: [String]) -> Transform {
        var copy = self
        copy.inputNames = inputs
        copy.outputNames = outputs
        return copy
    }
}
