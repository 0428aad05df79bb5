/// The kinds of Roman data model, by the rad tag that names them (`asdf://stsci.edu/datamodels/
/// roman/tags/<name>-<version>`): every WFI product of levels 1-4 and every reference file.
public struct ProductKind: Hashable, Sendable, CustomStringConvertible {
    /// The tag name without prefix and version (`wfi_image`, `reference_files/dark`).
    public let name: String
    /// The tag version this build writes (`2.1.0` for products, `2.0.0` for most reference files).
    public let version: String

    public static let tagPrefix = "asdf://stsci.edu/datamodels/roman/tags/"

    public init(name: String, version: String) {
        self.name = name
        self.version = version
    }

    /// The kind a full tag URI names, whatever its version (nil for non-rad tags).
    public init?(tag: String) {
        guard tag.hasPrefix(Self.tagPrefix), let dash = tag.lastIndex(of: "-") else { return nil }
        let body = tag[tag.index(tag.startIndex, offsetBy: Self.tagPrefix.count)..<dash]
        name = String(body)
        version = String(tag[tag.index(after: dash)...])
    }

    /// The full tag URI.
    public var tag: String { Self.tagPrefix + name + "-" + version }

    /// The kind with the version this build's schemas describe (the newest known).
    public var current: ProductKind {
        let prefix = Self.tagPrefix + name + "-"
        return SchemaCatalog.tags.filter { $0.hasPrefix(prefix) }.compactMap(ProductKind.init(tag:)).last ?? self
    }

    public var isReferenceFile: Bool { name.hasPrefix("reference_files/") }

    /// Data level of the product (nil for reference files and auxiliary models).
    public var level: Int? {
        switch name {
        case "wfi_science_raw", "wfi_wcs", "l1_detector_guidewindow", "l1_face_guidewindow", "ramp": 1
        case "wfi_image": 2
        case "wfi_mosaic": 3
        case "segmentation_map", "mosaic_segmentation_map", "image_source_catalog", "mosaic_source_catalog",
             "multiband_source_catalog", "multiband_segmentation_map", "forced_image_source_catalog",
             "forced_mosaic_source_catalog": 4
        default: nil
        }
    }

    /// The file-name suffix of the product (`uncal`, `cal`, `coadd`...), when it is an archived one.
    public var suffix: String? {
        switch name {
        case "wfi_science_raw": "uncal"
        case "wfi_wcs": "wcs"
        case "l1_detector_guidewindow": "gw"
        case "l1_face_guidewindow": "face"
        case "wfi_image": "cal"
        case "wfi_mosaic": "coadd"
        case "segmentation_map", "mosaic_segmentation_map", "multiband_segmentation_map": "segm"
        case "image_source_catalog", "mosaic_source_catalog", "multiband_source_catalog": "cat"
        default: nil
        }
    }

    /// The `reftype` of a reference file (`DARK`, `PHOTOM`...), nil for products.
    public var referenceType: String? {
        guard isReferenceFile else { return nil }
        let base = name.dropFirst("reference_files/".count)
        return base == "wfi_img_photom" ? "PHOTOM" : base.uppercased()
    }

    public var description: String { name + "-" + version }

    // Products.
    public static let scienceRaw = ProductKind(name: "wfi_science_raw", version: "2.1.0")
    public static let wcsSupplement = ProductKind(name: "wfi_wcs", version: "2.1.0")
    public static let guideWindow = ProductKind(name: "l1_detector_guidewindow", version: "2.1.0")
    public static let faceGuideWindow = ProductKind(name: "l1_face_guidewindow", version: "2.1.0")
    public static let ramp = ProductKind(name: "ramp", version: "2.1.0")
    public static let image = ProductKind(name: "wfi_image", version: "2.1.0")
    public static let mosaic = ProductKind(name: "wfi_mosaic", version: "2.1.0")
    public static let segmentationMap = ProductKind(name: "segmentation_map", version: "2.1.0")
    public static let mosaicSegmentationMap = ProductKind(name: "mosaic_segmentation_map", version: "2.1.0")
    public static let imageSourceCatalog = ProductKind(name: "image_source_catalog", version: "2.1.0")
    public static let mosaicSourceCatalog = ProductKind(name: "mosaic_source_catalog", version: "2.1.0")

    // Reference files the calibration uses.
    public static func reference(_ name: String) -> ProductKind {
        ProductKind(name: "reference_files/" + name, version: "2.0.0")
    }
    public static let maskReference = reference("mask")
    public static let saturationReference = reference("saturation")
    public static let refpixReference = reference("refpix")
    public static let darkReference = reference("dark")
    public static let darkDecaySignalReference = reference("darkdecaysignal")
    public static let linearityReference = reference("linearity")
    public static let inverseLinearityReference = reference("inverselinearity")
    public static let gainReference = reference("gain")
    public static let readnoiseReference = reference("readnoise")
    public static let flatReference = reference("flat")
    public static let photomReference = reference("wfi_img_photom")
    public static let distortionReference = reference("distortion")
    public static let apcorrReference = reference("apcorr")
    public static let epsfReference = reference("epsf")
    public static let skycellsReference = reference("skycells")

    /// Every reference-file kind the calibration pipeline uses.
    public static let calibrationReferences: [ProductKind] = [
        .maskReference, .saturationReference, .refpixReference, .darkReference, .darkDecaySignalReference,
        .linearityReference, .inverseLinearityReference, .gainReference, .readnoiseReference, .flatReference,
        .photomReference, .distortionReference, .apcorrReference, .epsfReference, .skycellsReference,
    ]
}
