import ASDF
import Foundation
import InteropSupport
import Testing
@testable import WCS

/// The models beyond the L2 distortion chain: TAN projection, sky rotations, Rotation2D,
/// constants, arithmetic compounds, Polynomial1D and gwcs's FITS imaging transform.
@Suite struct ProjectionModelTests {
    @Test func analyticValues() throws {
        // The projection plane's origin is the native pole; (x, y) = (0, −R0·cot θ) lies at φ = 0.
        #expect(try Transform(.gnomonic(.pix2sky))([0, 0]) == [0, 90])
        let r0 = 180 / Double.pi
        let native = try Transform(.gnomonic(.pix2sky))([0, -r0])
        #expect(abs(native[0]) < 1e-12 && abs(native[1] - 45) < 1e-12)
        #expect(try Transform(.gnomonic(.sky2pix))([30, -1]).allSatisfy { $0.isNaN })
        // The native pole goes to the fiducial point; +360 wrap of negative longitudes.
        let toSky = Transform(.skyRotation(SkyRotation(phi: 350, theta: -20, psi: 180, direction: .nativeToCelestial)))
        let pole = try toSky([0, 90])
        #expect(abs(pole[0] - 350) < 1e-9 && abs(pole[1] + 20) < 1e-9)
        #expect(try toSky([12, 80])[0] >= 0)
        // FITS imaging: crpix lands on crval.
        let fits = Transform(.fitsImaging(FITSImaging(crpix: [10, 20], crval: [200, 45], cdelt: [1e-4, 1e-4], pc: [[-1, 0], [0, 1]])))
        let centre = try fits([10, 20])
        #expect(abs(centre[0] - 200) < 1e-10 && abs(centre[1] - 45) < 1e-10)
        #expect(try Transform.rotation2D(90)([1, 0]).enumerated().allSatisfy { abs($0.element - [0, 1][$0.offset]) < 1e-15 })
        let divide = (Transform.mapping([0, 1, 2]) / Transform.mapping([0, 0, 0], inputs: 3)) | .mapping([1, 2])
        #expect(try divide([2, 3, 5]) == [1.5, 2.5])
        #expect(throws: TransformError.self) { _ = try divide.inverse }
        #expect(try (Transform.constant(1) & .identity(2))([9, 2, 3]) == [1, 2, 3])
        // Inverses undo.
        for t in [toSky, fits, .rotation2D(-17), Transform(.gnomonic(.pix2sky)),
                  Transform(.skyRotation(SkyRotation(phi: 10, theta: 20, psi: 30, direction: .euler("zyx"))))] {
            for p in [[0.3, 0.4], [12.5, 33.0], [100.0, -20.0]] {
                let back = try t.inverse(t(p))
                #expect(abs(back[0] - p[0]) < 1e-9 && abs(back[1] - p[1]) < 1e-9, "\(t)")
            }
        }
        // The batch path is the scalar path.
        let points = randomPixels(30, seed: 5, size: 100)
        for t in [toSky, fits, divide | .rotation2D(3), Transform(.rotationSequence(try RotationSequence3D(angles: [1, 2, 3], axesOrder: "zyx", spherical: true)))] {
            let inputs = t.inputCount == 3 ? points.map { [$0[0], $0[1], 1.5] } : points
            #expect(try t.evaluate(points: inputs) == inputs.map { try t($0) })
        }
    }

    /// astropy/gwcs models written by asdf-astropy read into equal values, forward and inverse;
    /// ours written back evaluate identically in astropy.
    @Test func matchesAstropyModels() throws {
        let dir = try TemporaryDirectory()
        let request: [String: Any] = [
            "points1": [[0.0], [3.5], [-12.0], [29.0]],
            "points2": [[0.01, -0.02], [0.3, 0.4], [120.0, 60.0], [2000, 2100], [10, 4000], [-45, 30], [359, 89]],
            "points3": [[0.9, 0.1, 0.2], [0.5, -0.3, 0.7], [-0.2, 0.4, 0.1]],
        ]
        let reply = try #require(try PythonTools.json("wcs_check.py", ["models", dir.file("models.asdf")], request: request, in: dir))
        let file = try ASDFFile(contentsOf: dir.file("models.asdf"))
        var ours = Node.map([:])
        var count = 0
        for (name, value) in reply {
            guard let entry = value as? [String: Any] else { continue }
            let model = try Transform(node: try #require(file.tree[name]), path: name)
            let points = (request["points\(model.inputCount)"] as? [[Double]]) ?? []
            let forward = try points.map { try model($0) }
            #expect(maxDifferenceNaN(PythonTools.points(entry["forward"]), forward) < 1e-9, "\(name) forward")
            if entry["inverse"] != nil {
                let inverse = try model.inverse
                #expect(maxDifferenceNaN(PythonTools.points(entry["inverse"]), try forward.map { try inverse($0) }) < 1e-9, "\(name) inverse")
            }
            #expect(try Transform(node: model.node) == model, "\(name) round trip")
            ours[name] = model.node
            count += 1
        }
        #expect(count == 12)
        try ASDFFile(tree: ours).write(to: dir.file("ours.asdf"))
        for name in ["fitswcs", "tan_chain", "divide", "polynomial1d", "euler", "celestial2native"] {
            let model = try Transform(node: try #require(ours[name]))
            let points = (request["points\(model.inputCount)"] as? [[Double]]) ?? []
            let back = try #require(try PythonTools.json("wcs_check.py", ["eval", dir.file("ours.asdf"), name],
                                                         request: ["forward": points], in: dir))
            #expect(maxDifferenceNaN(PythonTools.points(back["forward"]), try points.map { try model($0) }) < 1e-9, "\(name) in astropy")
        }
    }
}
