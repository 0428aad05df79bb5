/// YAML 1.1 resolution of plain (unquoted) scalars, exactly as pyyaml (and so Python asdf) does
/// it: `1.0e+5` is a float but `1e5` a string, `010` is octal, `1:20` is sexagesimal 80,
/// `yes`/`off` are booleans, and unquoted dates are timestamps.
enum ScalarResolver {
    /// The value a plain scalar stands for.
    static func resolvePlain(_ text: String) -> Node {
        let bytes = Array(text.utf8)
        if isNull(bytes) { return .null }
        if let bool = boolValue(text) { return .bool(bool) }
        if let int = intValue(bytes) { return .int(int) }
        if let float = floatValue(bytes) { return .float(float) }
        if isTimestamp(bytes) { return .timestamp(text) }
        return .string(text)
    }

    /// Whether a plain scalar with this text would be read back as something other than this string.
    static func resolvesToNonString(_ text: String) -> Bool {
        if case .string = resolvePlain(text) { return text == "<<" || text == "=" }
        return true
    }

    static func isNull(_ b: [UInt8]) -> Bool {
        b.isEmpty || b == [0x7E] || b == Array("null".utf8) || b == Array("Null".utf8) || b == Array("NULL".utf8)
    }

    static func boolValue(_ text: String) -> Bool? {
        switch text {
        case "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON": true
        case "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF": false
        default: nil
        }
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    /// Splits an optional leading sign.
    private static func sign(_ b: [UInt8]) -> (negative: Bool, rest: ArraySlice<UInt8>) {
        if let first = b.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            return (first == UInt8(ascii: "-"), b.dropFirst())
        }
        return (false, b[...])
    }

    /// pyyaml's int: binary `0b`, octal `0[0-7_]+`, decimal, hex `0x`, sexagesimal `1:20`.
    static func intValue(_ b: [UInt8]) -> Int64? {
        let (negative, rest) = sign(b)
        guard let first = rest.first, isDigit(first) else { return nil }
        let digits = rest.filter { $0 != UInt8(ascii: "_") }
        func parse(_ body: ArraySlice<UInt8>, radix: Int) -> Int64? {
            guard !body.isEmpty, let magnitude = UInt64(String(decoding: body, as: UTF8.self), radix: radix) else { return nil }
            return negative ? (magnitude == UInt64(Int64.max) + 1 ? Int64.min : Int64(exactly: magnitude).map { -$0 }) : Int64(exactly: magnitude)
        }
        let r = Array(rest)
        if r.count > 2, r[0] == UInt8(ascii: "0"), r[1] == UInt8(ascii: "b") {
            guard r[2...].allSatisfy({ $0 == 0x30 || $0 == 0x31 || $0 == 0x5F }) else { return nil }
            return parse(digits.dropFirst(2)[...], radix: 2)
        }
        if r.count > 2, r[0] == UInt8(ascii: "0"), r[1] == UInt8(ascii: "x") {
            guard r[2...].allSatisfy({ isDigit($0) || (0x61...0x66).contains($0) || (0x41...0x46).contains($0) || $0 == 0x5F }) else { return nil }
            return parse(digits.dropFirst(2)[...], radix: 16)
        }
        if r.contains(UInt8(ascii: ":")) {
            // [1-9][0-9_]*(:[0-5]?[0-9])+
            let parts = r.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
            guard r[0] != UInt8(ascii: "0"), parts[0].allSatisfy({ isDigit($0) || $0 == 0x5F }) else { return nil }
            for part in parts.dropFirst() {
                guard (1...2).contains(part.count), part.allSatisfy(isDigit),
                      part.count == 1 || part.first! <= UInt8(ascii: "5") else { return nil }
            }
            var value: Int64 = 0
            for part in parts {
                guard let v = Int64(String(decoding: part.filter { $0 != 0x5F }, as: UTF8.self)) else { return nil }
                let (m, o1) = value.multipliedReportingOverflow(by: 60)
                let (s, o2) = m.addingReportingOverflow(v)
                guard !o1, !o2 else { return nil }
                value = s
            }
            return negative ? -value : value
        }
        guard r.allSatisfy({ isDigit($0) || $0 == 0x5F }) else { return nil }
        if r[0] == UInt8(ascii: "0") {
            if r.count == 1 { return 0 }
            guard r.allSatisfy({ ($0 >= 0x30 && $0 <= 0x37) || $0 == 0x5F }) else { return nil }
            return parse(digits.dropFirst()[...], radix: 8)
        }
        return parse(digits[...], radix: 10)
    }

