/// astropy `Polynomial1D(degree)`: P(x) = Σ c_i x^i (ASDF `polynomial-1.3.0` with a 1-D
/// coefficient array), with the optional `domain`/`window` mapping of `Polynomial2D`.
public struct Polynomial1D: Sendable, Equatable {
    /// coefficients[i] = c_i, the coefficient of x^i.
    public var coefficients: [Double]
    public var domain: ClosedRange<Double>?
    public var window: ClosedRange<Double>?

    public init(coefficients: [Double]) {
        self.coefficients = coefficients
    }

    public var degree: Int { coefficients.count - 1 }

    /// The value at x, after the domain → window mapping (Horner).
    public func callAsFunction(_ x: Double) -> Double {
        let u = Polynomial2D.map(x, domain: domain, window: window)
        var result = 0.0
        for c in coefficients.reversed() { result = result * u + c }
        return result
    }
}
