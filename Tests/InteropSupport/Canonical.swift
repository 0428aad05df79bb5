import Arrays
import ASDF
import Foundation

/// The canonical JSON form of a tree shared with `scripts/python/canonical.py`, so that a tree
/// read by our reader and the same file read by Python asdf can be compared value by value.
public enum Canonical {
    public static let summaryThreshold = 100_000

    /// The canonical form of a whole file's tree, without `asdf_library` and `history`.
    public static func tree(_ file: ASDFFile) throws -> [String: Any] {
        var map: [String: Any] = [:]
        for (key, value) in file.tree.mappingValue ?? [:] where key != "asdf_library" && key != "history" {
            map[key.description] = try node(value)
        }
        return ["map": map]
    }

    public static func node(_ node: Node) throws -> Any {
        switch node {
        case .null: return ["null": true]
        case .bool(let b): return ["bool": b]
        case .int(let i): return ["int": String(i)]
        case .float(let d): return ["float": floatText(d)]
        case .string(let s): return ["str": s]
        case .timestamp(let t): return ["timestamp": t]
        case .sequence(let items): return ["list": try items.map(Self.node)]
        case .mapping(let m):
            var map: [String: Any] = [:]
            for (k, v) in m { map[k.description] = try Self.node(v) }
            return ["map": map]
        case .ndarray(let a): return ["ndarray": try array(a)]
        case .tagged(let tag, let inner):
            if Tag.matches(tag, "time/time"), let time = Time(node: node) {
                var value = try Self.node(time.value)
                if time.format == "datetime", let text = time.value.stringValue {
                    // astropy gives a datetime, which Python prints as `YYYY-MM-DD HH:MM:SS.ffffff`.
                    value = ["timestamp": Self.pythonDatetime(text)]
                }
                if time.format == "jyear" || time.format == "byear", let text = time.value.stringValue,
                   let year = Double(text.dropFirst()) {
                    // A `J2000.000` string in base format jyear: astropy reports the year number.
                    value = ["float": floatText(year)]
                }
                return ["time": ["value": value, "format": time.format, "scale": time.scale]]
            }
            if Tag.matches(tag, "core/integer"), let text = inner["string"]?.stringValue {
                return ["int": text.hasPrefix("+") ? String(text.dropFirst()) : text]
            }
            if Tag.matches(tag, "core/complex"), let text = inner.stringValue, let value = ComplexNumber(text: text) {
                return ["complex": [floatText(value.real), floatText(value.imaginary)]]
            }
            if Tag.matches(tag, "table/column") || tag.hasPrefix("tag:astropy.org:astropy/table/column-"), let data = inner["data"] {
                // astropy turns a column into an ndarray subclass: only its data is compared.
                return try Self.node(data)
            }
            if Unit.isUnitTag(tag), let unit = Unit(node: node) { return ["unit": unit.string] }
            if Tag.matches(tag, "unit/quantity"), let q = Quantity(node: node) {
                return ["quantity": ["value": try Self.node(q.value), "unit": q.unit.string]]
            }
            return ["tagged": ["tag": tag, "value": try Self.node(inner)]]
        }
    }

    /// `2026-11-21T20:11:32.135` -> `2026-11-21 20:11:32.135000`.
    public static func pythonDatetime(_ isot: String) -> String {
        var text = isot.replacingOccurrences(of: "T", with: " ")
        if let dot = text.firstIndex(of: ".") {
            let fraction = text[text.index(after: dot)...]
            text = String(text[...dot]) + fraction + String(repeating: "0", count: max(0, 6 - fraction.count))
        }
        return text
    }

    public static func floatText(_ d: Double) -> String {
        d.isNaN ? "nan" : d.isInfinite ? (d < 0 ? "-inf" : "inf") : "\(d)"
    }

    /// The datatype as Python asdf writes it (records: every field with its byte order, 1-byte
    /// fields `big`).
    public static func datatype(_ type: DataType, order: ByteOrder = .little) -> Any {
        switch type {
        case .ascii(let n): return ["ascii", n]
        case .ucs4(let n): return ["ucs4", n]
        case .record(let fields):
            return fields.map { f -> [String: Any] in
                var m: [String: Any] = ["name": f.name, "datatype": datatype(f.dataType, order: f.byteOrder ?? order)]
                let oneByte = f.dataType.itemSize == 1 || f.dataType.swapUnit == 1
                m["byteorder"] = oneByte ? "big" : (f.byteOrder ?? order).rawValue
                if !f.shape.isEmpty { m["shape"] = f.shape }
                return m
            }
        default: return type.scalarName ?? "?"
        }
    }

