import ASDF
import Foundation
import InteropSupport
import Testing
@testable import WCS

/// Random unit vectors (all octants) and random (lon, lat) in degrees.
func randomUnitVectors(_ count: Int, seed: UInt64) -> [[Double]] {
    var rng = SplitMix64(seed: seed)
    return (0..<count).map { _ in
        SphericalCartesian.toCartesian(lon: .random(in: -180..<180, using: &rng), lat: .random(in: -89.9..<89.9, using: &rng))
    }
}

func randomSky(_ count: Int, seed: UInt64) -> [[Double]] {
    var rng = SplitMix64(seed: seed)
    return (0..<count).map { _ in [.random(in: -180..<360, using: &rng), .random(in: -89.9..<89.9, using: &rng)] }
}

@Suite struct SphericalModelTests {
    @Test func wrapsLongitudeLikeGWCS() throws {
        let v = SphericalCartesian.toCartesian(lon: -30, lat: 10)
        let wrapped360 = try Transform.cartesianToSpherical(wrapLonAt: 360)(v)
        let wrapped180 = try Transform.cartesianToSpherical(wrapLonAt: 180)(v)
        #expect(abs(wrapped360[0] - 330) < 1e-12 && abs(wrapped180[0] + 30) < 1e-12 && abs(wrapped180[1] - 10) < 1e-12)
        #expect(try Transform.cartesianToSpherical()([0, 0, 1]) == [0, 90])
        #expect(throws: TransformError.self) { _ = try Transform.sphericalToCartesian(wrapLonAt: 90) }
        #expect(throws: TransformError.self) { _ = try Transform.rotationSequence([1, 2], axesOrder: "xq") }
        #expect(throws: TransformError.self) { _ = try Transform.rotationSequence([1, 2], axesOrder: "xyz") }
    }

    @Test func rotationInverseUndoesIt() throws {
        let r = try Transform.rotationSequence([12, -40, 200, 33.3, -7], axesOrder: "zyxyz")
        for v in randomUnitVectors(20, seed: 1) {
            let back = try r.inverse(r(v))
            #expect(zip(back, v).allSatisfy { abs($0 - $1) < 1e-14 })
        }
    }

    /// `v23tosky` equals the `Attitude` rotation.
    @Test func v23ToSkyMatchesAttitude() throws {
        let (v2, v3, ra, dec, roll) = (1312.9, -516.3, 270.25, 66.5, 118.0)
        let sky = GWCS.v23ToSky(v2Ref: v2, v3Ref: v3, raRef: ra, decRef: dec, rollRef: roll)
        let attitude = Attitude(v2Ref: v2, v3Ref: v3, raRef: ra, decRef: dec, rollRef: roll)
        for p in randomPixels(30, seed: 5, size: 3000) {
            let (a, d) = attitude.sky(v2: p[0], v3: p[1] - 1500)
            let ours = try sky([p[0], p[1] - 1500])
            #expect(abs(ours[0] - a) < 1e-10 && abs(ours[1] - d) < 1e-10)
        }
        let center = try sky([v2, v3])
        #expect(abs(center[0] - ra) < 1e-10 && abs(center[1] - dec) < 1e-10)
    }

    @Test func nodesRoundTrip() throws {
        let models: [Transform] = [
            try .rotationSequence([0.3, -0.1, 20, -30, -150], axesOrder: "zyxyz"),
            Transform(.rotationSequence(try RotationSequence3D(angles: [10, 20, 30], axesOrder: "zxz", spherical: true))),
            try .sphericalToCartesian(wrapLonAt: 180), try .cartesianToSpherical(wrapLonAt: 360),
            GWCS.v23ToSky(v2Ref: 1500, v3Ref: -400, raRef: 10, decRef: -20, rollRef: 30),
        ]
        for model in models {
            let node = model.node
            #expect(try Transform(node: node) == model, "\(model)")
        }
        #expect(models[2].node.tag == "tag:stsci.edu:gwcs/spherical_cartesian-1.3.0")
        #expect(models[2].node["transform_type"]?.stringValue == "spherical_to_cartesian")
        #expect(models[2].node["wrap_lon_at"]?.intValue == 180)
        #expect(models[0].node.tag == "tag:stsci.edu:asdf/transform/rotate_sequence_3d-1.2.0")
        #expect(models[0].node["rotation_type"]?.stringValue == "cartesian")
        var bad = models[3].node
        bad["wrap_lon_at"] = 90
        #expect(throws: TransformError.self) { _ = try Transform(node: bad) }
    }

    /// asdf-astropy/gwcs read the rotation and conversion nodes and evaluate them like we do.
    @Test func pythonEvaluatesSphericalModels() throws {
        let dir = try TemporaryDirectory()
        let models: [String: Transform] = [
            "rotation": try .rotationSequence([0.41, -0.12, 29.5, -20.25, -10.5], axesOrder: "zyxyz"),
            "spherical_rotation": Transform(.rotationSequence(try RotationSequence3D(angles: [10, 20, 30], axesOrder: "zxz", spherical: true))),
            "s2c180": try .sphericalToCartesian(wrapLonAt: 180), "s2c360": try .sphericalToCartesian(wrapLonAt: 360),
            "c2s180": try .cartesianToSpherical(wrapLonAt: 180), "c2s360": try .cartesianToSpherical(wrapLonAt: 360),
            "v23tosky": GWCS.v23ToSky(v2Ref: 1546.4, v3Ref: -892.1, raRef: 350.2, decRef: -3.5, rollRef: 245.0),
        ]
        var tree = Node.map([:])
        for (key, t) in models { tree[key] = t.node }
        try ASDFFile(tree: tree).write(to: dir.file("spherical.asdf"))
        for (key, t) in models {
            let points: [[Double]] = switch t.inputCount {
            case 3: randomUnitVectors(40, seed: 21)
            default: key == "v23tosky" ? randomPixels(40, seed: 22, size: 3000) : randomSky(40, seed: 22)
            }
            let outputs = try points.map { try t($0) }
            let reply = try #require(try PythonTools.json("wcs_check.py", ["eval", dir.file("spherical.asdf"), key],
                                                          request: ["forward": points, "inverse": outputs], in: dir))
            #expect(maxDifference(PythonTools.points(reply["forward"]), outputs) < 1e-9, "\(key)")
            let ours = try outputs.map { try t.inverse($0) }
            #expect(maxDifference(PythonTools.points(reply["inverse"]), ours) < 1e-9, "\(key) inverse")
        }
    }
}
