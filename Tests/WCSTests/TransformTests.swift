import ASDF
import Foundation
import InteropSupport
import Testing
@testable import WCS

/// A compound like the Roman distortion: shifts, scales, a mapping, two polynomials, an affine.
func sampleCompound() throws -> Transform {
    var px = Polynomial2D(degree: 3), py = Polynomial2D(degree: 3)
    // The same coefficients as wcs_check.py's `write` model.
    px[0, 0] = 1.5; px[1, 0] = 0.11; px[0, 1] = 0.002; px[2, 0] = 1e-6; px[1, 1] = -2e-6; px[0, 2] = 3e-6
    px[3, 0] = 1e-9; px[0, 3] = -1e-9
    py[0, 0] = -2.5; py[1, 0] = -0.001; py[0, 1] = 0.107; py[2, 0] = -4e-6; py[1, 1] = 5e-6; py[2, 1] = 2e-10
    let forward = (Transform.shift(-2043.5) & .shift(-2043.5)) | (Transform.scale(1 / 2048) & .scale(1 / 2048))
        | .mapping([0, 1, 0, 1]) | (Transform.polynomial(px) & .polynomial(py))
        | .affine(matrix: [[0.5, -0.866], [0.866, 0.5]], translation: [100, -200])
    var qx = Polynomial2D(degree: 1), qy = Polynomial2D(degree: 1)
    qx[1, 0] = 9; qx[0, 1] = 0.1; qy[1, 0] = -0.2; qy[0, 1] = 9.3
    let inverse = Transform.identity(2) | .mapping([0, 1, 0, 1]) | (Transform.polynomial(qx) & .polynomial(qy))
        | (Transform.shift(2043.5) & .shift(2043.5))
    return try forward.withInverse(inverse).withBoundingBox([-0.5...4087.5, -0.5...4087.5]).named("sample")
}

func randomPixels(_ count: Int, seed: UInt64, size: Double = 4088) -> [[Double]] {
    var rng = SplitMix64(seed: seed)
    return (0..<count).map { _ in [Double.random(in: -0.5..<(size - 0.5), using: &rng), Double.random(in: -0.5..<(size - 0.5), using: &rng)] }
}

func maxDifference(_ a: [[Double]], _ b: [[Double]]) -> Double {
    guard a.count == b.count, !a.isEmpty else { return .infinity }
    return zip(a, b).map { p, q in p.count == q.count ? zip(p, q).map { abs($0 - $1) }.max() ?? 0 : .infinity }.max() ?? .infinity
}

@Suite struct TransformTests {
    @Test func evaluatesAndInvertsSimpleModels() throws {
        #expect(try Transform.shift(2)([3]) == [5])
        #expect(try Transform.scale(4)([3]) == [12])
        #expect(try Transform.mapping([1, 0, 1])([7, 8]) == [8, 7, 8])
        #expect(try Transform.mapping([0, 1, 0, 1]).inverse([1, 2, 1, 2]) == [1, 2])
        let affine = Transform.affine(matrix: [[1, 2], [3, 4]], translation: [5, 6])
        #expect(try affine([1, 1]) == [8, 13])
        let back = try affine.inverse([8, 13])
        #expect(abs(back[0] - 1) < 1e-12 && abs(back[1] - 1) < 1e-12)
        var p = Polynomial2D(degree: 2)
        p[0, 0] = 1; p[1, 0] = 2; p[0, 1] = 3; p[2, 0] = 0.5; p[1, 1] = 0.25; p[0, 2] = 0.125
        #expect(try Transform.polynomial(p)([2, 3]) == [1 + 4 + 9 + 2 + 1.5 + 1.125])
        #expect(throws: TransformError.self) { _ = try Transform.polynomial(p).inverse }
        #expect(throws: TransformError.self) { _ = try Transform.shift(1)([1, 2]) }
        let chain = (Transform.shift(1) & .scale(2)) | .affine(matrix: [[0, 1], [1, 0]])
        #expect(try chain([1, 1]) == [2, 2])
        #expect(try chain.inverse(chain([3, 5])) == [3, 5])
        #expect(chain.inputNames == ["x0", "x1"] && chain.outputNames == ["x", "y"])
    }

