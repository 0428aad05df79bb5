/// `core/complex-1.0.0`: a complex scalar written as Python writes it (`(1.5-2j)`, `0j`, `(inf-0j)`).
public struct ComplexNumber: Sendable, Hashable {
    public var real: Double
    public var imaginary: Double

    public init(_ real: Double, _ imaginary: Double) {
        self.real = real
        self.imaginary = imaginary
    }

    /// Parses Python's `repr(complex)` forms, with or without parentheses.
    public init?(text: String) {
        var body = Substring(text)
        if body.hasPrefix("("), body.hasSuffix(")") { body = body.dropFirst().dropLast() }
        guard body.hasSuffix("j") else {
            guard let real = Double(String(body)) else { return nil }
            self.init(real, 0)
            return
        }
        body = body.dropLast()
        let chars = Array(body)
        var split = chars.count
        for i in stride(from: chars.count - 1, to: 0, by: -1)
        where (chars[i] == "+" || chars[i] == "-") && chars[i - 1] != "e" && chars[i - 1] != "E" {
            split = i
            break
        }
        if split == chars.count {
            guard let imaginary = Double(String(chars).isEmpty ? "1" : String(chars)) else { return nil }
            self.init(0, imaginary)
            return
        }
        let imaginaryText = String(chars[split...])
        guard let real = Double(String(chars[..<split])),
              let imaginary = Double(imaginaryText == "+" || imaginaryText == "-" ? imaginaryText + "1" : imaginaryText)
        else { return nil }
        self.init(real, imaginary)
    }

    /// Python's form: `(1.5-2.0j)`.
    public var text: String {
        func part(_ d: Double) -> String { d.isNaN ? "nan" : d.isInfinite ? (d < 0 ? "-inf" : "inf") : "\(d)" }
        let sign = imaginary.sign == .minus ? "" : "+"
        return "(" + part(real) + sign + part(imaginary) + "j)"
    }

    public var node: Node { .tagged(Tag.complex, .string(text)) }
}
