/// One of the 18 H4RG detectors of the WFI focal plane, numbered 1 to 18.
///
/// A `Detector` always holds a valid number, so code that receives one never re-checks it.
/// Metadata spells detectors `WFI01`...`WFI18` (``name``, also the `Codable` form); file names
/// spell them `wfi01`...`wfi18` (``fileNameComponent``).
public struct Detector: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    /// The detector number, 1...18.
    public let number: Int

    /// The valid detector numbers.
    public static let numbers: ClosedRange<Int> = 1...18

    /// All 18 detectors, in number order.
    public static let all: [Detector] = numbers.map { Detector(unchecked: $0) }

    /// The detector with `number`; throws a ``NamingError`` (component `detector`) outside 1...18.
    public init(number: Int) throws(NamingError) {
        guard Self.numbers.contains(number) else {
            throw NamingError(
                name: "wfi" + NameSyntax.padded(number, width: 2), component: "detector",
                found: String(number), expected: "a detector number 1-18")
        }
        self.number = number
    }

    /// The detector named by its file-name spelling, exactly `wfi01`...`wfi18`; `nil` otherwise.
    public init?(fileNameComponent: some StringProtocol) {
        self.init(prefix: "wfi", text: Substring(fileNameComponent))
    }

    /// The detector named by its metadata spelling, exactly `WFI01`...`WFI18`; `nil` otherwise.
    public init?(name: some StringProtocol) {
        self.init(prefix: "WFI", text: Substring(name))
    }

    private init?(prefix: String, text: Substring) {
        guard text.hasPrefix(prefix),
              let number = NameSyntax.digits(text.dropFirst(prefix.utf8.count), count: 2),
              Self.numbers.contains(number)
        else { return nil }
        self.number = number
    }

    init(unchecked number: Int) {
        self.number = number
    }

    /// The metadata spelling, `WFI01`...`WFI18`.
    public var name: String { "WFI" + NameSyntax.padded(number, width: 2) }

    /// The file-name spelling, `wfi01`...`wfi18`.
    public var fileNameComponent: String { "wfi" + NameSyntax.padded(number, width: 2) }

    /// The metadata spelling, `WFI01`...`WFI18`.
    public var description: String { name }

    /// Orders detectors by number.
    public static func < (lhs: Detector, rhs: Detector) -> Bool { lhs.number < rhs.number }

    /// Decodes the metadata spelling `WFI01`...`WFI18`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let detector = Detector(name: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "found '\(text)', expected a detector WFI01-WFI18")
        }
        self = detector
    }

    /// Encodes the metadata spelling `WFI01`...`WFI18`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
