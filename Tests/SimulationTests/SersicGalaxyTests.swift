import Arrays
import Foundation
import Testing
@testable import Simulation

@Suite struct SersicGalaxyTests {
    /// Light within radius r of the centre for a round galaxy on a stamp.
    func enclosed(_ stamp: TypedArray<Float>, radius r: Double) -> Double {
        let side = stamp.shape[0], c = side / 2
        var sum = 0.0
        for y in 0..<side { for x in 0..<side where Double((x - c) * (x - c) + (y - c) * (y - c)).squareRoot() <= r {
            sum += Double(stamp[flat: y * side + x])
        } }
        return sum
    }

    @Test(arguments: [1.0, 2.5])
    func halfLightRadiusEnclosesHalfTheLight(index: Double) throws {
        let galaxy = SersicGalaxy(x: 60, y: 60, flux: 1, halfLightRadius: 8, index: index)
        let stamp = try galaxy.stamp(radius: 60, oversampling: 2)
        #expect(abs(stamp.elements.reduce(0) { $0 + Double($1) } - 1) < 1e-4)
        // Pixelisation and the stamp edge move it a little; within 3% of a half.
        let inside = enclosed(stamp, radius: 8)
        #expect(abs(inside - 0.5) < 0.03 * (index > 2 ? 2 : 1), "n=\(index): \(inside)")
    }

    @Test func ellipticityAndConvolutionKeepFlux() throws {
        let galaxy = SersicGalaxy(x: 20.3, y: 19.8, flux: 500, halfLightRadius: 3, index: 1, axisRatio: 0.4, angle: 0)
        let stamp = try galaxy.stamp(radius: 20)
        // Elongated along x: more light along the row than along the column through the centre.
        let row = (0..<41).reduce(0.0) { $0 + Double(stamp[flat: 20 * 41 + $1]) }
        let column = (0..<41).reduce(0.0) { $0 + Double(stamp[flat: $1 * 41 + 20]) }
        #expect(row > 1.8 * column)
        let psf = try #require(ObscuredPupilPSF(element: .f158)).stamp(radius: 6)
        let blurred = try StampConvolution.convolve(stamp, with: psf)
        let before = stamp.elements.reduce(0) { $0 + Double($1) }
        let after = blurred.elements.reduce(0) { $0 + Double($1) }
        #expect(abs(after - before) / before < 0.01, "\(before) -> \(after)")
        #expect(blurred[flat: 20 * 41 + 20] < stamp[flat: 20 * 41 + 20])
    }

    @Test func bnMatchesTheHalfLightDefinition() {
        // Known values: b(1) = 1.678347, b(4) = 7.669249.
        #expect(abs(SersicGalaxy.b(1) - 1.678347) < 1e-4)
        #expect(abs(SersicGalaxy.b(4) - 7.669249) < 1e-4)
    }
}
