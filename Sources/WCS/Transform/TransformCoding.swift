import Arrays
import ASDF

extension Transform {
    /// The ASDF form, as asdf-astropy 0.11.0 writes it: the tagged node with `inputs`, `outputs`,
    /// optional `name`, `bounding_box` (`property/bounding_box-1.2.0`, order F, keyed by input
    /// name) and `inverse`. Parameter arrays are inline float64 `ndarray`s.
    public var node: Node {
        var body = Node.map([:])
        let tag: String
        switch kind {
        case .identity(let n):
            tag = TransformTag.identity
            body["n_dims"] = .int(Int64(n))
        case .shift(let offset):
            tag = TransformTag.shift
            body["offset"] = .float(offset)
        case .scale(let factor):
            tag = TransformTag.scale
            body["factor"] = .float(factor)
        case .affine(let matrix, let translation):
            tag = TransformTag.affine
            body["matrix"] = Self.arrayNode(matrix.flatMap { $0 }, shape: [2, 2])
            body["translation"] = Self.arrayNode(translation, shape: [2])
        case .mapping(let mapping, let inputs):
            tag = TransformTag.remapAxes
            body["mapping"] = .sequence(mapping.map { .int(Int64($0)) })
            if inputs != (mapping.max() ?? -1) + 1 { body["n_inputs"] = .int(Int64(inputs)) }
        case .polynomial(let p):
            tag = TransformTag.polynomial
            body["coefficients"] = Self.arrayNode(p.coefficients.flatMap { $0 }, shape: [p.degree + 1, p.degree + 1])
            if let x = p.xDomain, let y = p.yDomain { body["domain"] = .sequence([Self.pair(x), Self.pair(y)]) }
            if let x = p.xWindow, let y = p.yWindow { body["window"] = .sequence([Self.pair(x), Self.pair(y)]) }
        case .polynomial1D(let p):
            tag = TransformTag.polynomial
            body["coefficients"] = Self.arrayNode(p.coefficients, shape: [p.coefficients.count])
            if let domain = p.domain { body["domain"] = Self.pair(domain) }
            if let window = p.window { body["window"] = Self.pair(window) }
        case .constant(let value, let dimensions):
            tag = TransformTag.constant
            body["value"] = .float(value)
            body["dimensions"] = .int(Int64(dimensions))
        case .rotation2D(let angle):
            tag = TransformTag.rotate2D
            body["angle"] = .float(angle)
        case .gnomonic(let direction):
            tag = TransformTag.gnomonic
            body["direction"] = .string(direction.rawValue)
        case .skyRotation(let r):
            tag = TransformTag.rotate3D
            body["phi"] = .float(r.phi)
            body["theta"] = .float(r.theta)
            body["psi"] = .float(r.psi)
            body["direction"] = .string(r.direction.name)
        case .fitsImaging(let f):
            tag = TransformTag.fitsImaging
            body["crpix"] = Self.arrayNode(f.crpix, shape: [2])
            body["crval"] = Self.arrayNode(f.crval, shape: [2])
            body["cdelt"] = Self.arrayNode(f.cdelt, shape: [2])
            body["pc"] = Self.arrayNode(f.pc.flatMap { $0 }, shape: [2, 2])
            body["projection"] = f.projection.node
        case .arithmetic(let op, let a, let b):
            tag = TransformTag.arithmetic(op)
            body["forward"] = .sequence([a.node, b.node])
        case .rotationSequence(let r):
            tag = TransformTag.rotateSequence3D
            body["angles"] = .sequence(r.angles.map { .float($0) })
            body["axes_order"] = .string(r.axesOrder)
            body["rotation_type"] = .string(r.spherical ? "spherical" : "cartesian")
        case .sphericalToCartesian(let wrap), .cartesianToSpherical(let wrap):
            tag = TransformTag.sphericalCartesian
            if case .sphericalToCartesian = kind {
                body["transform_type"] = "spherical_to_cartesian"
            } else {
                body["transform_type"] = "cartesian_to_spherical"
            }
            body["wrap_lon_at"] = .int(Int64(wrap))
        case .compose(let a, let b):
            tag = TransformTag.compose
            body["forward"] = .sequence([a.node, b.node])
        case .concatenate(let a, let b):
            tag = TransformTag.concatenate
            body["forward"] = .sequence([a.node, b.node])
        }
        if let name { body["name"] = .string(name) }
        body["inputs"] = .sequence(inputNames.map { .string($0) })
        body["outputs"] = .sequence(outputNames.map { .string($0) })
        if let boundingBox {
            var intervals = Node.map([:])
            for (name, range) in zip(inputNames, boundingBox) { intervals[name] = Self.pair(range) }
            body["bounding_box"] = .tagged(TransformTag.boundingBox,
                                           .map(["ignore": .sequence([]), "intervals": intervals, "order": "F"]))
        }
        if let explicitInverse { body["inverse"] = explicitInverse.node }
        return .tagged(tag, body)
    }

