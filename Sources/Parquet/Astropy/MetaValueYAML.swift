import OrderedCollections
import Yams
import YAMLText

/// `ParquetMetaValue` as YAML 1.1 flow text (what PyYAML reads back to the same value) and back
/// from a composed YAML node.
///
/// Writing: strings are always double-quoted with escapes, so no string can be mistaken for a
/// number, bool or null and no line break ends up in the text; floats always carry a `.` (PyYAML
/// reads `1e-05` as a string) and NaN/infinity use `.nan`/`.inf` (formats.md §5.1).
enum MetaValueYAML {
    static func flow(_ value: ParquetMetaValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return float(d)
        case .string(let s): return quoted(s)
        case .array(let items): return "[" + items.map(flow).joined(separator: ", ") + "]"
        case .map(let entries): return "{" + entries.map { quoted($0.key) + ": " + flow($0.value) }.joined(separator: ", ") + "}"
        }
    }

    /// A YAML 1.1 float: `.nan`, `.inf`, `-.inf`, or the shortest round-trip digits with a `.`
    /// in the mantissa.
    static func float(_ d: Double) -> String {
        if d.isNaN { return ".nan" }
        if d.isInfinite { return d < 0 ? "-.inf" : ".inf" }
        var text = "\(d)"
        if !text.contains(".") {
            if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
                text.insert(contentsOf: ".0", at: e)
            } else {
                text += ".0"
            }
        }
        // PyYAML's float pattern needs a signed exponent.
        if let e = text.firstIndex(of: "e"), text.index(after: e) < text.endIndex, text[text.index(after: e)].isNumber {
            text.insert("+", at: text.index(after: e))
        }
        return text
    }

    /// A double-quoted YAML scalar; control and non-printable characters escaped.
    static func quoted(_ s: String) -> String { YAMLScalarText.doubleQuoted(s) }

    // MARK: Reading

    /// The value of a composed node (composed with `Resolver.basic`, so plain scalars are resolved
    /// here by the YAML 1.1 rules PyYAML applies). Tagged nodes keep their plain structure.
    static func value(_ node: Node) -> ParquetMetaValue {
        switch node {
        case .scalar(let scalar):
            let tag = scalar.tag.rawValue
            let implicit = scalar.style == .plain && (tag.isEmpty || tag == "tag:yaml.org,2002:str")
            return implicit ? resolvePlain(scalar.string) : .string(scalar.string)
        case .sequence(let sequence):
            return .array(sequence.map(value))
        case .mapping(let mapping):
            return .map(ordered(mapping))
        case .alias:
            return .null
        }
    }

    /// A mapping node as an ordered dictionary (keys as their text).
    static func ordered(_ mapping: Node.Mapping) -> OrderedDictionary<String, ParquetMetaValue> {
        var result = OrderedDictionary<String, ParquetMetaValue>()
        for (key, item) in mapping { result[key.string ?? ""] = value(item) }
        return result
    }

    /// YAML 1.1 implicit resolution of a plain scalar (null, bool, int, float, else string).
    static func resolvePlain(_ text: String) -> ParquetMetaValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON": return .bool(true)
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF": return .bool(false)
        case ".nan", ".NaN", ".NAN": return .double(.nan)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
        default: break
        }
        let digits = text.replacingOccurrences(of: "_", with: "")
        let body = digits.first == "-" || digits.first == "+" ? digits.dropFirst() : Substring(digits)
        if !body.isEmpty, body.allSatisfy(\.isASCIIDigit), let i = Int64(digits) { return .int(i) }
        if body.contains("."), body.first?.isASCIIDigit == true || body.first == ".",
           body.allSatisfy({ $0.isASCIIDigit || $0 == "." || $0 == "e" || $0 == "E" || $0 == "+" || $0 == "-" }),
           let d = Double(digits) {
            return .double(d)
        }
        return .string(text)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
