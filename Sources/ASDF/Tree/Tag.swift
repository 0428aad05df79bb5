/// Tag URIs of the ASDF core and of the astronomy tags Roman files use.
public enum Tag {
    /// The prefix the `!` handle stands for in ASDF files (`%TAG ! tag:stsci.edu:asdf/`).
    public static let stsciPrefix = "tag:stsci.edu:asdf/"
    public static let asdfRoot = "tag:stsci.edu:asdf/core/asdf-1.1.0"
    public static let ndarray = "tag:stsci.edu:asdf/core/ndarray-1.1.0"
    public static let software = "tag:stsci.edu:asdf/core/software-1.0.0"
    public static let extensionMetadata = "tag:stsci.edu:asdf/core/extension_metadata-1.0.0"
    public static let historyEntry = "tag:stsci.edu:asdf/core/history_entry-1.0.0"
    public static let complex = "tag:stsci.edu:asdf/core/complex-1.0.0"
    public static let time = "tag:stsci.edu:asdf/time/time-1.4.0"
    public static let unit = "tag:stsci.edu:asdf/unit/unit-1.0.0"
    public static let quantity = "tag:stsci.edu:asdf/unit/quantity-1.2.0"

    /// Whether `tag` names `name` in any version of the `tag:stsci.edu:asdf/<module>/` family
    /// (`matches(tag, "core/ndarray")` accepts `ndarray-1.0.0`, `-1.1.0`, `-1.2.0`).
    public static func matches(_ tag: String, _ name: String) -> Bool {
        let prefix = stsciPrefix + name + "-"
        return tag.hasPrefix(prefix) && tag.dropFirst(prefix.count).first?.isNumber == true
    }
}
