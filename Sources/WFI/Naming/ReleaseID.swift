/// Whether an L3/L4 product comes from prompt processing or from a data release: the second
/// component of a skycell product name (`p`, `r1`, `r1-ultradeep`).
///
/// Prompt products are made as soon as their inputs exist and are overwritten on reprocessing;
/// data-release products are made periodically, are versioned by release, and supersede the
/// prompt ones.
public enum ReleaseID: Hashable, Sendable, CustomStringConvertible {
    /// A prompt product, written `p`.
    case prompt
    /// A product of data release `number` of the program (`r1`), optionally of one tier of the
    /// program's survey (`r1-ultradeep`). Numbers start at 0 (the archive has `r0` products);
    /// a tier is lowercase letters and digits, in words separated by single hyphens.
    case dataRelease(number: Int, tier: String?)

    /// Parses `p`, `rN` or `rN-tier`; throws a ``NamingError`` (component `release id`).
    public init(parsing text: some StringProtocol) throws(NamingError) {
        let text = Substring(text)
        if text == "p" {
            self = .prompt
            return
        }
        let error = NamingError(name: String(text), component: "release id", found: String(text), expected: Self.expectedForm)
        guard text.hasPrefix("r") else { throw error }
        let rest = text.dropFirst()
        let numberText = rest.prefix { $0 != "-" }
        guard let number = NameSyntax.canonicalNumber(numberText) else { throw error }
        if numberText.endIndex == rest.endIndex {
            self = .dataRelease(number: number, tier: nil)
            return
        }
        let tier = rest[rest.index(after: numberText.endIndex)...]
        guard Self.isValidTier(tier) else { throw error }
        self = .dataRelease(number: number, tier: String(tier))
    }

    /// Whether this is a prompt product's identifier.
    public var isPrompt: Bool { self == .prompt }

    /// `p`, `rN` or `rN-tier`.
    public var description: String {
        switch self {
        case .prompt: "p"
        case let .dataRelease(number, tier?): "r\(number)-\(tier)"
        case let .dataRelease(number, nil): "r\(number)"
        }
    }

    /// Throws if a data-release number is negative or a tier is not of the allowed form.
    func validate(name: String) throws(NamingError) {
        guard case let .dataRelease(number, tier) = self else { return }
        guard number >= 0, tier.map({ Self.isValidTier(Substring($0)) }) ?? true else {
            throw NamingError(name: name, component: "release id", found: description, expected: Self.expectedForm)
        }
    }

    static let expectedForm = "p (prompt), rN (data release N) or rN-tier (e.g. r1-ultradeep; tier in lowercase letters and digits)"

    /// Lowercase letters and digits, possibly in words joined by single hyphens.
    static func isValidTier(_ tier: Substring) -> Bool {
        let words = tier.split(separator: "-", omittingEmptySubsequences: false)
        return words.allSatisfy(NameSyntax.isLowercaseAlphanumeric)
    }
}