    /// Reads a transform written by asdf-astropy (or by `node`). `path` names the node in errors.
    public init(node: Node, path: String = "") throws(TransformError) {
        guard let tag = node.tag, let tagName = TransformTag.name(of: tag) else {
            throw .unsupportedTag(path: path, tag: node.tag ?? "(none)")
        }
        let kind: Kind
        switch tagName {
        case "identity":
            kind = .identity(Int(node["n_dims"]?.intValue ?? 1))
        case "shift":
            kind = .shift(try Self.number(node, "offset", path))
        case "scale", "multiplyscale":
            kind = .scale(try Self.number(node, "factor", path))
        case "affine":
            let (m, mShape) = try Self.doubles(node["matrix"], path + "/matrix")
            let (t, tShape) = try Self.doubles(node["translation"], path + "/translation")
            guard mShape == [2, 2], tShape == [2] else {
                throw .malformed(path: path, reason: "affine needs a 2x2 matrix and a 2-vector translation")
            }
            kind = .affine(matrix: [[m[0], m[1]], [m[2], m[3]]], translation: t)
        case "remap_axes":
            guard let items = node["mapping"]?.sequenceValue else {
                throw .malformed(path: path + "/mapping", reason: "missing or not a list")
            }
            let mapping = try items.map { (item: Node) throws(TransformError) -> Int in
                guard let i = item.intValue, i >= 0 else { throw .malformed(path: path + "/mapping", reason: "not a list of indices") }
                return Int(i)
            }
            let n = node["n_inputs"]?.intValue.map(Int.init) ?? node["inputs"]?.sequenceValue?.count ?? ((mapping.max() ?? -1) + 1)
            kind = .mapping(mapping, inputs: n)
        case "polynomial":
            let (c, shape) = try Self.doubles(node["coefficients"], path + "/coefficients")
            if shape.count == 1 {
                var p = Polynomial1D(coefficients: c)
                if let domain = node["domain"], !domain.isNull { p.domain = try Self.range(domain, path + "/domain") }
                if let window = node["window"], !window.isNull { p.window = try Self.range(window, path + "/window") }
                kind = .polynomial1D(p)
                break
            }
            guard shape.count == 2, shape[0] == shape[1] else {
                throw .malformed(path: path + "/coefficients", reason: "expected 1-D or square 2-D coefficients, shape \(shape)")
            }
            let n = shape[0]
            var p = try Polynomial2D(coefficients: (0..<n).map { Array(c[($0 * n)..<(($0 + 1) * n)]) })
            if let domain = node["domain"] {
                (p.xDomain, p.yDomain) = try Self.rangePair(domain, path + "/domain")
            }
            if let window = node["window"] {
                (p.xWindow, p.yWindow) = try Self.rangePair(window, path + "/window")
            }
            kind = .polynomial(p)
        case "rotate_sequence_3d":
            let (angles, _) = try Self.doubles(node["angles"], path + "/angles")
            guard let axes = node["axes_order"]?.stringValue else {
                throw .malformed(path: path + "/axes_order", reason: "missing or not a string")
            }
            let type = node["rotation_type"]?.stringValue ?? "cartesian"
            guard type == "cartesian" || type == "spherical" else {
                throw .malformed(path: path + "/rotation_type", reason: "'\(type)' is neither cartesian nor spherical")
            }
            do {
                kind = .rotationSequence(try RotationSequence3D(angles: angles, axesOrder: axes, spherical: type == "spherical"))
            } catch {
                throw .malformed(path: path, reason: error.description)
            }
        case "gwcs/spherical_cartesian":
            let wrap = Int(node["wrap_lon_at"]?.intValue ?? 360)
            guard SphericalCartesian.allowedWraps.contains(wrap) else {
                throw .malformed(path: path + "/wrap_lon_at", reason: "must be 180 or 360, not \(wrap)")
            }
            switch node["transform_type"]?.stringValue {
            case "spherical_to_cartesian": kind = .sphericalToCartesian(wrapLonAt: wrap)
            case "cartesian_to_spherical": kind = .cartesianToSpherical(wrapLonAt: wrap)
            default: throw .malformed(path: path + "/transform_type", reason: "expected spherical_to_cartesian or cartesian_to_spherical")
            }
        case "constant":
            let dimensions = Int(node["dimensions"]?.intValue ?? 1)
            guard dimensions == 1 || dimensions == 2 else {
                throw .malformed(path: path + "/dimensions", reason: "must be 1 or 2, not \(dimensions)")
            }
            kind = .constant(try Self.number(node, "value", path), dimensions: dimensions)
        case "rotate2d":
            kind = .rotation2D(try Self.number(node, "angle", path))
        case "gnomonic":
            let text = node["direction"]?.stringValue ?? "(missing)"
            guard let direction = Gnomonic.Direction(rawValue: text) else {
                throw .malformed(path: path + "/direction", reason: "expected pix2sky or sky2pix, not '\(text)'")
            }
            kind = .gnomonic(direction)
        case "rotate3d":
            let text = node["direction"]?.stringValue ?? "(missing)"
            guard let direction = SkyRotation.Direction(name: text) else {
                throw .malformed(path: path + "/direction", reason: "'\(text)' is not native2celestial, celestial2native or three axes")
            }
            kind = .skyRotation(SkyRotation(phi: try Self.number(node, "phi", path), theta: try Self.number(node, "theta", path),
                                            psi: try Self.number(node, "psi", path), direction: direction))
        case "gwcs/fitswcs_imaging":
            kind = .fitsImaging(try Self.fitsImaging(node, path))
        case "compose", "concatenate", "add", "subtract", "multiply", "divide", "power":
            guard let parts = node["forward"]?.sequenceValue, parts.count == 2 else {
                throw .malformed(path: path + "/forward", reason: "expected a list of two transforms")
            }
            let a = try Transform(node: parts[0], path: path + "/forward/0")
            let b = try Transform(node: parts[1], path: path + "/forward/1")
            switch tagName {
            case "compose":
                guard a.outputCount == b.inputCount else {
                    throw .arityMismatch(context: path + " (compose)", expected: a.outputCount, got: b.inputCount)
                }
                kind = .compose(a, b)
            case "concatenate":
                kind = .concatenate(a, b)
            default:
                guard a.inputCount == b.inputCount, a.outputCount == b.outputCount else {
                    throw .arityMismatch(context: path + " (\(tagName))", expected: a.outputCount, got: b.outputCount)
                }
                kind = .arithmetic(ArithmeticOperator(rawValue: tagName)!, a, b)
            }
        default:
            throw .unsupportedTag(path: path, tag: tag)
        }
        self.init(kind)
        name = node["name"]?.stringValue
        if let inputs = node["inputs"]?.sequenceValue?.compactMap(\.stringValue), inputs.count == inputCount { inputNames = inputs }
        if let outputs = node["outputs"]?.sequenceValue?.compactMap(\.stringValue), outputs.count == outputCount { outputNames = outputs }
        if let box = node["bounding_box"], !box.isNull { boundingBox = try readBoundingBox(box, path + "/bounding_box") }
        if let inverse = node["inverse"], !inverse.isNull {
            explicitInverse = try Transform(node: inverse, path: path + "/inverse")
        }
    }

