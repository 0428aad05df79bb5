/// The file name of a per-detector exposure product: an L1 ramp (`_uncal`) or WCS supplement
/// (`_wcs`), an L2 rate image (`_cal`), or an L4 catalog (`_cat`) or segmentation map (`_segm`)
/// made from that L2.
///
/// Format: `r` + visit id + `_` + exposure (4 digits) + `_wfiNN_` + element + `_` + suffix +
/// extension, e.g. `r0012301008002013005_0005_wfi06_f184_cal.asdf`. The 18 detectors of one
/// exposure share everything but `wfiNN`.
public struct ExposureProductName: Hashable, Sendable, CustomStringConvertible {
    /// The visit the exposure belongs to.
    public let visit: VisitID
    /// The exposure number within the visit, `eeee`, 0...9999.
    public let exposure: Int
    /// The detector the file holds.
    public let detector: Detector
    /// The optical element of the exposure (never ``OpticalElement/notConfigured``).
    public let element: OpticalElement
    /// The product type: `uncal`, `wcs`, `cal`, `cat` or `segm`.
    public let suffix: ProductSuffix

    /// The valid exposure numbers.
    public static let exposures: ClosedRange<Int> = 0...9999

    /// A name from its components. Throws a ``NamingError`` if the exposure number is out of
    /// range, the element is `NOT_CONFIGURED`, the suffix is not an exposure suffix, or a
    /// catalog or segmentation map (`cat`, `segm`) names an element that is not an imaging filter
    /// (the catalog step does not run on spectroscopic or dark exposures).
    public init(
        visit: VisitID, exposure: Int, detector: Detector, element: OpticalElement, suffix: ProductSuffix
    ) throws(NamingError) {
        let name = Self.render(visit, exposure, detector, element, suffix)
        try NameSyntax.check(exposure, in: Self.exposures, width: 4, component: "exposure",
                             expected: "an exposure number 0000-9999 (4 digits)", name: name)
        try Self.checkElement(element, name: name)
        guard ProductSuffix.exposureSuffixes.contains(suffix) else {
            throw NamingError(name: name, component: "suffix", found: suffix.rawValue,
                              expected: ProductSuffix.list(ProductSuffix.exposureSuffixes) + " for an exposure product")
        }
        if suffix == .cat || suffix == .segm, !element.isImagingFilter {
            throw NamingError(name: name, component: "optical element", found: Self.spelling(element),
                              expected: "an imaging filter (\(OpticalElement.spellings(Self.filters))): "
                                  + "catalogs and segmentation maps are made from imaging exposures only")
        }
        self.visit = visit
        self.exposure = exposure
        self.detector = detector
        self.element = element
        self.suffix = suffix
    }

    /// The level of the product: 1 (`uncal`, `wcs`), 2 (`cal`) or 4 (`cat`, `segm`).
    public var level: ProductLevel { suffix.level }

    /// The root name shared by the 18 detectors of the exposure, `rPPPPPCCAAASSSOOOVVV_eeee`.
    public var exposureRoot: String { "r\(visit)_" + NameSyntax.padded(exposure, width: 4) }

    /// The complete file name, e.g. `r0012301008002013005_0005_wfi06_f184_cal.asdf`.
    public var fileName: String { Self.render(visit, exposure, detector, element, suffix) }

    /// The complete file name.
    public var description: String { fileName }

    /// The name of the sibling product with another suffix (e.g. the `cat` of a `cal`).
    public func replacingSuffix(_ suffix: ProductSuffix) throws(NamingError) -> ExposureProductName {
        try ExposureProductName(visit: visit, exposure: exposure, detector: detector, element: element, suffix: suffix)
    }

    /// The name of the same product of another detector of the exposure.
    public func replacingDetector(_ detector: Detector) -> ExposureProductName {
        ExposureProductName(unchecked: visit, exposure, detector, element, suffix)
    }

    private init(unchecked visit: VisitID, _ exposure: Int, _ detector: Detector, _ element: OpticalElement, _ suffix: ProductSuffix) {
        self.visit = visit
        self.exposure = exposure
        self.detector = detector
        self.element = element
        self.suffix = suffix
    }

    static let filters = OpticalElement.allCases.filter(\.isImagingFilter)

    /// The element as a name shows it: the file spelling, or the metadata spelling of `NOT_CONFIGURED`.
    static func spelling(_ element: OpticalElement) -> String {
        element.fileNameComponent ?? element.rawValue
    }

    /// Throws for ``OpticalElement/notConfigured``, which has no file-name spelling.
    static func checkElement(_ element: OpticalElement, name: String) throws(NamingError) {
        guard element.fileNameComponent != nil else {
            throw NamingError(name: name, component: "optical element", found: element.rawValue,
                              expected: "one of \(OpticalElement.spellings(OpticalElement.inFileNames)) "
                                  + "(exposures with no element configured have no file name)")
        }
    }

    static func render(_ visit: VisitID, _ exposure: Int, _ detector: Detector, _ element: OpticalElement, _ suffix: ProductSuffix) -> String {
        "r\(visit)_" + NameSyntax.padded(exposure, width: 4) + "_\(detector.fileNameComponent)_\(spelling(element))_\(suffix).\(suffix.fileExtension)"
    }
}