    public static func array(_ node: ArrayNode) throws -> [String: Any] {
        let a = node.array
        let oneByte = a.dataType.itemSize == 1 || a.dataType.swapUnit == 1 || a.dataType.swapUnit == nil
        var result: [String: Any] = [
            "datatype": datatype(a.dataType, order: a.byteOrder),
            "byteorder": oneByte ? "big" : a.byteOrder.rawValue,
            "shape": a.shape,
        ]
        let values = try a.elementValues()
        if values.count > summaryThreshold {
            result["summary"] = summary(values)
        } else {
            result["values"] = values.map(element)
        }
        if case .array(let mask) = node.mask {
            result["mask"] = try mask.elementValues().map { value -> Bool in
                if case .bool(let b) = value { return b }
                return false
            }
        }
        return result
    }

    public static func element(_ value: ElementValue) -> Any {
        switch value {
        case .bool(let b): return b
        case .int(let i): return String(i)
        case .uint(let u): return String(u)
        case .float(let d): return floatText(d)
        case .complex(let re, let im): return [floatText(re), floatText(im)]
        case .string(let s): return s
        case .list(let items): return items.map(element)
        case .record(let items):
            // Sub-array fields are flattened in C order, as canonical.py does.
            return items.map { item -> Any in
                if case .list = item { return flatten(item).map(element) }
                return element(item)
            }
        }
    }

    public static func flatten(_ value: ElementValue) -> [ElementValue] {
        if case .list(let items) = value { return items.flatMap(flatten) }
        return [value]
    }

    public static func summary(_ values: [ElementValue]) -> [String: Any] {
        var integerSum: Int128 = 0
        var floatSum = 0.0
        var isFloat = false
        for v in values {
            switch v {
            case .int(let i): integerSum += Int128(i)
            case .uint(let u): integerSum += Int128(u)
            case .bool(let b): integerSum += b ? 1 : 0
            case .float(let d): floatSum += d; isFloat = true
            default: break
            }
        }
        return [
            "count": String(values.count),
            "sum": isFloat ? floatText(floatSum) : String(integerSum),
            "first": values.prefix(64).map(element),
            "last": values.suffix(64).map(element),
        ]
    }

    /// Differences between two canonical values (floats by value, NaN equal to NaN, sums within
    /// 1e-9 relative), as readable lines.
    public static func compare(_ expected: Any, _ actual: Any, path: String = "", floatSum: Bool = false) -> [String] {
        switch (expected, actual) {
        case (let e as [String: Any], let a as [String: Any]):
            var out: [String] = []
            for key in Set(e.keys).union(a.keys).sorted() {
                let p = path + "/" + key
                guard let ev = e[key] else { out.append("\(p): unexpected"); continue }
                guard let av = a[key] else { out.append("\(p): missing"); continue }
                if key == "float", let es = ev as? String, let as_ = av as? String {
                    if !sameFloat(es, as_, tolerance: floatSum ? 1e-9 : 0) { out.append("\(p): \(es) != \(as_)") }
                    continue
                }
                out += compare(ev, av, path: p, floatSum: key == "sum")
            }
            return out
        case (let e as [Any], let a as [Any]):
            guard e.count == a.count else { return ["\(path): \(e.count) items != \(a.count)"] }
            return zip(e, a).enumerated().flatMap { compare($1.0, $1.1, path: "\(path)[\($0)]") }
        case (let e as String, let a as String):
            if e == a || sameFloat(e, a, tolerance: floatSum ? 1e-9 : 0) { return [] }
            return ["\(path): \(e.debugDescription) != \(a.debugDescription)"]
        case (let e as NSNumber, let a as NSNumber):
            return e == a ? [] : ["\(path): \(e) != \(a)"]
        case (let e as Bool, let a as Bool):
            return e == a ? [] : ["\(path): \(e) != \(a)"]
        default:
            return ["\(path): \(type(of: expected)) \(expected) != \(type(of: actual)) \(actual)"]
        }
    }

    private static func sameFloat(_ a: String, _ b: String, tolerance: Double) -> Bool {
        guard let x = Double(a), let y = Double(b) else { return false }
        if x.isNaN && y.isNaN { return true }
        if tolerance > 0 { return abs(x - y) <= tolerance * max(abs(x), abs(y), 1) }
        return x == y && x.sign == y.sign
    }

    /// Parses JSON text into canonical values.
    public static func parse(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    public static func jsonText(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
    }
}
