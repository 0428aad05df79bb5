import Arrays
import Foundation
import InteropSupport
@testable import Calibration
@testable import Catalog
@testable import Simulation
import WFI

/// A simulated and calibrated L2 image (detector WFI03, 512 x 512 frame, every detector
/// effect) with its reference files and the scene's truth in pixels, shared by the catalog tests.
final class CalibratedImageFixture: @unchecked Sendable {
    let directory: TemporaryDirectory
    let simulation: VisitSimulation
    let l2: String
    let references: String
    /// The sources as the simulator placed them on the science array (pixels, e/s).
    let scene: DetectorScene
    let filter: FilterProperties

    /// A grid of isolated sources (`spacing` pixels apart, random sub-pixel offsets): stars with
    /// AB magnitudes spread evenly over `magnitudes` and, every fourth, a small Sérsic galaxy.
    init(size: Int = 512, spacing: Double = 24, magnitudes: ClosedRange<Double> = 20...25.8, seed: UInt64 = 7) throws {
        directory = try TemporaryDirectory()
        var simulation = VisitSimulation(visit: try VisitID(parsing: "0000101001001001001"))
        simulation.detectors = [3]
        simulation.size = size
        simulation.seed = seed
        let view = try simulation.projection(exposure: 1, detector: 3)
        let science = Double(size - 2 * VisitSimulation.border)
        let steps = Int((science - 2 * spacing) / spacing) + 1
        var generator = SplitMix64(seed: seed)
        func uniform() -> Double { Double.random(in: 0..<1, using: &generator) }
        var catalog: [SkySource] = []
        for j in 0..<steps {
            for i in 0..<steps {
                let k = j * steps + i
                let x = spacing + Double(i) * spacing + uniform() - 0.5
                let y = spacing + Double(j) * spacing + uniform() - 0.5
                let sky = view.sky(x: x, y: y)
                // Magnitudes in a shuffled order so that bright and faint sources mix across the field.
                let m = magnitudes.lowerBound + (magnitudes.upperBound - magnitudes.lowerBound) * Double((k * 37) % (steps * steps)) / Double(steps * steps - 1)
                var source = SkySource(id: k + 1, kind: k % 4 == 3 ? .galaxy : .star, ra: sky.ra, dec: sky.dec, magnitudes: [simulation.element: m])
                if source.kind == .galaxy {
                    source.halfLightRadius = 0.15 + 0.1 * uniform()
                    source.sersicIndex = 1
                    source.axisRatio = 0.6 + 0.4 * uniform()
                    source.positionAngle = 180 * uniform()
                    source.magnitudes[simulation.element] = m - 1
                }
                catalog.append(source)
            }
        }
        simulation.catalog = catalog
        self.simulation = simulation
        references = directory.path + "/refs"
        let output = try simulation.run(out: directory.path + "/l1", references: references)
        let pipeline = ExposurePipeline(references: try ReferenceLibrary(directory: references))
        l2 = try pipeline.calibrate(path: output.exposures[0], outputDirectory: directory.path + "/l2").output
        filter = FilterProperties.of(simulation.element)!
        let psf = try simulation.psf()
        scene = try simulation.projection(exposure: 1, detector: 3)
            .project(try simulation.sources(), filter: filter, element: simulation.element, margin: Double(psf.radius))
    }

    /// The catalog of the L2 with the default options and the simulator's references.
    func catalog(options: CatalogOptions = CatalogOptions()) throws -> (image: CatalogImage, result: SourceCatalogStep.Result) {
        let image = try CatalogImage(path: l2)
        let references = try CatalogReferences.find(in: self.references, for: image)
        let step = SourceCatalogStep(options: options,
                                     encircledEnergy: try EncircledEnergy(apcorrReference: references.apcorr!, element: image.element!),
                                     psf: try GriddedPSF(epsfReference: references.epsf!))
        return (image, try step.run(image))
    }

    static let shared = try! CalibratedImageFixture()
}
