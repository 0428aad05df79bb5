/// How text is written as a YAML scalar (YAML 1.1 as PyYAML reads it): which characters may
/// stand unescaped, and double-quoted scalars with the rest escaped. Shared by the writers of
/// YAML documents (the ASDF tree, astropy's table metadata in Parquet files).
public enum YAMLScalarText {
    /// Whether `scalar` may appear unescaped in a quoted scalar: not a C0 or C1 control, DEL, the
    /// byte order mark, the non-characters U+FFFE and U+FFFF, or the line and paragraph separators
    /// (which PyYAML treats as line breaks).
    public static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v >= 0x20 && v != 0x7F && !(0x80...0x9F).contains(v) && v != 0xFEFF && v != 0xFFFE && v != 0xFFFF
            && !(0x2028...0x2029).contains(v)
    }

    /// Whether every character of `text` is printable (a single-quoted scalar can hold it).
    public static func isPrintable(_ text: String) -> Bool { text.unicodeScalars.allSatisfy(isPrintable) }

    /// `text` as a double-quoted scalar: `"` and `\` escaped, tab, newline, carriage return and
    /// NUL by their short escapes, other unprintable characters as `\xHH` or `\uHHHH`.
    public static func doubleQuoted(_ text: String) -> String {
        var out = "\""
        for s in text.unicodeScalars {
            switch s {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\0": out += "\\0"
            default:
                if isPrintable(s) {
                    out.unicodeScalars.append(s)
                } else {
                    let hex = String(s.value, radix: 16, uppercase: true)
                    out += s.value <= 0xFF ? "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
                        : "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                }
            }
        }
        return out + "\""
    }
}
