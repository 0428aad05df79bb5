import Arrays
import OrderedCollections

/// `time/time-1.x`: an astropy `Time` as ASDF stores it: a bare string (ISO/`isot`, `yday`,
/// `J2000.0`...), or a mapping with `value`, `format`, `scale` (and optionally `base_format`,
/// `location`).
///
/// The value is kept as written (string, number or array node); `format` and `scale` are what
/// astropy would report, guessed from a bare string the same way.
public struct Time: Sendable {
    /// The value node: a string, a number, or an `ndarray`.
    public var value: Node
    /// astropy's format name (`isot`, `iso`, `yday`, `mjd`, `jd`, `unix`, `jyear_str`...): the
    /// `format` key when present, else `base_format`, else guessed from the value.
    public var format: String
    /// Whether the mapping form names `format` explicitly (written back only then).
    public var formatIsExplicit: Bool
    /// The time scale (`utc`, `tai`, `tt`, `tdb`...).
    public var scale: String
    /// Other keys of the mapping form (`base_format`, `location`), kept for round trips.
    public var extra: OrderedDictionary<Node.MappingKey, Node>

    /// A UTC time in ISO 8601 `T` form, as Roman metadata uses (`2027-06-01T01:02:19.123`).
    public init(isot: String, scale: String = "utc") {
        value = .string(isot)
        format = "isot"
        formatIsExplicit = false
        self.scale = scale
        extra = [:]
    }

    /// A time from a numeric value in `format` (e.g. `mjd`).
    public init(value: Double, format: String, scale: String = "utc") {
        self.value = .float(value)
        self.format = format
        formatIsExplicit = true
        self.scale = scale
        extra = [:]
    }

    /// Reads a time node (tagged or not); nil if it is neither a string nor a mapping with `value`.
    public init?(node: Node) {
        switch node.untagged {
        case .string(let text), .timestamp(let text):
            value = .string(text)
            format = Self.guessFormat(text)
            formatIsExplicit = false
            scale = Self.defaultScale(format: format, text: text)
            extra = [:]
        case .mapping(var m):
            guard let v = m.removeValue(forKey: "value") else { return nil }
            value = v
            let explicitFormat = m.removeValue(forKey: "format")?.stringValue
            formatIsExplicit = explicitFormat != nil
            format = explicitFormat ?? m["base_format"]?.stringValue ?? Self.firstString(v).map(Self.guessFormat) ?? "jd"
            scale = m.removeValue(forKey: "scale")?.stringValue
                ?? Self.defaultScale(format: format, text: v.stringValue ?? "")
            extra = m
        default:
            return nil
        }
    }

    /// The tree form, as asdf-astropy writes it: a bare string for UTC `isot`/`iso`/`yday`
    /// strings, a mapping otherwise.
    public var node: Node {
        if extra.isEmpty, !formatIsExplicit, scale == "utc", case .string(let text) = value, Self.guessFormat(text) == format,
           ["isot", "iso", "yday"].contains(format) {
            return .tagged(Tag.time, .string(text))
        }
        var m = OrderedDictionary<Node.MappingKey, Node>()
        if formatIsExplicit { m["format"] = .string(format) }
        if scale != Self.defaultScale(format: format, text: value.stringValue ?? "") || formatIsExplicit {
            m["scale"] = .string(scale)
        }
        m["value"] = value
        for (k, v) in extra { m[k] = v }
        return .tagged(Tag.time, .mapping(m))
    }

    /// The value's string, or the first string of a string array.
    static func firstString(_ value: Node) -> String? {
        if let text = value.stringValue { return text }
        // Only the first element is decoded: time arrays can be long.
        if let array = value.arrayValue?.array, array.count > 0, let bytes = try? array.storage.resolve(),
           case .string(let text) = ElementDecoder.decode(array.dataType, array.byteOrder, at: UnsafeRawPointer(bytes.baseAddress + array.offset)) {
            return text
        }
        return nil
    }

    /// astropy's format guess for a time string.
    static func guessFormat(_ text: String) -> String {
        let chars = Array(text)
        if let first = chars.first, first == "J" || first == "B", Double(String(chars.dropFirst())) != nil {
            return first == "J" ? "jyear_str" : "byear_str"
        }
        if chars.count >= 8, chars[4] == ":" { return "yday" }
        if chars.count >= 10, chars[4] == "-" {
            if chars.count > 10, chars[10] == "T" { return "isot" }
            return "iso"
        }
        return "iso"
    }

    /// The scale astropy assumes when none is given.
    static func defaultScale(format: String, text: String) -> String {
        switch format {
        case "jyear_str", "byear_str", "jyear", "byear": "tt"
        case "gps", "unix_tai", "tai_seconds": "tai"
        default: "utc"
        }
    }
}
