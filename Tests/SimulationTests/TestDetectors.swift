@testable import Simulation

extension DetectorModel {
    /// The default detector without dark current or cosmic rays, so a test sees only the effect
    /// it is about.
    static var quiet: DetectorModel {
        var detector = DetectorModel()
        detector.darkCurrent = 0
        detector.cosmicRayRate = 0
        return detector
    }
}
