/// A file name that does not follow the Roman WFI naming conventions, or a set of name
/// components that cannot form one.
///
/// The error names the whole file name (as given when parsing; as far as it could be rendered
/// when formatting), the component that is wrong, what was found there and what the
/// conventions expect, so that a user can fix the name without reading the specification:
///
///     r0012301008002013005_0005_wfi19_f184_cal.asdf: detector: found 'wfi19', expected wfi01-wfi18
public struct NamingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The whole name being parsed (exactly as given, directory included) or formatted
    /// (rendered from the supplied components, with markers such as `wfiNN` for missing ones).
    public let name: String
    /// The component that is wrong: `prefix`, `visit id`, `program`, `execution plan`, `pass`,
    /// `segment`, `observation`, `visit`, `exposure`, `acquisition`, `detector`,
    /// `optical element`, `release id`, `subset`, `skycell`, `suffix`, `extension` or `level`.
    public let component: String
    /// The text found (or supplied) for the component; empty when the component is missing.
    public let found: String
    /// What the conventions allow at that place, in words.
    public let expected: String

    /// An error about `component` of `name`: `found` (empty if missing) where `expected` belongs.
    public init(name: String, component: String, found: String, expected: String) {
        self.name = name
        self.component = component
        self.found = found
        self.expected = expected
    }

    /// `NAME: COMPONENT: found 'TEXT', expected WHAT` (or `found nothing` for a missing component).
    public var description: String {
        let what = found.isEmpty ? "nothing" : "'\(found)'"
        return "\(name): \(component): found \(what), expected \(expected)"
    }

    /// The same error reported against another (enclosing) name.
    func naming(_ name: String) -> NamingError {
        NamingError(name: name, component: component, found: found, expected: expected)
    }
}
