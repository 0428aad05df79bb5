import ASDF

extension GWCS {
    /// The ASDF form gwcs 1.0.3 writes: `wcs-1.4.0 {name, pixel_shape, steps: [step-1.3.0
    /// {frame, transform}]}`, transforms as `Transform.node` writes them.
    public var node: Node {
        let stepNodes = steps.map { step -> Node in
            .tagged(GWCSTag.step, .map(["frame": step.frame.node, "transform": step.transform?.node ?? .null]))
        }
        let shape: Node = pixelShape.map { .sequence($0.map { .int(Int64($0)) }) } ?? .null
        return .tagged(GWCSTag.wcs, .map(["name": .string(name), "pixel_shape": shape, "steps": .sequence(stepNodes)]))
    }

    /// Reads a gwcs written by gwcs (any `wcs-1.*`, `step-1.*`) or by `node`.
    public init(node: Node, path: String = "") throws(GWCSError) {
        guard let tag = node.tag, TransformTag.gwcsName(of: tag) == "wcs" else {
            throw .malformed(path: path, reason: "not a gwcs wcs (tag \(node.tag ?? "none"))")
        }
        guard let items = node["steps"]?.sequenceValue else {
            throw .malformed(path: path + "/steps", reason: "missing or not a list")
        }
        var steps: [Step] = []
        for (i, item) in items.enumerated() {
            let stepPath = path + "/steps/\(i)"
            guard let frameNode = item["frame"] else { throw .malformed(path: stepPath + "/frame", reason: "missing") }
            let frame = try Frame(node: frameNode, path: stepPath + "/frame")
            var transform: Transform?
            if let t = item["transform"], !t.isNull {
                do { transform = try Transform(node: t, path: stepPath + "/transform") } catch { throw .transform(error) }
            }
            steps.append(Step(frame, transform))
        }
        let shape = node["pixel_shape"]?.sequenceValue?.compactMap { $0.intValue.map(Int.init) }
        try self.init(name: node["name"]?.stringValue ?? "", steps: steps, pixelShape: shape)
    }
}
