import ASDF

extension Frame {
    /// The ASDF form gwcs 1.0.3 writes: `frame2d-1.2.0` / `celestial_frame-1.2.0` with
    /// `axes_names`, `axes_order`, `axis_physical_types`, `name`, `reference_frame` (celestial),
    /// `unit` (`unit/unit-1.0.0` per axis); a name-only frame is a plain string.
    public var node: Node {
        let tag: String
        switch kind {
        case .nameOnly: return .string(name)
        case .other(let node): return node
        case .frame2D: tag = GWCSTag.frame2D
        case .celestial: tag = GWCSTag.celestialFrame
        }
        var body = Node.map([:])
        body["axes_names"] = .sequence(axesNames.map { .string($0) })
        body["axes_order"] = .sequence(axesOrder.map { .int(Int64($0)) })
        body["axis_physical_types"] = .sequence(axisPhysicalTypes.map { .string($0) })
        body["name"] = .string(name)
        if case .celestial(let reference) = kind { body["reference_frame"] = reference }
        body["unit"] = .sequence(units.map { ASDF.Unit($0).node })
        return .tagged(tag, body)
    }

    /// Reads a frame written by gwcs (or by `node`). `path` names the node in errors.
    public init(node: Node, path: String = "") throws(GWCSError) {
        if case .string(let name) = node {
            self = .named(name)
            return
        }
        guard let tag = node.tag, let tagName = TransformTag.gwcsName(of: tag) else {
            throw .malformed(path: path, reason: "not a gwcs frame (tag \(node.tag ?? "none"))")
        }
        guard let name = node["name"]?.stringValue else { throw .malformed(path: path + "/name", reason: "missing") }
        let kind: Kind
        switch tagName {
        case "frame2d": kind = .frame2D
        case "celestial_frame":
            guard let reference = node["reference_frame"] else {
                throw .malformed(path: path + "/reference_frame", reason: "missing")
            }
            kind = .celestial(referenceFrame: reference)
        default: kind = .other(node)
        }
        func strings(_ key: String) -> [String] { node[key]?.sequenceValue?.compactMap(\.stringValue) ?? [] }
        let order = node["axes_order"]?.sequenceValue?.compactMap { $0.intValue.map(Int.init) } ?? []
        let units = node["unit"]?.sequenceValue?.compactMap { ASDF.Unit(node: $0)?.string } ?? []
        self.init(kind: kind, name: name, axesNames: strings("axes_names"), axesOrder: order, units: units,
                  axisPhysicalTypes: strings("axis_physical_types"))
    }
}
