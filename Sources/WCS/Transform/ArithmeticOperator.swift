import Foundation

/// The element-wise operators of astropy's arithmetic compound models (`a + b`, `a - b`,
/// `a * b`, `a / b`, `a ** b`; ASDF `add`, `subtract`, `multiply`, `divide`, `power-1.4.0`):
/// both operands take the same inputs and each output combines their outputs at that index.
public enum ArithmeticOperator: String, Sendable, Equatable, CaseIterable {
    case add
    case subtract
    case multiply
    case divide
    case power

    /// The operator applied to one pair of values.
    @inline(__always)
    public func apply(_ a: Double, _ b: Double) -> Double {
        switch self {
        case .add: a + b
        case .subtract: a - b
        case .multiply: a * b
        case .divide: a / b
        case .power: pow(a, b)
        }
    }

    /// The astropy operator symbol.
    public var symbol: String {
        switch self {
        case .add: "+"
        case .subtract: "-"
        case .multiply: "*"
        case .divide: "/"
        case .power: "**"
        }
    }
}