    @Test func nodeRoundTripKeepsEverything() throws {
        let model = try sampleCompound()
        let back = try Transform(node: model.node)
        #expect(back == model)
        #expect(back.explicitInverse != nil && back.boundingBox?.first == -0.5...4087.5)
        // Through a file (inline arrays, YAML floats).
        let dir = try TemporaryDirectory()
        try ASDFFile(tree: .map(["model": model.node])).write(to: dir.file("m.asdf"))
        let read = try Transform(node: try #require(ASDFFile(contentsOf: dir.file("m.asdf")).tree["model"]))
        #expect(read == model)
        for point in randomPixels(20, seed: 3) {
            #expect(try read(point) == model(point))
        }
    }

    @Test func rejectsMalformedNodes() {
        #expect(throws: TransformError.self) { _ = try Transform(node: .tagged("tag:stsci.edu:asdf/transform/shift-1.4.0", .map([:]))) }
        #expect(throws: TransformError.self) { _ = try Transform(node: .tagged("tag:stsci.edu:asdf/transform/gnomonic-1.4.0", .map([:]))) }
        #expect(throws: TransformError.self) { _ = try Transform(node: .map(["offset": 1])) }
    }

    /// Python asdf (asdf-astropy 0.11.0) opens our transforms and evaluates them like we do.
    @Test func pythonEvaluatesOurTransforms() throws {
        let dir = try TemporaryDirectory()
        let model = try sampleCompound()
        let simple: [String: Transform] = [
            "model": model,
            "affine": .affine(matrix: [[1.1, 0.2], [-0.3, 0.9]], translation: [5, -6]),
            "mapping": .mapping([1], inputs: 2),
            "identity": .identity(2) | (Transform.shift(3.25) & .scale(-0.5)),
        ]
        var tree = Node.map([:])
        for (key, t) in simple { tree[key] = t.node }
        try ASDFFile(tree: tree).write(to: dir.file("ours.asdf"))
        for (key, t) in simple {
            let points = randomPixels(50, seed: 7)
            let outputs = try points.map { try t($0) }
            let inverseInputs = Array(outputs.prefix(10))
            var request: [String: Any] = ["forward": points]
            let invertible = (try? t.inverse) != nil
            if invertible { request["inverse"] = inverseInputs }
            let reply = try #require(try PythonTools.json("wcs_check.py", ["eval", dir.file("ours.asdf"), key], request: request, in: dir))
            #expect(maxDifference(PythonTools.points(reply["forward"]), outputs) < 1e-9, "\(key)")
            if invertible {
                let ours = try inverseInputs.map { try t.inverse($0) }
                #expect(maxDifference(PythonTools.points(reply["inverse"]), ours) < 1e-9, "\(key) inverse")
            }
        }
    }

    /// A model written by Python (compound with polynomials, explicit inverse, bounding box)
    /// reads and evaluates identically.
    @Test func readsPythonWrittenModels() throws {
        let dir = try TemporaryDirectory()
        let points = randomPixels(50, seed: 11)
        let inversePoints = randomPixels(10, seed: 12, size: 300)
        let reply = try #require(try PythonTools.json("wcs_check.py", ["write", dir.file("py.asdf")],
                                                      request: ["forward": points, "inverse": inversePoints], in: dir))
        let model = try Transform(node: try #require(ASDFFile(contentsOf: dir.file("py.asdf")).tree["model"]))
        #expect(model.explicitInverse != nil)
        #expect(model.boundingBox == [-0.5...4087.5, -0.5...4087.5])
        #expect(maxDifference(PythonTools.points(reply["forward"]), try points.map { try model($0) }) < 1e-9)
        #expect(maxDifference(PythonTools.points(reply["inverse"]), try inversePoints.map { try model.inverse($0) }) < 1e-9)
        // And it equals the same model built here (Python's polynomials carry domain/window [-1, 1]).
        let ours = try sampleCompound()
        #expect(maxDifference(try points.map { try model($0) }, try points.map { try ours($0) }) < 1e-9)
    }
}