    // MARK: Helpers

    /// gwcs `FITSImagingWCSTransform` from its node: `crpix`, `crval`, `cdelt` (2 each), `pc`
    /// (2x2) and a gnomonic `projection` (the only one whose `lon_pole` this module knows: 180°).
    private static func fitsImaging(_ node: Node, _ path: String) throws(TransformError) -> FITSImaging {
        func vector(_ key: String) throws(TransformError) -> [Double] {
            let (values, _) = try doubles(node[key], path + "/" + key)
            guard values.count == 2 else { throw .malformed(path: path + "/" + key, reason: "expected 2 values, got \(values.count)") }
            return values
        }
        let (pc, pcShape) = try doubles(node["pc"], path + "/pc")
        guard pcShape == [2, 2] else { throw .malformed(path: path + "/pc", reason: "expected a 2x2 matrix, shape \(pcShape)") }
        guard let projectionNode = node["projection"] else { throw .malformed(path: path + "/projection", reason: "missing") }
        let projection = try Transform(node: projectionNode, path: path + "/projection")
        guard case .gnomonic(.pix2sky) = projection.kind else {
            throw .malformed(path: path + "/projection", reason: "only the gnomonic (TAN) pix2sky projection is supported, got \(projection)")
        }
        return FITSImaging(crpix: try vector("crpix"), crval: try vector("crval"), cdelt: try vector("cdelt"),
                           pc: [[pc[0], pc[1]], [pc[2], pc[3]]], projection: projection)
    }

