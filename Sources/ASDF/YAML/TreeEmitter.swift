import OrderedCollections
import YAMLText

/// Writes `Node`s as YAML 1.1 text that pyyaml reads back to the same values: floats always with
/// a `.` and a signed exponent, strings that would resolve to something else quoted, tags in the
/// `!` shorthand for `tag:stsci.edu:asdf/` and verbatim (`!<...>`) otherwise.
///
/// Small collections of scalars go in flow style (`[10, 4096, 4096]`, `{source: 0, ...}`),
/// everything else in block style with two-space indentation.
struct TreeEmitter {
    /// Turns array nodes into their YAML mapping (with `source` or inline `data`).
    let encodeArray: (ArrayNode) -> Node
    /// Longest flow collection written on one line.
    var flowWidth = 100

    // MARK: Scalars

    /// A float as Python's `repr` writes it, made YAML 1.1-safe.
    static func formatFloat(_ value: Double) -> String {
        if value.isNaN { return ".nan" }
        if value.isInfinite { return value < 0 ? "-.inf" : ".inf" }
        var text = "\(value)"
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            var mantissa = String(text[..<e])
            var exponent = String(text[text.index(after: e)...])
            if !mantissa.contains(".") { mantissa += ".0" }
            var sign = "+"
            if exponent.hasPrefix("-") || exponent.hasPrefix("+") {
                sign = String(exponent.removeFirst())
            }
            if exponent.count < 2 { exponent = "0" + exponent }
            text = mantissa + "e" + sign + exponent
        } else if !text.contains(".") {
            text += ".0"
        }
        return text
    }

    private static let indicators: Set<Character> = ["-", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`"]

    /// Whether `text` can be written as a plain scalar and read back as the same string.
    static func isPlainSafe(_ text: String) -> Bool {
        guard let first = text.first, let last = text.last else { return false }
        if indicators.contains(first) || first == " " || last == " " { return false }
        if first.isNumber || ((first == "+" || first == "." ) && text.count > 1) { return false }
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let safe = (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
                || v == 0x20 || v == 0x5F || v == 0x2E || v == 0x2F || v == 0x2D || v == 0x28 || v == 0x29 || v == 0x2B
            if !safe { return false }
        }
        if text.contains(" #") { return false }
        return !ScalarResolver.resolvesToNonString(text)
    }

    /// A string as a YAML scalar: plain when safe, single-quoted when printable, double-quoted
    /// with escapes otherwise.
    static func formatString(_ text: String) -> String {
        if isPlainSafe(text) { return text }
        if YAMLScalarText.isPrintable(text) { return "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
        return YAMLScalarText.doubleQuoted(text)
    }

    static func formatTag(_ tag: String) -> String {
        if tag.hasPrefix(Tag.stsciPrefix) {
            let rest = tag.dropFirst(Tag.stsciPrefix.count)
            if rest.allSatisfy({ $0.isLetter || $0.isNumber || "-_./".contains($0) }) { return "!" + rest }
        }
        return "!<" + tag + ">"
    }

    static func formatKey(_ key: Node.MappingKey) -> String {
        switch key {
        case .string(let s): formatString(s)
        case .int(let i): String(i)
        case .bool(let b): b ? "true" : "false"
        }
    }

    /// The scalar text of a leaf node; nil for collections.
    static func scalarText(_ node: Node) -> String? {
        switch node {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .float(let d): formatFloat(d)
        case .string(let s): formatString(s)
        case .timestamp(let t): ScalarResolver.isTimestamp(Array(t.utf8)) ? t : formatString(t)
        default: nil
        }
    }

    // MARK: Documents

    /// The document body after `---`, starting with the root's tag (no trailing `...`).
    func document(_ root: Node) -> String {
        var out = ""
        switch root {
        case .tagged(let tag, .mapping(let mapping)):
            out += " " + Self.formatTag(tag) + "\n"
            appendMapping(mapping, indent: 0, to: &out)
        case .mapping(let mapping):
            out += "\n"
            appendMapping(mapping, indent: 0, to: &out)
        default:
            appendValue(root, indent: 0, to: &out)
        }
        return out
    }

    /// Appends a value that follows a key, `-` or tag on the current line.
    private func appendValue(_ node: Node, indent: Int, to out: inout String) {
        let node = resolved(node)
        if let flow = flowText(node) {
            out += " " + flow + "\n"
            return
        }
        switch node {
        case .tagged(let tag, let inner):
            out += " " + Self.formatTag(tag)
            appendValue(inner, indent: indent, to: &out)
        case .mapping(let mapping):
            out += "\n"
            appendMapping(mapping, indent: indent, to: &out)
        case .sequence(let items):
            out += "\n"
            appendSequence(items, indent: indent, to: &out)
        default:
            out += " " + (Self.scalarText(node) ?? "null") + "\n"
        }
    }

    private func appendMapping(_ mapping: OrderedDictionary<Node.MappingKey, Node>, indent: Int, to out: inout String, firstLinePrefixed: Bool = false) {
        let pad = String(repeating: " ", count: indent)
        var first = true
        for (key, value) in mapping {
            if !(first && firstLinePrefixed) { out += pad }
            first = false
            out += Self.formatKey(key) + ":"
            appendValue(value, indent: indent + 2, to: &out)
        }
    }

    private func appendSequence(_ items: [Node], indent: Int, to out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for item in items {
            out += pad + "-"
            let item = resolved(item)
            if flowText(item) == nil, case .mapping(let mapping) = item, !mapping.isEmpty {
                out += " "
                appendMapping(mapping, indent: indent + 2, to: &out, firstLinePrefixed: true)
            } else {
                appendValue(item, indent: indent + 2, to: &out)
            }
        }
    }

    private func resolved(_ node: Node) -> Node {
        if case .ndarray(let array) = node { return encodeArray(array) }
        return node
    }

    /// The one-line flow form of `node` if it is small and made of scalars.
    private func flowText(_ node: Node) -> String? {
        var budget = flowWidth
        return flow(node, budget: &budget, depth: 0)
    }

    private func flow(_ node: Node, budget: inout Int, depth: Int) -> String? {
        let node = resolved(node)
        if let text = Self.scalarText(node) {
            budget -= text.count
            return budget >= 0 ? text : nil
        }
        guard depth < 4 else { return nil }
        switch node {
        case .tagged(let tag, let inner):
            let prefix = Self.formatTag(tag) + " "
            budget -= prefix.count
            guard budget >= 0, let body = flow(inner, budget: &budget, depth: depth + 1) else { return nil }
            return prefix + body
        case .sequence(let items):
            var parts: [String] = []
            for item in items {
                guard let part = flow(item, budget: &budget, depth: depth + 1) else { return nil }
                budget -= 2
                parts.append(part)
            }
            return budget >= 0 ? "[" + parts.joined(separator: ", ") + "]" : nil
        case .mapping(let mapping):
            var parts: [String] = []
            for (key, value) in mapping {
                let keyText = Self.formatKey(key)
                budget -= keyText.count + 4
                guard budget >= 0, let part = flow(value, budget: &budget, depth: depth + 1) else { return nil }
                parts.append(keyText + ": " + part)
            }
            return budget >= 0 ? "{" + parts.joined(separator: ", ") + "}" : nil
        default:
            return nil
        }
    }
}

extension Node {
    /// A scalar as YAML text (`3.0`, `'yes'`, `null`); nil for collections, tags and arrays.
    public var scalarText: String? { TreeEmitter.scalarText(self) }
}