    /// pyyaml's float: needs a `.`; exponent (if any) needs a sign; `.inf`, `.nan`, sexagesimal.
    static func floatValue(_ b: [UInt8]) -> Double? {
        let text = String(decoding: b, as: UTF8.self)
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        let (negative, rest) = sign(b)
        let r = Array(rest)
        guard !r.isEmpty else { return nil }
        if r[0] == UInt8(ascii: ".") {
            // \.[0-9_]+([eE][-+][0-9]+)? — no sign allowed in this branch.
            guard b.first == UInt8(ascii: ".") else { return nil }
            return decimalFloat(r, negative: false, requireLeadingDigit: false)
        }
        guard isDigit(r[0]) else { return nil }
        if r.contains(UInt8(ascii: ":")) {
            // [0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*
            guard let dot = r.firstIndex(of: UInt8(ascii: ".")) else { return nil }
            let fraction = r[(dot + 1)...]
            guard fraction.allSatisfy({ isDigit($0) || $0 == 0x5F }) else { return nil }
            let parts = r[..<dot].split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
            guard parts[0].allSatisfy({ isDigit($0) || $0 == 0x5F }) else { return nil }
            var value = 0.0
            for (i, part) in parts.enumerated() {
                if i > 0 {
                    guard (1...2).contains(part.count), part.allSatisfy(isDigit), part.count == 1 || part.first! <= UInt8(ascii: "5") else { return nil }
                }
                guard let v = Double(String(decoding: part.filter { $0 != 0x5F }, as: UTF8.self)) else { return nil }
                value = value * 60 + v
            }
            let fractionText = "0." + String(decoding: fraction.filter { $0 != 0x5F }, as: UTF8.self)
            value += Double(fractionText) ?? 0
            return negative ? -value : value
        }
        return decimalFloat(r, negative: negative, requireLeadingDigit: true)
    }

    private static func decimalFloat(_ r: [UInt8], negative: Bool, requireLeadingDigit: Bool) -> Double? {
        var i = 0
        if requireLeadingDigit {
            while i < r.count, isDigit(r[i]) || r[i] == 0x5F { i += 1 }
        }
        guard i < r.count, r[i] == UInt8(ascii: ".") else { return nil }
        i += 1
        let fractionStart = i
        while i < r.count, isDigit(r[i]) || r[i] == 0x5F { i += 1 }
        if !requireLeadingDigit && i == fractionStart { return nil }
        if i < r.count {
            guard r[i] == UInt8(ascii: "e") || r[i] == UInt8(ascii: "E") else { return nil }
            i += 1
            guard i < r.count, r[i] == UInt8(ascii: "+") || r[i] == UInt8(ascii: "-") else { return nil }
            i += 1
            guard i < r.count, r[i...].allSatisfy(isDigit) else { return nil }
        }
        var text = String(decoding: r.filter { $0 != 0x5F }, as: UTF8.self)
        if text.hasPrefix(".") { text = "0" + text }
        if let dot = text.firstIndex(of: "."), text.index(after: dot) == text.endIndex || "eE".contains(text[text.index(after: dot)]) {
            text.insert("0", at: text.index(after: dot))
        }
        guard let value = Double(text) else { return nil }
        return negative ? -value : value
    }

    /// pyyaml's timestamp: `YYYY-MM-DD`, or date and time with optional fraction and zone.
    static func isTimestamp(_ b: [UInt8]) -> Bool {
        var i = 0
        func digits(_ minimum: Int, _ maximum: Int) -> Bool {
            var n = 0
            while i < b.count, n < maximum, isDigit(b[i]) { i += 1; n += 1 }
            return n >= minimum
        }
        func expect(_ c: Character) -> Bool {
            guard i < b.count, b[i] == UInt8(ascii: c.unicodeScalars.first!) else { return false }
            i += 1
            return true
        }
        guard digits(4, 4), expect("-") else { return false }
        let monthStart = i
        guard digits(1, 2), expect("-"), digits(1, 2) else { return false }
        if i == b.count {
            // Date only: exactly YYYY-MM-DD.
            return b.count == 10 && monthStart == 5
        }
        if b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "t") {
            i += 1
        } else {
            var spaces = 0
            while i < b.count, b[i] == 0x20 || b[i] == 0x09 { i += 1; spaces += 1 }
            guard spaces > 0 else { return false }
        }
        guard digits(1, 2), expect(":"), digits(2, 2), expect(":"), digits(2, 2) else { return false }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            while i < b.count, isDigit(b[i]) { i += 1 }
        }
        while i < b.count, b[i] == 0x20 || b[i] == 0x09 { i += 1 }
        if i == b.count { return true }
        if b[i] == UInt8(ascii: "Z") { return i + 1 == b.count }
        guard b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") else { return false }
        i += 1
        guard digits(1, 2) else { return false }
        if i < b.count {
            guard expect(":"), digits(2, 2) else { return false }
        }
        return i == b.count
    }
}
