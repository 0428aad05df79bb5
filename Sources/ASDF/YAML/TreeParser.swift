import OrderedCollections
import Yams

/// Turns the YAML text of an ASDF tree into `Node`s: YAML 1.1 scalar rules, `%TAG` handles
/// expanded, anchors and aliases resolved, merge keys applied, and `ndarray` tags handed to
/// `convertArray` so that arrays come out as views of their blocks.
struct TreeParser {
    /// Builds an array node from an `ndarray`-tagged node; receives the tree path for errors.
    typealias ArrayConverter = (Node, String) throws(ASDFError) -> ArrayNode

    let file: String?
    let convertArray: ArrayConverter

    /// Parses one YAML document.
    func parse(_ text: String, lineOffset: Int = 0) throws(ASDFError) -> Node {
        let root: Yams.Node?
        do {
            root = try Yams.compose(yaml: text, Resolver.basic)
        } catch let error as YamlError {
            throw ASDFError(file: file, .none, .invalidYAML(Self.describe(error, lineOffset: lineOffset)))
        } catch {
            throw ASDFError(file: file, .none, .invalidYAML(String(describing: error)))
        }
        guard let root else { return .null }
        return try convert(root, path: "")
    }

    private static func describe(_ error: YamlError, lineOffset: Int) -> String {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            return "\(problem) at line \(mark.line + lineOffset), column \(mark.column)" + (context.map { " (\($0.text))" } ?? "")
        case .composer(let context, let problem, let mark, _):
            return "\(problem) at line \(mark.line + lineOffset), column \(mark.column)" + (context.map { " (\($0.text))" } ?? "")
        default:
            return String(describing: error).split(separator: "\n").first.map(String.init) ?? "unreadable YAML"
        }
    }

    private func child(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : path + "/" + key
    }

    private func convert(_ yaml: Yams.Node, path: String) throws(ASDFError) -> Node {
        let value: Node
        let tag: String
        switch yaml {
        case .scalar(let scalar):
            tag = scalar.tag.rawValue
            value = scalarValue(scalar, tag: tag)
            if Self.isCoreTag(tag) { return value }
        case .sequence(let sequence):
            tag = sequence.tag.rawValue
            var items: [Node] = []
            items.reserveCapacity(sequence.count)
            for (index, item) in sequence.enumerated() {
                items.append(try convert(item, path: child(path, String(index))))
            }
            value = .sequence(items)
        case .mapping(let mapping):
            tag = mapping.tag.rawValue
            value = .mapping(try convertMapping(mapping, path: path))
        case .alias:
            throw ASDFError(file: file, .treePath(path), .invalidYAML("unresolved alias"))
        }
        if tag.isEmpty || tag == "!" || Self.isCoreTag(tag) { return value }
        if Tag.matches(tag, "core/ndarray") {
            return .ndarray(try convertArray(.tagged(tag, value), path))
        }
        return .tagged(tag, value)
    }

    /// The YAML core tags (`tag:yaml.org,2002:...`) only say what the value already is.
    private static func isCoreTag(_ tag: String) -> Bool { tag.hasPrefix("tag:yaml.org,2002:") }

    private func scalarValue(_ scalar: Yams.Node.Scalar, tag: String) -> Node {
        let text = scalar.string
        // Yams may already have resolved an implicit plain scalar's tag to `!!str` (its tags are
        // resolved lazily and shared), so a plain scalar tagged `""` or `!!str` is treated as
        // implicit. (An explicit `!!str` on a plain scalar is therefore not honoured; Python asdf
        // never writes one.)
        if scalar.style == .plain, tag.isEmpty || tag == "tag:yaml.org,2002:str" {
            return ScalarResolver.resolvePlain(text)
        }
        switch tag {
        case "":
            return .string(text)
        case "tag:yaml.org,2002:str", "!":
            return .string(text)
        case "tag:yaml.org,2002:null":
            return .null
        case "tag:yaml.org,2002:bool":
            return ScalarResolver.boolValue(text).map(Node.bool) ?? .string(text)
        case "tag:yaml.org,2002:int", "tag:yaml.org,2002:float":
            let resolved = ScalarResolver.resolvePlain(text)
            switch resolved {
            case .int(let i) where tag.hasSuffix("float"): return .float(Double(i))
            case .int, .float: return resolved
            default: return .string(text)
            }
        case "tag:yaml.org,2002:timestamp":
            return .timestamp(text)
        default:
            // An explicitly tagged scalar keeps its text, as pyyaml constructs it.
            return .string(text)
        }
    }

    private func convertMapping(_ mapping: Yams.Node.Mapping, path: String) throws(ASDFError) -> OrderedDictionary<Node.MappingKey, Node> {
        var result = OrderedDictionary<Node.MappingKey, Node>()
        var merged: [OrderedDictionary<Node.MappingKey, Node>] = []
        for (keyNode, valueNode) in mapping {
            if case .scalar(let keyScalar) = keyNode, keyScalar.style == .plain, keyScalar.string == "<<" {
                switch try convert(valueNode, path: path) {
                case .mapping(let m): merged.append(m)
                case .sequence(let items):
                    for case .mapping(let m) in items { merged.append(m) }
                default:
                    throw ASDFError(file: file, .treePath(path), .invalidYAML("merge key '<<' needs a mapping"))
                }
                continue
            }
            let key = try mappingKey(keyNode, path: path)
            result[key] = try convert(valueNode, path: child(path, key.description))
        }
        for m in merged {
            for (key, value) in m where result[key] == nil { result[key] = value }
        }
        return result
    }

    private func mappingKey(_ node: Yams.Node, path: String) throws(ASDFError) -> Node.MappingKey {
        guard case .scalar(let scalar) = node else {
            throw ASDFError(file: file, .treePath(path), .invalidTree("mapping keys must be strings, integers or booleans"))
        }
        switch scalarValue(scalar, tag: scalar.tag.rawValue) {
        case .string(let s), .timestamp(let s): return .string(s)
        case .int(let i): return .int(i)
        case .bool(let b): return .bool(b)
        case .null: return .string(scalar.string)
        case .float: return .string(scalar.string)
        default: return .string(scalar.string)
        }
    }
}
