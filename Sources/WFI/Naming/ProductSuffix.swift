/// The product-type suffix of a WFI file name (the text after the last `_`), which fixes the
/// product's level and its file extension.
public enum ProductSuffix: String, CaseIterable, Sendable, Codable, CustomStringConvertible {
    /// L1 uncalibrated ramp cube of one detector.
    case uncal
    /// L1 supplement: the Gaia-aligned WCS and definitive ephemeris of an exposure.
    case wcs
    /// L1 guide-window pixel data and telemetry.
    case gw
    /// L1 fine attitude correction estimate (FACE) telemetry.
    case face
    /// L2 calibrated rate image.
    case cal
    /// L3 co-added skycell mosaic.
    case coadd
    /// L3 association: the list of inputs an L3 product was made from (a JSON file).
    case asn
    /// L4 single-band source catalog (an Apache Parquet file).
    case cat
    /// L4 segmentation map.
    case segm

    /// The level of every product with this suffix.
    public var level: ProductLevel {
        switch self {
        case .uncal, .wcs, .gw, .face: .l1
        case .cal: .l2
        case .coadd, .asn: .l3
        case .cat, .segm: .l4
        }
    }

    /// The file extension, without the dot: `asdf`, `json` (associations) or `parquet` (catalogs).
    public var fileExtension: String {
        switch self {
        case .asn: "json"
        case .cat: "parquet"
        case .uncal, .wcs, .gw, .face, .cal, .coadd, .segm: "asdf"
        }
    }

    /// The suffixes an exposure-level name (``ExposureProductName``) can carry.
    public static let exposureSuffixes: [ProductSuffix] = [.uncal, .wcs, .cal, .cat, .segm]
    /// The suffixes a guide-window name (``GuideWindowProductName``) can carry.
    public static let guideWindowSuffixes: [ProductSuffix] = [.gw, .face]
    /// The suffixes a skycell name (``SkycellProductName``) can carry.
    public static let skycellSuffixes: [ProductSuffix] = [.coadd, .asn, .cat, .segm]

    /// The suffix as written, without the underscore (`cal`).
    public var description: String { rawValue }

    /// `a, b or c`, for error messages.
    static func list(_ suffixes: [ProductSuffix]) -> String {
        let names = suffixes.map(\.rawValue)
        guard names.count > 1, let last = names.last else { return names.joined() }
        return names.dropLast().joined(separator: ", ") + " or " + last
    }
}
