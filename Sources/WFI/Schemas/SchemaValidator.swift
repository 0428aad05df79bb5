import Synchronization
import Arrays
import ASDF
import Foundation

/// One way a product tree breaks its schema.
public struct SchemaProblem: Sendable, Hashable, CustomStringConvertible {
    /// `/`-separated tree path below the product node (`meta/exposure/nresultants`).
    public var path: String
    public var message: String

    public var description: String { "\(path.isEmpty ? "(root)" : path): \(message)" }
}

/// Checks a tree against a resolved rad schema the way asdf's validator does on open (required
/// keys, types, enums, tags, ndarray datatype and dimensions), collecting every problem instead
/// of stopping at the first.
public struct SchemaValidator {
    public init() {}

    public func validate(_ node: Node, against schema: Schema) -> [SchemaProblem] {
        var problems: [SchemaProblem] = []
        check(node, schema, "", &problems)
        return problems
    }

    private func child(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "/" + key }

    private func check(_ node: Node, _ schema: Schema, _ path: String, _ problems: inout [SchemaProblem]) {
        func fail(_ message: String) { problems.append(SchemaProblem(path: path, message: message)) }

        if let tag = schema.tag, !Self.tagMatches(node.tag, tag) {
            fail("expected tag \(tag), found \(node.tag ?? "no tag")")
            return
        }
        var value = node.untagged
        if case .ndarray(let array) = node, !schema.properties.isEmpty || !schema.required.isEmpty {
            // Keywords about the ndarray's own keys (`datatype`...) see its tree form.
            value = array.treeMapping
        }
        if let types = schema.type, !types.contains(where: { Self.hasType(value, $0) }) {
            fail("expected \(types.joined(separator: " or ")), found \(Self.describe(value))")
            return
        }
        if let allowed = schema.enumValues, !allowed.contains(where: { Self.equal(value, $0) }) {
            let shown = allowed.prefix(8).map(Self.show).joined(separator: ", ") + (allowed.count > 8 ? ", ..." : "")
            fail("\(Self.describe(value)) is not one of [\(shown)]")
        }
        if case .ndarray(let array) = node, schema.datatype != nil || schema.ndim != nil || schema.maxNdim != nil {
            checkArray(array.array, schema, fail)
        }
        if let d = value.doubleValue, value.boolValue == nil {
            if let minimum = schema.minimum, d < minimum { fail("\(d) is below the minimum \(minimum)") }
            if let maximum = schema.maximum, d > maximum { fail("\(d) is above the maximum \(maximum)") }
        }
        if let pattern = schema.pattern, let text = value.stringValue, !RegexCache.matches(text, pattern) {
            fail("'\(text)' does not match \(pattern)")
        }
        if let maxLength = schema.maxLength, let text = value.stringValue, text.count > maxLength {
            fail("'\(text.prefix(40))...' is \(text.count) characters long, more than \(maxLength)")
        }
        if case .mapping(let mapping) = value {
            for key in schema.required where mapping[.string(key)] == nil {
                problems.append(SchemaProblem(path: child(path, key), message: "required property is missing"))
            }
            for (key, item) in mapping {
                let name = key.description
                if let sub = schema.properties[name] {
                    check(item, sub, child(path, name), &problems)
                    continue
                }
                let matching = schema.patternProperties.filter { RegexCache.matches(name, $0.key) }
                for (_, sub) in matching { check(item, sub, child(path, name), &problems) }
                if matching.isEmpty, !schema.allowsAdditionalProperties {
                    problems.append(SchemaProblem(path: child(path, name), message: "additional property is not allowed"))
                }
            }
        }
        if case .sequence(let items) = value {
            if let minimum = schema.minItems, items.count < minimum { fail("has \(items.count) items, fewer than \(minimum)") }
            if let maximum = schema.maxItems, items.count > maximum { fail("has \(items.count) items, more than \(maximum)") }
            if let itemSchema = schema.items {
                for (i, item) in items.enumerated() { check(item, itemSchema, child(path, String(i)), &problems) }
            } else if let list = schema.itemList {
                for (i, (item, itemSchema)) in zip(items, list).enumerated() { check(item, itemSchema, child(path, String(i)), &problems) }
            }
        }
        if let all = schema.allOf {
            for sub in all { check(node, sub, path, &problems) }
        }
        if let any = schema.anyOf {
            let results = any.map { validate(node, against: $0) }
            if !results.contains(where: \.isEmpty) {
                // Report the alternative that came closest.
                let closest = results.min { $0.count < $1.count } ?? []
                fail("matches none of \(any.count) alternatives" + (closest.first.map { " (closest: \($0))" } ?? ""))
            }
        }
        if let one = schema.oneOf {
            let valid = one.filter { validate(node, against: $0).isEmpty }.count
            if valid != 1 { fail("must match exactly one of \(one.count) alternatives, matches \(valid)") }
        }
        if let not = schema.not, validate(node, against: not).isEmpty {
            if let wanted = not.items?.not {
                // not(every item fails S) = some item must match S: say which S.
                let name = wanted.properties["name"]?.pattern.map { " named \($0)" } ?? ""
                let type = wanted.properties["data"]?.properties["datatype"]?.enumValues?.compactMap(\.stringValue).first.map { " of datatype \($0)" } ?? ""
                fail("needs an item\(name)\(type)")
            } else {
                fail("must not match the excluded schema")
            }
        }
    }

