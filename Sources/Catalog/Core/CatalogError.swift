import WFI

/// Why a catalog could not be made: each case names the file (or the parameter) and what is wrong.
public enum CatalogError: Error, Sendable, CustomStringConvertible {
    /// The file could not be read as a Roman product.
    case product(ProductError)
    /// The file holds a Roman product that is neither an L2 image nor an L3 mosaic.
    case notAnImage(path: String, kind: String)
    /// An array the catalog needs is missing or has the wrong shape.
    case array(path: String, name: String, reason: String)
    /// An L2 image without `meta.photometry.conversion_megajanskys` (photom did not run).
    case missingPhotometry(path: String)
    /// The image's WCS cannot be read or evaluated.
    case wcs(path: String, reason: String)
    /// A reference file (apcorr, epsf) is missing or unusable.
    case reference(path: String, reason: String)
    /// A parameter out of its range.
    case parameter(name: String, reason: String)
    /// An output could not be written.
    case write(path: String, reason: String)

    public var description: String {
        switch self {
        case .product(let error): error.description
        case .notAnImage(let path, let kind): "\(path): a \(kind) product, not an L2 image (wfi_image) or L3 mosaic (wfi_mosaic)"
        case .array(let path, let name, let reason): "\(path): array '\(name)': \(reason)"
        case .missingPhotometry(let path):
            "\(path): meta.photometry.conversion_megajanskys is not set (run photom first): DN/s cannot be converted to nJy"
        case .wcs(let path, let reason): "\(path): WCS: \(reason)"
        case .reference(let path, let reason): "\(path): \(reason)"
        case .parameter(let name, let reason): "--\(name): \(reason)"
        case .write(let path, let reason): "\(path): cannot write: \(reason)"
        }
    }
}
