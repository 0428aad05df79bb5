/// The file name of an L3 or L4 product on one skycell of the sky tessellation: a co-added
/// mosaic (`_coadd`), its association (`_asn.json`), or a catalog (`_cat.parquet`) or
/// segmentation map (`_segm`) made from the mosaic.
///
/// Format: `r` + program (5 digits) + `_` + release id + `_` + subset + `_` + skycell
/// [+ `_` + element] + `_` + suffix + extension, e.g.
/// `r00186_p_v01004007001012_10m6x2y50_f184_coadd.asdf`.
///
/// The element is present in every L3 name and every prompt L4 name, and absent from
/// data-release L4 names (which combine filters). Prompt products are always made per visit.
public struct SkycellProductName: Hashable, Sendable, CustomStringConvertible {
    /// The observing program, `PPPPP`, 0...99999.
    public let program: Int
    /// Prompt product or data release.
    public let release: ReleaseID
    /// The exposures combined.
    public let subset: Subset
    /// The skycell the product covers.
    public let skycell: SkycellName
    /// The imaging filter, or `nil` for a data-release L4 product.
    public let element: OpticalElement?
    /// The product type: `coadd`, `asn`, `cat` or `segm`.
    public let suffix: ProductSuffix

    /// A name from its components. Throws a ``NamingError`` when a number is out of range, the
    /// release id or subset is malformed, the suffix is not a skycell suffix, a prompt product
    /// is not a visit subset (so `pass`, `full` and community subsets are data-release only),
    /// the element is missing from an L3 or prompt L4 name or present in a data-release L4
    /// name, or the element is not an imaging filter (mosaics and catalogs are made from
    /// imaging data only).
    public init(
        program: Int, release: ReleaseID, subset: Subset, skycell: SkycellName, element: OpticalElement?,
        suffix: ProductSuffix
    ) throws(NamingError) {
        let name = Self.render(program, release, subset, skycell, element, suffix)
        try NameSyntax.check(program, in: VisitID.programRange, width: 5, component: "program",
                             expected: "a program number 00000-99999 (5 digits)", name: name)
        try release.validate(name: name)
        try subset.validate(name: name)
        guard ProductSuffix.skycellSuffixes.contains(suffix) else {
            throw NamingError(name: name, component: "suffix", found: suffix.rawValue,
                              expected: ProductSuffix.list(ProductSuffix.skycellSuffixes) + " for a skycell product")
        }
        if release.isPrompt, !subset.isVisit {
            throw NamingError(name: name, component: "subset", found: subset.description,
                              expected: "a visit subset vCCAAASSSOOOVVV: prompt products are made per visit "
                                  + "(pass, full and community subsets are data-release only)")
        }
        let elementRequired = suffix.level == .l3 || release.isPrompt
        switch element {
        case nil where elementRequired:
            throw NamingError(name: name, component: "optical element", found: "",
                              expected: "an imaging filter (\(OpticalElement.spellings(ExposureProductName.filters))): "
                                  + "every L3 name and every prompt L4 name has one")
        case let element? where !elementRequired:
            throw NamingError(name: name, component: "optical element", found: ExposureProductName.spelling(element),
                              expected: "no element: data-release L4 products combine filters")
        case let element? where !element.isImagingFilter:
            throw NamingError(name: name, component: "optical element", found: ExposureProductName.spelling(element),
                              expected: "an imaging filter (\(OpticalElement.spellings(ExposureProductName.filters))): "
                                  + "skycell products are made from imaging data only")
        default:
            break
        }
        self.program = program
        self.release = release
        self.subset = subset
        self.skycell = skycell
        self.element = element
        self.suffix = suffix
    }

    /// The level of the product: 3 (`coadd`, `asn`) or 4 (`cat`, `segm`).
    public var level: ProductLevel { suffix.level }

    /// The visit combined, for a visit subset; `nil` otherwise.
    public var visit: VisitID? { subset.visitID(program: program) }

    /// The complete file name, e.g. `r00186_p_v01004007001012_10m6x2y50_f184_coadd.asdf`.
    public var fileName: String { Self.render(program, release, subset, skycell, element, suffix) }

    /// The complete file name.
    public var description: String { fileName }

    /// The name of the sibling product with another suffix (e.g. the `cat` of a `coadd`).
    /// Going from a data-release L3 to L4 (or back) also needs the element dropped (or added),
    /// so it throws; build that name with ``init(program:release:subset:skycell:element:suffix:)``.
    public func replacingSuffix(_ suffix: ProductSuffix) throws(NamingError) -> SkycellProductName {
        try SkycellProductName(program: program, release: release, subset: subset, skycell: skycell,
                               element: element, suffix: suffix)
    }

    static func render(
        _ program: Int, _ release: ReleaseID, _ subset: Subset, _ skycell: SkycellName, _ element: OpticalElement?,
        _ suffix: ProductSuffix
    ) -> String {
        let elementPart = element.map { "_" + ExposureProductName.spelling($0) } ?? ""
        return "r" + NameSyntax.padded(program, width: 5) + "_\(release)_\(subset)_\(skycell)\(elementPart)_\(suffix).\(suffix.fileExtension)"
    }
}
