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

    init(size: Int = 512, density: Double = 400, seed: UInt64 = 7) throws {
        directory = try TemporaryDirectory()
        var simulation = VisitSimulation(visit: try VisitID(parsing: "0000101001001001001"))
        simulation.detectors = [3]
        simulation.size = size
        simulation.density = density
        simulation.seed = seed
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
