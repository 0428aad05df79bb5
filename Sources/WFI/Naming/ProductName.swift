/// The file name of any Roman WFI data product of levels 1-4, parsed or to be formatted.
///
/// The three families share the leading `r` and the trailing `_suffix.extension` but differ in
/// between: per-detector exposure products, guide-window products of one acquisition, and
/// skycell products of a program. Use ``init(parsing:)`` to decode a name, or build one of the
/// three values and read ``fileName``.
///
/// `Encodable` writes the decoded ``components`` as one flat JSON object, numbers as numbers.
public enum ProductName: Hashable, Sendable, CustomStringConvertible, Encodable {
    /// `_uncal`, `_wcs`, `_cal`, or L4 `_cat`/`_segm` of one detector of one exposure.
    case exposure(ExposureProductName)
    /// `_gw` or `_face` of one guide star acquisition.
    case guideWindow(GuideWindowProductName)
    /// L3 `_coadd`/`_asn` or L4 `_cat`/`_segm` of one skycell.
    case skycell(SkycellProductName)

    /// Decodes a product file name; a leading directory (anything up to the last `/`) is ignored.
    ///
    /// The name must be complete: prefix `r`, every component of its family, the suffix and
    /// the extension that goes with the suffix (`.asdf`, `_asn.json`, `_cat.parquet`). Every
    /// rule that construction checks is checked too, so a parsed name always formats back to
    /// the same text. Errors name the input exactly as given.
    public init(parsing fileName: String) throws(NamingError) {
        self = try ProductNameParser(input: fileName).parse()
    }

    /// The complete file name, without directory.
    public var fileName: String {
        switch self {
        case let .exposure(name): name.fileName
        case let .guideWindow(name): name.fileName
        case let .skycell(name): name.fileName
        }
    }

    /// The processing level, from the suffix.
    public var level: ProductLevel { suffix.level }

    /// The product-type suffix.
    public var suffix: ProductSuffix {
        switch self {
        case let .exposure(name): name.suffix
        case let .guideWindow(name): name.suffix
        case let .skycell(name): name.suffix
        }
    }

    /// The optical element, or `nil` for a data-release L4 skycell product.
    public var element: OpticalElement? {
        switch self {
        case let .exposure(name): name.element
        case let .guideWindow(name): name.element
        case let .skycell(name): name.element
        }
    }

    /// The family: `exposure`, `guide_window` or `skycell`.
    public var kind: String {
        switch self {
        case .exposure: "exposure"
        case .guideWindow: "guide_window"
        case .skycell: "skycell"
        }
    }

    /// The complete file name.
    public var description: String { fileName }

    /// Every decoded component, in name order after a header of `file_name`, `kind`, `level`,
    /// `suffix` and `extension`. Visit-based names also list the `visit_id`; skycell names list
    /// the parts of the release id, subset and skycell.
    public var components: [NameComponent] {
        var list = [
            NameComponent(key: "file_name", label: "file name", text: fileName),
            NameComponent(key: "kind", label: "kind", text: kind),
            NameComponent(key: "level", label: "level", text: String(level.rawValue), number: level.rawValue),
            NameComponent(key: "suffix", label: "suffix", text: suffix.rawValue),
            NameComponent(key: "extension", label: "extension", text: suffix.fileExtension),
        ]
        switch self {
        case let .exposure(name):
            list += Self.components(of: name.visit)
            list.append(Self.number("exposure", "exposure", name.exposure, width: 4))
            list.append(NameComponent(key: "detector", label: "detector", text: name.detector.fileNameComponent,
                                      number: name.detector.number))
            list.append(Self.component(of: name.element))
        case let .guideWindow(name):
            list += Self.components(of: name.visit)
            list.append(Self.number("exposure", "exposure", name.exposure, width: 4))
            list.append(Self.number("acquisition", "acquisition", name.acquisition, width: 1))
            list.append(NameComponent(key: "detector", label: "detector", text: name.detector.fileNameComponent,
                                      number: name.detector.number))
            list.append(Self.component(of: name.element))
        case let .skycell(name):
            list.append(Self.number("program", "program", name.program, width: 5))
            list.append(NameComponent(key: "release_id", label: "release id", text: name.release.description))
            switch name.release {
            case .prompt:
                list.append(NameComponent(key: "release", label: "release", text: "prompt"))
            case let .dataRelease(number, tier):
                list.append(NameComponent(key: "release", label: "release", text: "data release"))
                list.append(NameComponent(key: "data_release", label: "data release", text: String(number), number: number))
                if let tier { list.append(NameComponent(key: "tier", label: "tier", text: tier)) }
            }
            list.append(NameComponent(key: "subset", label: "subset", text: name.subset.description))
            switch name.subset {
            case .visit:
                list.append(NameComponent(key: "subset_type", label: "subset type", text: "visit"))
                if let visit = name.visit { list += Self.components(of: visit).dropFirst() }
            case let .pass(executionPlan, pass):
                list.append(NameComponent(key: "subset_type", label: "subset type", text: "pass"))
                list.append(Self.number("execution_plan", "execution plan", executionPlan, width: 2))
                list.append(Self.number("pass", "pass", pass, width: 3))
            case .full:
                list.append(NameComponent(key: "subset_type", label: "subset type", text: "full"))
            case .named:
                list.append(NameComponent(key: "subset_type", label: "subset type", text: "community"))
            }
            let cell = name.skycell
            list.append(NameComponent(key: "skycell", label: "skycell", text: cell.description))
            list.append(NameComponent(key: "skycell_ra", label: "region RA (deg)", text: String(cell.raCenter), number: cell.raCenter))
            list.append(NameComponent(key: "skycell_dec", label: "region Dec (deg)", text: String(cell.decCenter), number: cell.decCenter))
            list.append(NameComponent(key: "skycell_x", label: "skycell X", text: String(cell.x), number: cell.x))
            list.append(NameComponent(key: "skycell_y", label: "skycell Y", text: String(cell.y), number: cell.y))
            if let element = name.element { list.append(Self.component(of: element)) }
        }
        return list
    }

    /// Writes ``components`` as one JSON object: `number` where present, `text` otherwise.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: ComponentKey.self)
        for component in components {
            let key = ComponentKey(component.key)
            if let number = component.number {
                try container.encode(number, forKey: key)
            } else {
                try container.encode(component.text, forKey: key)
            }
        }
    }

    private struct ComponentKey: CodingKey {
        let stringValue: String
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    private static func number(_ key: String, _ label: String, _ value: Int, width: Int) -> NameComponent {
        NameComponent(key: key, label: label, text: NameSyntax.padded(value, width: width), number: value)
    }

    private static func components(of visit: VisitID) -> [NameComponent] {
        [
            number("program", "program", visit.program, width: 5),
            number("execution_plan", "execution plan", visit.executionPlan, width: 2),
            number("pass", "pass", visit.pass, width: 3),
            number("segment", "segment", visit.segment, width: 3),
            number("observation", "observation", visit.observation, width: 3),
            number("visit", "visit", visit.visit, width: 3),
            NameComponent(key: "visit_id", label: "visit id", text: visit.description),
        ]
    }

    private static func component(of element: OpticalElement) -> NameComponent {
        NameComponent(key: "optical_element", label: "optical element", text: ExposureProductName.spelling(element))
    }
}
