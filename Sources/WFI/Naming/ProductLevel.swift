/// The processing level of a WFI data product, 1 to 4 (L0 packets and community L5 products
/// have no conventional file names).
///
/// - L1: uncalibrated ramps and their supplements (`_uncal`, `_wcs`, `_gw`, `_face`).
/// - L2: calibrated rate images (`_cal`).
/// - L3: skycell mosaics and their associations (`_coadd`, `_asn`).
/// - L4: source catalogs and segmentation maps (`_cat`, `_segm`), made from an L2 or an L3.
public enum ProductLevel: Int, CaseIterable, Comparable, Sendable, Codable, CustomStringConvertible {
    case l1 = 1
    case l2 = 2
    case l3 = 3
    case l4 = 4

    /// The suffixes of products at this level.
    public var suffixes: [ProductSuffix] {
        ProductSuffix.allCases.filter { $0.level == self }
    }

    /// `L1`...`L4`.
    public var description: String { "L\(rawValue)" }

    /// Orders levels L1 < L2 < L3 < L4.
    public static func < (lhs: ProductLevel, rhs: ProductLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}
