/// The file name of an L1 guide-window product of one detector: the guide-window pixels and
/// telemetry (`_gw`) or the fine attitude correction estimate telemetry (`_face`) of one guide
/// star acquisition.
///
/// Format: `r` + visit id + `_` + exposure (4 digits) + `_` + acquisition Q (1-9) + `_wfiNN_` +
/// element + `_gw` or `_face` + `.asdf`, e.g. `r0012301008002013005_0005_1_wfi06_f184_gw.asdf`.
public struct GuideWindowProductName: Hashable, Sendable, CustomStringConvertible {
    /// The two products of a guide star acquisition.
    public enum Kind: String, CaseIterable, Sendable {
        /// Guide-window pixel data and telemetry, suffix `gw`.
        case guideWindow = "gw"
        /// Fine attitude correction estimate telemetry, suffix `face`.
        case face

        /// The file-name suffix of this kind.
        public var suffix: ProductSuffix {
            switch self {
            case .guideWindow: .gw
            case .face: .face
            }
        }

        /// The kind a suffix names; `nil` unless `gw` or `face`.
        public init?(suffix: ProductSuffix) {
            self.init(rawValue: suffix.rawValue)
        }
    }

    /// The visit the exposure belongs to (for WFI guiding in parallel with the Coronagraph,
    /// the Coronagraph's visit).
    public let visit: VisitID
    /// The exposure number within the visit, `eeee`, 0...9999.
    public let exposure: Int
    /// The guide star acquisition number, `Q`, 1...9.
    public let acquisition: Int
    /// The detector the guide window was on.
    public let detector: Detector
    /// The optical element of the exposure (never ``OpticalElement/notConfigured``).
    public let element: OpticalElement
    /// Pixels (`gw`) or FACE telemetry (`face`).
    public let kind: Kind

    /// The valid acquisition numbers.
    public static let acquisitions: ClosedRange<Int> = 1...9

    /// A name from its components; throws a ``NamingError`` if the exposure or acquisition
    /// number is out of range or the element is `NOT_CONFIGURED`.
    public init(
        visit: VisitID, exposure: Int, acquisition: Int, detector: Detector, element: OpticalElement, kind: Kind
    ) throws(NamingError) {
        let name = Self.render(visit, exposure, acquisition, detector, element, kind)
        try NameSyntax.check(exposure, in: ExposureProductName.exposures, width: 4, component: "exposure",
                             expected: "an exposure number 0000-9999 (4 digits)", name: name)
        try NameSyntax.check(acquisition, in: Self.acquisitions, width: 1, component: "acquisition",
                             expected: "a guide star acquisition number 1-9", name: name)
        try ExposureProductName.checkElement(element, name: name)
        self.visit = visit
        self.exposure = exposure
        self.acquisition = acquisition
        self.detector = detector
        self.element = element
        self.kind = kind
    }

    /// The suffix, `gw` or `face`.
    public var suffix: ProductSuffix { kind.suffix }

    /// Always ``ProductLevel/l1``: guide-window products are archived as L1 only.
    public var level: ProductLevel { .l1 }

    /// The complete file name, e.g. `r0012301008002013005_0005_1_wfi06_f184_gw.asdf`.
    public var fileName: String { Self.render(visit, exposure, acquisition, detector, element, kind) }

    /// The complete file name.
    public var description: String { fileName }

    static func render(
        _ visit: VisitID, _ exposure: Int, _ acquisition: Int, _ detector: Detector, _ element: OpticalElement, _ kind: Kind
    ) -> String {
        "r\(visit)_" + NameSyntax.padded(exposure, width: 4) + "_\(acquisition)_\(detector.fileNameComponent)_"
            + ExposureProductName.spelling(element) + "_\(kind.suffix).\(kind.suffix.fileExtension)"
    }
}
