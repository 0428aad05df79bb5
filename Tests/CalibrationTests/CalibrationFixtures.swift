import Arrays
import Foundation
import InteropSupport
@testable import Calibration
@testable import Simulation
import WFI

/// A small simulated exposure with its reference files, shared by the calibration tests.
final class SimulatedExposureFixture: @unchecked Sendable {
    let directory: TemporaryDirectory
    let simulation: VisitSimulation
    let output: SimulationOutput

    /// Detector WFI03, 128 x 128 frame, MA table 109 (10 resultants), every detector effect.
    init(size: Int = 128, detector: Int = 3, effects: DetectorEffects = DetectorEffects(), configure: (inout VisitSimulation) -> Void = { _ in }) throws {
        directory = try TemporaryDirectory()
        var simulation = VisitSimulation(visit: try VisitID(parsing: "0000101001001001001"))
        simulation.detectors = [detector]
        simulation.size = size
        simulation.effects = effects
        configure(&simulation)
        self.simulation = simulation
        output = try simulation.run(out: directory.path, references: directory.path + "/refs")
    }

    var l1: String { output.exposures[0] }
    var references: String { directory.path + "/refs" }
}
