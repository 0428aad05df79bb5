import Arrays
import Foundation
import Testing
@testable import Simulation

@Suite struct SceneTests {
    @Test func starFluxesFollowThePowerLaw() {
        var field = StarField(count: 20_000)
        field.faintFlux = 10
        field.brightFlux = 10_000
        field.slope = 2
        let stars = field.draw(width: 4088, height: 4088)
        #expect(stars.allSatisfy { $0.flux >= 10 && $0.flux <= 10_000 && $0.x >= 0 && $0.x <= 4087 })
        // For dN/dF ∝ F^-2 the fraction brighter than F is (1/F - 1/Fmax) / (1/Fmin - 1/Fmax).
        let threshold = 100.0
        let expected = (1 / threshold - 1 / 10_000) / (1 / 10.0 - 1 / 10_000)
        let measured = Double(stars.filter { $0.flux > threshold }.count) / Double(stars.count)
        #expect(abs(measured - expected) < 5 * (expected * (1 - expected) / Double(stars.count)).squareRoot())
        #expect(field.draw(width: 100, height: 100) == field.draw(width: 100, height: 100))
    }

    @Test func renderedGalaxyKeepsItsFlux() throws {
        let renderer = SceneRenderer(psf: FieldDependentPSF(optics: try #require(ObscuredPupilPSF(element: .f106)), detectorSize: 121, radius: 24))
        let galaxy = SersicGalaxy(x: 60, y: 60, flux: 800, halfLightRadius: 4, index: 1.5, axisRatio: 0.7, angle: 0.5)
        let image = try renderer.render([], galaxies: [galaxy], width: 121, height: 121, sky: 0)
        let total = image.elements.reduce(0) { $0 + Double($1) }
        #expect(abs(total - 800) / 800 < 0.01, "\(total)")
    }

    @Test func renderedStarKeepsItsFluxOnTheSky() throws {
        let renderer = SceneRenderer(psf: FieldDependentPSF(optics: try #require(ObscuredPupilPSF(element: .f158)), detectorSize: 101, radius: 24))
        let star = PointSource(x: 50.3, y: 49.7, flux: 1000)
        let image = try renderer.render([star], width: 101, height: 101, sky: 2)
        let total = image.elements.reduce(0) { $0 + Double($1) } - 2 * 101 * 101
        #expect(abs(total - 1000) < 1000 * 1e-4, "flux \(total)")
        // The peak is in the pixel that contains the star (pixel i covers [i-0.5, i+0.5)) and the
        // light-weighted centroid is the star's position to within a phase step.
        let peak = image.elements.enumerated().max { $0.element < $1.element }!.offset
        #expect(peak == 50 * 101 + 50)
        var cx = 0.0, cy = 0.0
        for y in 0..<101 { for x in 0..<101 {
            let w = Double(image[flat: y * 101 + x]) - 2
            cx += w * Double(x); cy += w * Double(y)
        } }
        #expect(abs(cx / total - 50.3) < 0.07 && abs(cy / total - 49.7) < 0.07, "centroid \(cx / total), \(cy / total)")
        // A star at a corner pixel centre is clipped, not wrapped: a bit over a quarter lands.
        let edge = try renderer.render([PointSource(x: 0, y: 0, flux: 1000)], width: 101, height: 101, sky: 0)
        let edgeTotal = edge.elements.reduce(0) { $0 + Double($1) }
        #expect(edgeTotal > 450 && edgeTotal < 750, "\(edgeTotal)")
        // A border of reference pixels gets neither sky nor light.
        let bordered = try renderer.render([star], width: 101, height: 101, sky: 2, border: 4)
        #expect(bordered[flat: 0] == 0 && bordered[flat: 3 * 101 + 50] == 0 && bordered[flat: 4 * 101 + 50] >= 2)
    }
}
