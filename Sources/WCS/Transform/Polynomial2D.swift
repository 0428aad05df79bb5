/// astropy `Polynomial2D(degree)`: P(x, y) = Σ_{i+j ≤ n} c_{i_j} · x^i · y^j, with astropy's
/// parameter naming `c{i}_{j}` for the coefficient of x^i y^j.
///
/// The ASDF form (`polynomial-1.3.0`) stores an (n+1)x(n+1) array whose entry [i][j] is
/// c_{i_j} (row = power of x; entries with i + j > n are zero). Optional `domain`/`window`
/// rescale each input first, x' = off + scl·x with scl = (w1 − w0)/(d1 − d0) and
/// off = (w0·d1 − w1·d0)/(d1 − d0) (astropy `poly_map_domain`).
public struct Polynomial2D: Sendable, Equatable {
    public let degree: Int
    /// coefficients[i][j] = c_{i_j} (coefficient of x^i y^j); (degree+1)² entries, zero where i+j > degree.
    public private(set) var coefficients: [[Double]]
    /// x and y domains and windows (astropy `x_domain`, `y_domain`, `x_window`, `y_window`); nil = none.
    public var xDomain: ClosedRange<Double>?
    public var yDomain: ClosedRange<Double>?
    public var xWindow: ClosedRange<Double>?
    public var yWindow: ClosedRange<Double>?

    /// A zero polynomial of `degree`.
    public init(degree: Int) {
        self.degree = degree
        coefficients = Array(repeating: Array(repeating: 0, count: degree + 1), count: degree + 1)
    }

    /// From a coefficient matrix [i][j] (square, (degree+1)²); entries with i + j > degree are ignored.
    public init(coefficients matrix: [[Double]]) throws(TransformError) {
        let n = matrix.count - 1
        guard n >= 0, matrix.allSatisfy({ $0.count == n + 1 }) else {
            throw .malformed(path: "coefficients", reason: "expected a square (n+1)x(n+1) matrix")
        }
        self.init(degree: n)
        for i in 0...n { for j in 0...(n - i) { coefficients[i][j] = matrix[i][j] } }
    }

    /// c_{i_j} (astropy parameter `c{i}_{j}`), or zero when i + j > degree.
    public subscript(i: Int, j: Int) -> Double {
        get { i + j <= degree && i >= 0 && j >= 0 ? coefficients[i][j] : 0 }
        set {
            precondition(i >= 0 && j >= 0 && i + j <= degree, "c\(i)_\(j) is outside a degree-\(degree) polynomial")
            coefficients[i][j] = newValue
        }
    }

    /// The value at (x, y), after the domain → window mapping.
    public func callAsFunction(_ x: Double, _ y: Double) -> Double {
        let u = Self.map(x, domain: xDomain, window: xWindow)
        let v = Self.map(y, domain: yDomain, window: yWindow)
        // Horner in y for each power of x, then Horner in x.
        var result = 0.0
        for i in stride(from: degree, through: 0, by: -1) {
            var inner = 0.0
            for j in stride(from: degree - i, through: 0, by: -1) { inner = inner * v + coefficients[i][j] }
            result = result * u + inner
        }
        return result
    }

    static func map(_ x: Double, domain: ClosedRange<Double>?, window: ClosedRange<Double>?) -> Double {
        guard let domain, domain.upperBound != domain.lowerBound else { return x }
        let window = window ?? -1...1
        let (d0, d1, w0, w1) = (domain.lowerBound, domain.upperBound, window.lowerBound, window.upperBound)
        let scl = (w1 - w0) / (d1 - d0)
        let off = (w0 * d1 - w1 * d0) / (d1 - d0)
        return off + scl * x
    }
}
