import WFI

/// Why an exposure could not be calibrated. Every case names the file or reference type and
/// what is wrong; the pipeline checks inputs and references before it writes anything.
public enum CalibrationError: Error, Sendable, CustomStringConvertible {
    /// The input could not be read as an L1 product.
    case unreadableInput(file: String, reason: String)
    /// The input is an L1 file whose contents contradict each other.
    case inconsistentInput(file: String, problem: String)
    /// No reference file of `type` for the detector and element in the folder.
    case missingReference(type: String, detector: String, element: String?, directory: String)
    /// A reference file could not be read.
    case unreadableReference(file: String, reason: String)
    /// A reference file is for another detector or element than the exposure.
    case wrongReference(file: String, problem: String)
    /// A reference or ramp array has the wrong shape for a step.
    case shape(step: String, array: String, expected: [Int], found: [Int])
    /// The read pattern does not fit the ramp (count, empty resultants...).
    case readPattern(step: String, reason: String)
    /// A parameter or ramp the step cannot handle.
    case unsupported(step: String, reason: String)
    /// A step parameter is unknown or has a bad value.
    case badParameter(String)
    /// The output could not be written.
    case output(file: String, reason: String)

    public var description: String {
        switch self {
        case .unreadableInput(let file, let reason): "\(file): cannot be read as an L1 product: \(reason)"
        case .inconsistentInput(let file, let problem): "\(file): \(problem)"
        case .missingReference(let type, let detector, let element, let directory):
            "no \(type) reference file for \(detector)\(element.map { " " + $0 } ?? "") in \(directory) (skip the step with --skip, or add the file)"
        case .unreadableReference(let file, let reason): "\(file): cannot be read as a reference file: \(reason)"
        case .wrongReference(let file, let problem): "\(file): \(problem)"
        case .shape(let step, let array, let expected, let found): "\(step): \(array) has shape \(found), expected \(expected)"
        case .readPattern(let step, let reason): "\(step): read pattern: \(reason)"
        case .unsupported(let step, let reason): "\(step): \(reason)"
        case .badParameter(let text): text
        case .output(let file, let reason): "\(file): cannot be written: \(reason)"
        }
    }
}