    private func checkArray(_ array: NDArray, _ schema: Schema, _ fail: (String) -> Void) {
        if let ndim = schema.ndim, array.shape.count != ndim {
            fail("expected \(ndim) dimensions, found \(array.shape.count) (shape \(array.shape))")
        }
        if let maxNdim = schema.maxNdim, array.shape.count > maxNdim {
            fail("expected at most \(maxNdim) dimensions, found \(array.shape.count)")
        }
        guard let wanted = schema.datatype.flatMap(Self.dataType) else { return }
        if schema.exactDatatype ? array.dataType != wanted : !Self.canCastSafely(array.dataType, to: wanted) {
            fail("datatype \(array.dataType.displayName) where \(wanted.displayName) is required")
        }
    }

    // MARK: Helpers

    /// Glob match of a tag against a pattern whose `*` wildcards match anything but `/`
    /// (`...ndarray-1.*`), as asdf matches tags.
    static func tagMatches(_ tag: String?, _ pattern: String) -> Bool {
        guard let tag else { return false }
        let regex = "^" + pattern.split(separator: "*", omittingEmptySubsequences: false)
            .map { NSRegularExpression.escapedPattern(for: String($0)) }.joined(separator: "[^/]*") + "$"
        return RegexCache.matches(tag, regex)
    }

    static func hasType(_ value: Node, _ type: String) -> Bool {
        switch (type, value) {
        case ("object", .mapping), ("array", .sequence), ("null", .null), ("boolean", .bool), ("integer", .int),
             ("number", .int), ("number", .float), ("string", .string):
            return true
        case ("object", .ndarray):
            return true
        default:
            return false
        }
    }

    static func equal(_ value: Node, _ json: JSONValue) -> Bool {
        switch (value, json) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.int(let a), .int(let b)): a == b
        case (.int(let a), .double(let b)): Double(a) == b
        case (.float(let a), .double(let b)): a == b
        case (.float(let a), .int(let b)): a == Double(b)
        case (.string(let a), .string(let b)): a == b
        case (.sequence(let a), .array(let b)): a.count == b.count && zip(a, b).allSatisfy { equal($0.untagged, $1) }
        default: false
        }
    }

    static func show(_ json: JSONValue) -> String {
        switch json {
        case .null: "null"
        case .bool(let b): String(b)
        case .int(let i): String(i)
        case .double(let d): String(d)
        case .string(let s): "'\(s)'"
        case .array: "[...]"
        case .object: "{...}"
        }
    }

    static func describe(_ value: Node) -> String {
        switch value {
        case .null: "null"
        case .bool(let b): "boolean \(b)"
        case .int(let i): "integer \(i)"
        case .float(let d): "number \(d)"
        case .string(let s): "string '\(s.prefix(60))'"
        case .timestamp(let t): "timestamp \(t)"
        case .sequence(let s): "list of \(s.count)"
        case .mapping: "mapping"
        case .tagged(let tag, _): "!<\(tag)>"
        case .ndarray(let a): "ndarray \(a.array.dataType.displayName) \(a.array.shape)"
        }
    }

    static func dataType(_ json: JSONValue) -> DataType? {
        switch json {
        case .string(let name): return DataType(scalarName: name)
        case .array(let items):
            if items.count == 2, let kind = items[0].stringValue, case .int(let n) = items[1] {
                return kind == "ascii" ? .ascii(length: Int(n)) : kind == "ucs4" ? .ucs4(length: Int(n)) : nil
            }
            // A record: [{name, datatype, byteorder?, shape?}, ...].
            var fields: [RecordField] = []
            for item in items {
                guard case .object(let field) = item, let name = field["name"]?.stringValue,
                      let type = field["datatype"].flatMap(dataType) else { return nil }
                var shape: [Int] = []
                if case .array(let dims)? = field["shape"] {
                    shape = dims.compactMap { if case .int(let d) = $0 { Int(d) } else { nil } }
                }
                fields.append(RecordField(name: name, dataType: type,
                                          byteOrder: field["byteorder"]?.stringValue.flatMap(ByteOrder.init(rawValue:)), shape: shape))
            }
            return fields.isEmpty ? nil : .record(fields)
        default: return nil
        }
    }

    /// numpy's `can_cast(from, to, 'safe')` for the scalar types.
    static func canCastSafely(_ from: DataType, to: DataType) -> Bool {
        if from == to { return true }
        func rank(_ t: DataType) -> (kind: Int, size: Int)? {
            switch t {
            case .bool8: (0, 1)
            case .uint8, .uint16, .uint32, .uint64: (1, t.itemSize)
            case .int8, .int16, .int32, .int64: (2, t.itemSize)
            case .float16, .float32, .float64: (3, t.itemSize)
            case .complex64, .complex128: (4, t.itemSize)
            default: nil
            }
        }
        guard let a = rank(from), let b = rank(to) else { return false }
        switch (a.kind, b.kind) {
        case (0, _): return true
        case (1, 1), (2, 2), (3, 3), (4, 4): return a.size <= b.size
        case (1, 2): return a.size < b.size
        case (1, 3), (2, 3): return a.size < b.size || (a.size <= 2 && b.size >= 4)
        case (3, 4): return a.size * 2 <= b.size
        case (1, 4), (2, 4): return a.size * 2 < b.size
        default: return false
        }
    }
}

/// Compiled regular expressions by pattern: a schema check matches the same few patterns
/// thousands of times (every catalog column against every required-column pattern), and
/// compiling one per match dominated validation.
enum RegexCache {
    private static let compiled = Mutex<[String: NSRegularExpression?]>([:])

    /// Whether `pattern` matches somewhere in `text` (as `range(of:options: .regularExpression)`).
    static func matches(_ text: String, _ pattern: String) -> Bool {
        let regex = compiled.withLock { cache -> NSRegularExpression? in
            if let found = cache[pattern] { return found }
            let made = try? NSRegularExpression(pattern: pattern)
            cache[pattern] = made
            return made
        }
        guard let regex else { return text.range(of: pattern, options: .regularExpression) != nil }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
