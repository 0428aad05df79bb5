import Arrays
import ASDF
import Foundation
import WFI

/// romancal's ExposurePipeline (L1 `_uncal` -> L2 `_cal`), step by step in its order
/// (algorithms.md §1.1): the detector-level steps on the ramps, the ramp fit with jump
/// detection, then the image steps. Every reference file the enabled steps need is found (and
/// its detector checked) before any work, and the product is written atomically, so a failure
/// leaves no partial L2 behind.
public struct ExposurePipeline: Sendable {
    public let references: ReferenceLibrary
    public var options: PipelineOptions

    public init(references: ReferenceLibrary, options: PipelineOptions = PipelineOptions()) {
        self.references = references
        self.options = options
    }

    /// How one step went.
    public struct StepReport: Sendable {
        public var step: String
        /// COMPLETE, SKIPPED, N/A.
        public var status: String
        public var seconds: Double
    }

    /// The outcome for one exposure.
    public struct Summary: Sendable {
        public var input: String
        public var output: String
        public var seconds: Double
        public var steps: [StepReport]
        /// Science pixels flagged DO_NOT_USE in the L2, and resultants flagged as jumps.
        public var doNotUsePixels: Int
        public var jumps: Int
        public var saturatedPixels: Int
    }

    /// The reference types each step reads.
    public static let referenceTypes: [String: [String]] = [
        "dq_init": ["mask"], "saturation": ["saturation"], "refpix": ["refpix"], "dark_decay": ["darkdecaysignal"],
        "wfi18_transient": [], "linearity": ["linearity", "inverselinearity"], "ramp_fit": ["readnoise", "gain"],
        "dark_current": ["dark"], "assign_wcs": ["distortion"], "photom": ["photom"], "flat_field": ["flat"],
    ]

    /// The `meta.cal_step` key of each step.
    static let calStepKey: [String: String] = ["dark_current": "dark"]

    /// The reference files the enabled steps need for `input`, by type; throws for the first
    /// missing or unusable one. Each step opens its files when it runs, so their arrays are in
    /// memory only while it needs them.
    public func resolveReferences(for input: ExposureInput) throws -> [String: ReferenceLibrary.Entry] {
        var files: [String: ReferenceLibrary.Entry] = [:]
        for step in PipelineOptions.steps where options.runs(step) {
            if step == "wfi18_transient" && input.detector.number != 18 { continue }
            for type in Self.referenceTypes[step] ?? [] where files[type] == nil {
                files[type] = try references.entry(type, detector: input.detector, element: input.element, time: input.startTime)
            }
        }
        return files
    }

    /// Calibrates `input`, reporting each step as it finishes; returns the L2 product.
    public func run(_ input: ExposureInput, report: (StepReport) -> Void = { _ in }) throws -> CalibratedImageProduct {
        let files = try resolveReferences(for: input)
        var state = PipelineState(input: input, ramp: try input.takeRamp(), references: files, options: options)
        let clock = ContinuousClock()
        var fullySaturated = false
        for step in PipelineOptions.steps {
            let start = clock.now
            let status: String
            if !options.runs(step) || (fullySaturated && step != "dq_init" && step != "saturation") {
                status = "SKIPPED"
            } else if let action = PipelineSteps.table[step] {
                status = try action(&state)
            } else {
                throw CalibrationError.badParameter("step \(step) is not available in this build")
            }
            state.calSteps[Self.calStepKey[step] ?? step] = status
            report(StepReport(step: step, status: status, seconds: (clock.now - start).seconds))
            // romancal: an exposure saturated everywhere becomes a zeroed image (§1.1).
            if step == "saturation" && state.ramp.isFullySaturated {
                fullySaturated = true
                state.image = try CalibratedImage(fullySaturated: state.ramp)
            }
        }
        guard let image = state.image else {
            throw CalibrationError.badParameter("ramp_fit was skipped: there is no image to write")
        }
        return try L2Assembler.product(input: input, ramp: state.ramp, image: image, groupDQ: state.groupDQ ?? state.ramp.groupDQ,
                                       calSteps: state.calSteps, meta: state.meta,
                                       includeReadNoiseVariance: try options.bool("ramp_fit", "include_var_rnoise"))
    }

    /// Reads `path`, calibrates it and writes `<outputDirectory>/<name>_cal.asdf` (atomically,
    /// lz4); returns what happened.
    public func calibrate(path: String, outputDirectory: String, report: (StepReport) -> Void = { _ in }) throws -> Summary {
        let clock = ContinuousClock()
        let start = clock.now
        let input = try ExposureInput(path: path)
        var steps: [StepReport] = []
        let product = try run(input) { step in
            steps.append(step)
            report(step)
        }
        let name = product.fileName(suffix: .cal) ?? ((path as NSString).lastPathComponent.replacingOccurrences(of: "_uncal", with: "_cal"))
        let output = outputDirectory + "/" + name
        do {
            try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
            try product.model.write(to: output)
        } catch {
            throw CalibrationError.output(file: output, reason: "\(error)")
        }
        let dq = try product.dq()
        var doNotUse = 0, saturated = 0
        dq.withUnsafeBufferPointer { flags in
            for value in flags {
                if value & PixelFlags.doNotUse.rawValue != 0 { doNotUse += 1 }
                if value & PixelFlags.saturated.rawValue != 0 { saturated += 1 }
            }
        }
        let jumps = product.model.array("jump_indices")?.shape.first ?? 0
        return Summary(input: path, output: output, seconds: (clock.now - start).seconds, steps: steps,
                       doNotUsePixels: doNotUse, jumps: jumps, saturatedPixels: saturated)
    }
}

/// What the steps share while one exposure goes through the pipeline.
struct PipelineState {
    let input: ExposureInput
    var ramp: Ramp
    let references: [String: ReferenceLibrary.Entry]
    let options: PipelineOptions
    /// The image once the ramps are fitted.
    var image: CalibratedImage?
    /// Per-resultant flags after jump detection.
    var groupDQ: TypedArray<UInt8>?
    var calSteps: [String: String] = [:]
    /// Metadata the steps set on the L2 (tree path, value).
    var meta: [(String, Node)] = []

    /// Opens (and validates) the reference file of `type` chosen for this exposure.
    func reference(_ type: String) throws -> ReferenceFile {
        guard let entry = references[type] else {
            throw CalibrationError.missingReference(type: type, detector: input.detector.name, element: input.element?.rawValue,
                                                    directory: "the reference folder")
        }
        do { return try ReferenceFile(contentsOf: entry.path) } catch {
            throw CalibrationError.unreadableReference(file: entry.path, reason: "\(error)")
        }
    }

    /// The calibrated image, or an error if the ramps have not been fitted.
    func fitted(_ step: String) throws -> CalibratedImage {
        guard let image else { throw CalibrationError.badParameter("\(step) needs the ramp fit, which was skipped") }
        return image
    }

    /// The image, moved out of the state for a step that changes it and puts it back: its
    /// arrays are then not shared, so the step updates them in place instead of copying them.
    mutating func takeFitted(_ step: String) throws -> CalibratedImage {
        let taken = try fitted(step)
        image = nil
        return taken
    }
}
