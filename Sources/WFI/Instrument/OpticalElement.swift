/// A position of the WFI element wheel: one of the eight imaging filters, the grism, the prism,
/// the dark (blank) position, or no configured element.
///
/// Raw values are spelled as the Roman metadata (`meta.instrument.optical_element` in the Roman
/// Attribute Dictionary) spells them, so the type encodes and decodes directly from product
/// metadata. File names use the lowercase spelling (`f184`), see ``fileNameComponent``.
public enum OpticalElement: String, CaseIterable, Sendable, Codable {
    case f062 = "F062"
    case f087 = "F087"
    case f106 = "F106"
    case f129 = "F129"
    case f146 = "F146"
    case f158 = "F158"
    case f184 = "F184"
    case f213 = "F213"
    case grism = "GRISM"
    case prism = "PRISM"
    case dark = "DARK"
    /// Metadata value for an exposure taken with no element configured; such an exposure has no
    /// element component and so cannot be named by the file-naming conventions.
    case notConfigured = "NOT_CONFIGURED"

    /// The element as written in file names (`f184`, `grism`, `dark`), or `nil` for
    /// ``notConfigured``, which never appears in a file name.
    public var fileNameComponent: String? {
        self == .notConfigured ? nil : rawValue.lowercased()
    }

    /// The element named by its file-name spelling. Only the exact lowercase spelling is
    /// accepted (`f184`, not `F184`): file names are case-sensitive and always lowercase.
    public init?(fileNameComponent: some StringProtocol) {
        guard let element = Self.inFileNames.first(where: { $0.fileNameComponent == String(fileNameComponent) }) else {
            return nil
        }
        self = element
    }

    /// Whether the element disperses light (the grism or the prism): spectroscopic exposures get
    /// no source catalogs, segmentation maps or skycell mosaics from the imaging pipeline.
    public var isSpectroscopic: Bool {
        self == .grism || self == .prism
    }

    /// Whether the element is one of the eight imaging filters F062-F213, the only elements for
    /// which skycell mosaics, source catalogs and segmentation maps are made.
    public var isImagingFilter: Bool {
        switch self {
        case .f062, .f087, .f106, .f129, .f146, .f158, .f184, .f213: true
        case .grism, .prism, .dark, .notConfigured: false
        }
    }

    /// Every element that can appear in a file name, in wheel order.
    static let inFileNames: [OpticalElement] = allCases.filter { $0 != .notConfigured }

    /// The file-name spellings of `elements`, for error messages: `f062, f087, ..., dark`.
    static func spellings(_ elements: [OpticalElement]) -> String {
        elements.compactMap(\.fileNameComponent).joined(separator: ", ")
    }
}
