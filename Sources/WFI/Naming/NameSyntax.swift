/// Small lexical helpers shared by the name parsers and formatters.
///
/// Names are ASCII by convention, so every check works on UTF-8 bytes: a Unicode digit such as
/// `٣` or a sign such as `+5` (both accepted by `Int.init(_:)`) never counts as a digit here.
enum NameSyntax {
    /// The value of `text` if it is exactly `count` ASCII digits (leading zeros allowed).
    static func digits(_ text: Substring, count: Int) -> Int? {
        guard text.utf8.count == count else { return nil }
        return number(text)
    }

    /// The value of `text` if it is one or more ASCII digits and fits in an `Int`.
    static func number(_ text: Substring) -> Int? {
        guard !text.utf8.isEmpty else { return nil }
        var value = 0
        for byte in text.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }

    /// The value of `text` if it is a canonical decimal number: ASCII digits with no leading
    /// zero (except `0` itself), as skycell coordinates and data-release numbers are written.
    static func canonicalNumber(_ text: Substring) -> Int? {
        guard let first = text.utf8.first else { return nil }
        if first == UInt8(ascii: "0"), text.utf8.count > 1 { return nil }
        return number(text)
    }

    /// `value` in decimal, zero-padded to `width` digits; out-of-range values (negative or too
    /// wide) are written as they are, so that an error message shows what was supplied.
    static func padded(_ value: Int, width: Int) -> String {
        let plain = String(value)
        guard value >= 0, plain.utf8.count < width else { return plain }
        return String(repeating: "0", count: width - plain.utf8.count) + plain
    }

    /// Whether `text` is non-empty and only lowercase ASCII letters and digits.
    static func isLowercaseAlphanumeric(_ text: Substring) -> Bool {
        !text.utf8.isEmpty && text.utf8.allSatisfy { isLowercaseLetter($0) || isDigit($0) }
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    static func isLowercaseLetter(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
    }

    /// Whether `text` is non-empty and only ASCII digits.
    static func isAllDigits(_ text: Substring) -> Bool {
        !text.utf8.isEmpty && text.utf8.allSatisfy(isDigit)
    }

    /// Checks that `value` lies in `range`; otherwise throws an error for `component` whose
    /// `found` is `value` written with `width` digits.
    static func check(
        _ value: Int, in range: ClosedRange<Int>, width: Int, component: String, expected: String, name: String
    ) throws(NamingError) {
        guard range.contains(value) else {
            throw NamingError(name: name, component: component, found: padded(value, width: width), expected: expected)
        }
    }
}