    private func readBoundingBox(_ box: Node, _ path: String) throws(TransformError) -> [ClosedRange<Double>] {
        if let intervals = box["intervals"]?.untagged.mappingValue {
            // Keyed by input name; inputs not listed are unbounded.
            return try inputNames.map { (name: String) throws(TransformError) -> ClosedRange<Double> in
                guard let interval = intervals[.string(name)] else { return -Double.infinity...Double.infinity }
                return try Self.range(interval, path + "/intervals/" + name)
            }
        }
        guard let items = box.sequenceValue else { throw .malformed(path: path, reason: "not a bounding box") }
        if inputCount == 1, items.count == 2, items.allSatisfy({ $0.doubleValue != nil }) { return [try Self.range(box, path)] }
        // Old-style tuple of intervals, in C order (last input first) as astropy writes it.
        guard items.count == inputCount else { throw .arityMismatch(context: path, expected: inputCount, got: items.count) }
        var ranges: [ClosedRange<Double>] = []
        for item in items.reversed() { ranges.append(try Self.range(item, path)) }
        return ranges
    }

    static func pair(_ range: ClosedRange<Double>) -> Node {
        .sequence([.float(range.lowerBound), .float(range.upperBound)])
    }

    static func range(_ node: Node, _ path: String) throws(TransformError) -> ClosedRange<Double> {
        guard let items = node.sequenceValue, items.count == 2, let lo = items[0].doubleValue, let hi = items[1].doubleValue, lo <= hi else {
            throw .malformed(path: path, reason: "expected an interval [lo, hi]")
        }
        return lo...hi
    }

    static func rangePair(_ node: Node, _ path: String) throws(TransformError) -> (ClosedRange<Double>?, ClosedRange<Double>?) {
        guard let items = node.sequenceValue, items.count == 2 else {
            throw .malformed(path: path, reason: "expected [x interval, y interval]")
        }
        return (try items[0].isNull ? nil : range(items[0], path), try items[1].isNull ? nil : range(items[1], path))
    }

    static func number(_ node: Node, _ key: String, _ path: String) throws(TransformError) -> Double {
        guard let value = node[key] else { throw .malformed(path: path + "/" + key, reason: "missing") }
        if let d = value.doubleValue { return d }
        if let (values, shape) = try? doubles(value, path + "/" + key), shape.isEmpty || values.count == 1 { return values[0] }
        throw .malformed(path: path + "/" + key, reason: "not a number")
    }

    /// Elements (row-major) and shape of an `ndarray` or of nested YAML lists of numbers.
    static func doubles(_ node: Node?, _ path: String) throws(TransformError) -> ([Double], [Int]) {
        guard let node else { throw .malformed(path: path, reason: "missing") }
        if let array = node.arrayValue?.array {
            let values: [ElementValue]
            do { values = try array.elementValues() } catch { throw .malformed(path: path, reason: "unreadable array: \(error)") }
            var out: [Double] = []
            for value in values {
                switch value {
                case .float(let d): out.append(d)
                case .int(let i): out.append(Double(i))
                case .uint(let u): out.append(Double(u))
                default: throw .malformed(path: path, reason: "not a numeric array")
                }
            }
            return (out, array.shape)
        }
        if let d = node.doubleValue { return ([d], []) }
        guard let items = node.sequenceValue else { throw .malformed(path: path, reason: "not an array") }
        var out: [Double] = []
        var inner: [Int]?
        for item in items {
            let (values, shape) = try doubles(item, path)
            guard inner == nil || inner == shape else { throw .malformed(path: path, reason: "ragged nested list") }
            inner = shape
            out += values
        }
        return (out, [items.count] + (inner ?? []))
    }

    static func arrayNode(_ values: [Double], shape: [Int]) -> Node {
        guard let typed = try? TypedArray<Double>(shape: shape, elements: values) else {
            return .sequence(values.map { .float($0) })
        }
        return .ndarray(ArrayNode(typed.ndarray, storage: .inline))
    }
}
