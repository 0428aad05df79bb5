/// A generalized WCS (gwcs 1.0.3 `gwcs.wcs.WCS`): a named pipeline of steps, each a frame and the
/// transform from it to the next step's frame (nil in the last step, the output frame).
///
/// Forward evaluation goes from the first frame (pixels) to the last (world); the bounding box
/// is the first step's transform's (`wcs.bounding_box`). ASDF form: `GWCSTag.wcs`.
public struct GWCS: Sendable, Equatable {
    /// One pipeline step (`step-1.3.0`).
    public struct Step: Sendable, Equatable {
        /// The frame this step starts in.
        public var frame: Frame
        /// The transform to the next step's frame; nil in the last step.
        public var transform: Transform?

        public init(_ frame: Frame, _ transform: Transform?) {
            self.frame = frame
            self.transform = transform
        }
    }

    /// `name` (romancal leaves it empty for L2).
    public var name: String
    /// The steps in forward order.
    public var steps: [Step]
    /// `pixel_shape` (x first), nil when unset (gwcs writes `null`).
    public var pixelShape: [Int]?

    /// Checks that every step but the last has a transform and that consecutive transforms fit.
    public init(name: String = "", steps: [Step], pixelShape: [Int]? = nil) throws(GWCSError) {
        guard steps.count >= 2 else { throw .malformed(path: "steps", reason: "a WCS needs at least two frames") }
        var previous: Int?
        for (i, step) in steps.dropLast().enumerated() {
            guard let t = step.transform else {
                throw .malformed(path: "steps/\(i)/transform", reason: "only the last step may have no transform")
            }
            if let previous, previous != t.inputCount { throw .arityMismatch(step: i, expected: previous, got: t.inputCount) }
            previous = t.outputCount
        }
        self.name = name
        self.steps = steps
        self.pixelShape = pixelShape
    }

    /// The frames in pipeline order.
    public var frames: [Frame] { steps.map(\.frame) }

    /// The input (pixel) frame.
    public var inputFrame: Frame { steps[0].frame }

    /// The output (world) frame.
    public var outputFrame: Frame { steps[steps.count - 1].frame }

    /// gwcs `wcs.bounding_box`: the first transform's, one interval per input (x first), in
    /// pixels with 0 at the first pixel's center.
    public var boundingBox: [ClosedRange<Double>]? { steps.first?.transform?.boundingBox }

    /// The transform between two frames (gwcs `get_transform(from, to)`): the step transforms
    /// composed forward, or their inverses backward when `to` precedes `from`.
    public func transform(from: String, to: String) throws(GWCSError) -> Transform {
        guard let i = steps.firstIndex(where: { $0.frame.name == from }) else { throw .noSuchFrame(from) }
        guard let j = steps.firstIndex(where: { $0.frame.name == to }) else { throw .noSuchFrame(to) }
        if i == j { return .identity(steps[i].transform?.inputCount ?? 2) }
        let forward = steps[min(i, j)..<max(i, j)].compactMap(\.transform)
        var result = forward[0]
        for t in forward.dropFirst() { result = result | t }
        if i < j { return result }
        do { return try result.inverse } catch { throw .transform(error) }
    }

    /// The whole pixel -> world transform (gwcs `forward_transform`).
    public var forwardTransform: Transform {
        get throws(GWCSError) { try transform(from: inputFrame.name, to: outputFrame.name) }
    }
}
