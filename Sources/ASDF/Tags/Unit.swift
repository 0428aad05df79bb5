import OrderedCollections

/// `unit/unit-1.0.0`: a physical unit as an astropy/VOUnit string (`DN / s`, `MJy / sr`, `pixel`).
public struct Unit: Sendable, Hashable, ExpressibleByStringLiteral {
    public var string: String

    public init(_ string: String) { self.string = string }
    public init(stringLiteral value: String) { self.string = value }

    /// Reads a unit node (tagged or a plain string).
    public init?(node: Node) {
        guard let text = node.stringValue else { return nil }
        string = text
    }

    public var node: Node { .tagged(Tag.unit, .string(string)) }

    /// Whether `tag` is a unit tag: ASDF's VOUnit `unit/unit-1.x` or astropy's own
    /// `tag:astropy.org:astropy/units/unit-1.x` (used for units VOUnit cannot express, like `DN / s`).
    public static func isUnitTag(_ tag: String) -> Bool {
        Tag.matches(tag, "unit/unit") || tag.hasPrefix("tag:astropy.org:astropy/units/unit-")
    }
}

/// `unit/quantity-1.x`: a number or array with a unit.
public struct Quantity: Sendable {
    /// A number or an `ndarray` node.
    public var value: Node
    public var unit: Unit

    public init(_ value: Double, _ unit: Unit) {
        self.value = .float(value)
        self.unit = unit
    }

    public init(value: Node, unit: Unit) {
        self.value = value
        self.unit = unit
    }

    public init?(node: Node) {
        guard let value = node["value"], let unitNode = node["unit"], let unit = Unit(node: unitNode) else { return nil }
        self.value = value
        self.unit = unit
    }

    /// The value as a number, when it is one.
    public var doubleValue: Double? { value.doubleValue }

    public var node: Node {
        .tagged(Tag.quantity, .mapping(["unit": unit.node, "value": value]))
    }
}
