/// One decoded piece of a product name, for display and for machine-readable output
/// (``ProductName/components``).
public struct NameComponent: Hashable, Sendable {
    /// A stable snake_case key, e.g. `execution_plan`, `optical_element`, `skycell_ra`.
    public let key: String
    /// A short human label, e.g. `execution plan`.
    public let label: String
    /// The value as written in the name (`01`, `wfi06`, `f184`); for the parts of a compound
    /// component (such as a skycell's Dec) and for derived values, the decoded value (`-6`).
    public let text: String
    /// The numeric value of a numeric component (`1` for `01`, `6` for `wfi06`); `nil` otherwise.
    public let number: Int?

    /// A component with its key, label, text and (for numeric components) value.
    public init(key: String, label: String, text: String, number: Int? = nil) {
        self.key = key
        self.label = label
        self.text = text
        self.number = number
    }
}
