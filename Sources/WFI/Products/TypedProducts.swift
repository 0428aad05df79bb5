import Arrays
import ASDF

/// A Roman product with a fixed model kind and typed access to its arrays and key metadata.
/// Each wraps a validated `RomanDataModel`; arrays are views, never copies.
public protocol RomanProduct: Sendable {
    /// The model kind this type holds.
    static var kind: ProductKind { get }
    var model: RomanDataModel { get set }
    init(unchecked model: RomanDataModel)
    /// Consistency of array shapes that the schema cannot express (same resultant count in
    /// `data` and `amp33`, every image plane the shape of `data`...).
    static func shapeProblems(_ model: RomanDataModel) -> [SchemaProblem]
}

extension RomanProduct {
    public static func shapeProblems(_ model: RomanDataModel) -> [SchemaProblem] { [] }

    /// Problems for arrays in `names` (those present) whose shape differs from `expected`.
    static func mismatches(_ model: RomanDataModel, _ names: [String], expected: [Int], what: String) -> [SchemaProblem] {
        names.compactMap { name in
            guard let shape = model.array(name)?.shape, shape != expected else { return nil }
            return SchemaProblem(path: name, message: "shape \(shape) differs from \(what) \(expected)")
        }
    }
}

extension RomanProduct {
    /// Wraps a model, checking that it is of this product's kind and valid.
    public init(_ model: RomanDataModel) throws(ProductError) {
        let problems = model.problems() + Self.shapeProblems(model)
        guard problems.isEmpty else { throw .invalid(path: model.file.path ?? "(model)", kind: model.kind, problems: problems) }
        try self.init(validated: model)
    }

    /// Reads and validates a file of this product's kind.
    public init(contentsOf path: String, options: ReadOptions = ReadOptions()) throws(ProductError) {
        try self.init(validated: RomanDataModel(contentsOf: path, options: options))
    }

    private init(validated model: RomanDataModel) throws(ProductError) {
        guard model.kind.name == Self.kind.name else {
            throw .notRoman(path: model.file.path ?? "(model)", reason: "holds \(model.kind), not \(Self.kind)")
        }
        let problems = Self.shapeProblems(model)
        guard problems.isEmpty else { throw .invalid(path: model.file.path ?? "(model)", kind: model.kind, problems: problems) }
        self.init(unchecked: model)
    }

    /// Validates and writes the product atomically (lz4, small arrays inline).
    public func write(to path: String) throws(ProductError) { try model.write(to: path) }

    /// A required array, as a typed view (no copy for uncompressed native-order data).
    public func typedArray<T: ArrayElement>(_ name: String, _: T.Type = T.self) throws(ProductError) -> TypedArray<T> {
        guard let array = model.array(name) else { throw .missingArray(kind: model.kind, name: name) }
        do { return try array.typed(T.self) } catch {
            throw .invalid(path: model.file.path ?? "(model)", kind: model.kind,
                           problems: [SchemaProblem(path: name, message: "\(error)")])
        }
    }

    /// The detector (`meta.instrument.detector`).
    public var detector: Detector? { model.meta("instrument/detector")?.stringValue.flatMap(Detector.init(name:)) }

    /// The optical element (`meta.instrument.optical_element`).
    public var opticalElement: OpticalElement? {
        model.meta("instrument/optical_element")?.stringValue.flatMap(OpticalElement.init(rawValue:))
    }
}

/// Exposure-level products (L1, L2) share the observation metadata that names their files.
public protocol ExposureProduct: RomanProduct {}

extension ExposureProduct {
    /// The visit the exposure belongs to, from `meta.observation`.
    public var visitID: VisitID? {
        func int(_ key: String) -> Int? { model.meta("observation/" + key)?.intValue.map(Int.init) }
        guard let program = int("program"), let plan = int("execution_plan"), let pass = int("pass"),
              let segment = int("segment"), let observation = int("observation"), let visit = int("visit") else { return nil }
        return try? VisitID(program: program, executionPlan: plan, pass: pass, segment: segment, observation: observation, visit: visit)
    }

    /// The exposure number within the visit.
    public var exposureNumber: Int? { model.meta("observation/exposure")?.intValue.map(Int.init) }

    /// The file name the conventions give this product (nil when the metadata is incomplete).
    public func fileName(suffix: ProductSuffix) -> String? {
        guard let visitID, let exposureNumber, let detector, let opticalElement,
              let name = try? ExposureProductName(visit: visitID, exposure: exposureNumber, detector: detector,
                                                  element: opticalElement, suffix: suffix) else { return nil }
        return name.fileName
    }

    /// The MA table's read pattern: for each resultant, the 1-based indices of the reads averaged.
    public var readPattern: [[Int]] {
        model.meta("exposure/read_pattern")?.sequenceValue?.map { $0.sequenceValue?.compactMap { $0.intValue.map(Int.init) } ?? [] } ?? []
    }

    /// Seconds between reads.
    public var frameTime: Double? { model.meta("exposure/frame_time")?.doubleValue }
}

/// L1 uncalibrated ramps (`_uncal`, `wfi_science_raw`): `data` (resultants, 4096, 4096) uint16
/// including the 4-pixel reference border, `amp33` (resultants, 4096, 128) uint16, optional
/// `resultantdq` uint8.
public struct ScienceRawProduct: ExposureProduct {
    public static let kind = ProductKind.scienceRaw
    public var model: RomanDataModel
    public init(unchecked model: RomanDataModel) { self.model = model }

    public func data() throws(ProductError) -> TypedArray<UInt16> { try typedArray("data") }
    public func amp33() throws(ProductError) -> TypedArray<UInt16> { try typedArray("amp33") }
    public func resultantDQ() throws(ProductError) -> TypedArray<UInt8>? {
        model.array("resultantdq") == nil ? nil : try typedArray("resultantdq")
    }
    /// Number of resultants (first axis of `data`).
    public var resultantCount: Int { model.array("data")?.shape.first ?? 0 }

    /// `amp33` and `resultantdq` follow `data`: same resultants and rows (amp33 has 128 columns),
    /// and `meta.exposure.nresultants` and the read pattern count the resultants of `data`.
    public static func shapeProblems(_ model: RomanDataModel) -> [SchemaProblem] {
        guard let shape = model.array("data")?.shape, shape.count == 3 else { return [] }
        var problems = mismatches(model, ["resultantdq"], expected: shape, what: "data")
        if let amp33 = model.array("amp33")?.shape, amp33.count == 3, amp33[0] != shape[0] || amp33[1] != shape[1] {
            problems.append(SchemaProblem(path: "amp33", message: "shape \(amp33) does not match data \(shape) (resultants, rows)"))
        }
        if let n = model.meta("exposure/nresultants")?.intValue, n != shape[0], n != ModelFactory.unknownInteger {
            problems.append(SchemaProblem(path: "meta/exposure/nresultants", message: "\(n) but data has \(shape[0]) resultants"))
        }
        if let pattern = model.meta("exposure/read_pattern")?.sequenceValue, !pattern.isEmpty, pattern.count != shape[0] {
            problems.append(SchemaProblem(path: "meta/exposure/read_pattern", message: "\(pattern.count) resultants but data has \(shape[0])"))
        }
        return problems
    }
}

/// The Gaia-aligned WCS supplement of an L1 exposure (`_wcs`, `wfi_wcs`).
public struct WCSSupplementProduct: ExposureProduct {
    public static let kind = ProductKind.wcsSupplement
    public var model: RomanDataModel
    public init(unchecked model: RomanDataModel) { self.model = model }
}

/// L2 calibrated rate image (`_cal`, `wfi_image`): `data` float32 DN/s (4088 x 4088), `dq` uint32,
/// `err`, `var_poisson`, `var_rnoise`, `chisq`, `dumo` float16, reference-pixel arrays.
public struct CalibratedImageProduct: ExposureProduct {
    public static let kind = ProductKind.image
    public var model: RomanDataModel
    public init(unchecked model: RomanDataModel) { self.model = model }

    public func data() throws(ProductError) -> TypedArray<Float> { try typedArray("data") }
    public func dq() throws(ProductError) -> TypedArray<UInt32> { try typedArray("dq") }
    public func err() throws(ProductError) -> TypedArray<Float16> { try typedArray("err") }
    public func varPoisson() throws(ProductError) -> TypedArray<Float16> { try typedArray("var_poisson") }

    /// Every per-pixel image has the shape of `data`.
    public static func shapeProblems(_ model: RomanDataModel) -> [SchemaProblem] {
        guard let shape = model.array("data")?.shape else { return [] }
        return mismatches(model, ["dq", "err", "var_poisson", "var_rnoise", "var_flat", "chisq", "dumo"], expected: shape, what: "data")
    }

    /// The status of each calibration step (`meta.cal_step`): step name -> COMPLETE, SKIPPED...
    public var calibrationSteps: [String: String] {
        var steps: [String: String] = [:]
        for (key, value) in model.meta("cal_step")?.mappingValue ?? [:] { steps[key.description] = value.stringValue }
        return steps
    }
}

/// L3 skycell mosaic (`_coadd`, `wfi_mosaic`): `data`, `err` MJy/sr, `context` uint32 (planes,
/// y, x) with one bit per input image, `weight`, variances.
public struct MosaicProduct: RomanProduct {
    public static let kind = ProductKind.mosaic
    public var model: RomanDataModel
    public init(unchecked model: RomanDataModel) { self.model = model }

    public func data() throws(ProductError) -> TypedArray<Float> { try typedArray("data") }
    public func context() throws(ProductError) -> TypedArray<UInt32> { try typedArray("context") }

    /// Every image has the shape of `data`; `context` is (planes, rows, columns) of that shape.
    public static func shapeProblems(_ model: RomanDataModel) -> [SchemaProblem] {
        guard let shape = model.array("data")?.shape else { return [] }
        var problems = mismatches(model, ["err", "weight", "var_poisson", "var_rnoise", "var_flat", "var_sky"], expected: shape, what: "data")
        if let context = model.array("context")?.shape, Array(context.dropFirst()) != shape {
            problems.append(SchemaProblem(path: "context", message: "shape \(context) is not (planes) + data \(shape)"))
        }
        return problems
    }

    /// Context planes needed for `inputs` images: one per 32.
    public static func contextPlanes(forInputs inputs: Int) -> Int { max(1, (inputs + 31) / 32) }

    /// Whether input image `index` (0-based) contributed to pixel (y, x), from the context bits.
    public func contributed(input index: Int, y: Int, x: Int) throws(ProductError) -> Bool {
        let context = try context()
        guard context.shape.count == 3 else { return false }
        let (planes, height, width) = (context.shape[0], context.shape[1], context.shape[2])
        let plane = index / 32
        guard plane < planes, y < height, x < width else { return false }
        return context[flat: (plane * height + y) * width + x] & (1 << UInt32(index % 32)) != 0
    }
}

/// L4 segmentation map from an L2 image (`_segm`, `segmentation_map`): `data` uint32 labels.
public struct SegmentationMapProduct: RomanProduct {
    public static let kind = ProductKind.segmentationMap
    public var model: RomanDataModel
    public init(unchecked model: RomanDataModel) { self.model = model }
    public func labels() throws(ProductError) -> TypedArray<UInt32> { try typedArray("data") }
}

/// L4 segmentation map from an L3 mosaic (`_segm`, `mosaic_segmentation_map`).
public struct MosaicSegmentationMapProduct: RomanProduct {
    public static let kind = ProductKind.mosaicSegmentationMap
    public var model: RomanDataModel
    public init(unchecked model: RomanDataModel) { self.model = model }
    public func labels() throws(ProductError) -> TypedArray<UInt32> { try typedArray("data") }
}

/// L4 source catalog model from an L2 image (`image_source_catalog`); on disk the archived
/// catalog is Parquet (`_cat.parquet`), written from this model's table.
public struct ImageSourceCatalogProduct: RomanProduct {
    public static let kind = ProductKind.imageSourceCatalog
    public var model: RomanDataModel
    public init(unchecked model: RomanDataModel) { self.model = model }
    public var table: AstropyTable? { model.node["source_catalog"].flatMap(AstropyTable.init(node:)) }
}

/// L4 source catalog model from an L3 mosaic (`mosaic_source_catalog`).
public struct MosaicSourceCatalogProduct: RomanProduct {
    public static let kind = ProductKind.mosaicSourceCatalog
    public var model: RomanDataModel
    public init(unchecked model: RomanDataModel) { self.model = model }
    public var table: AstropyTable? { model.node["source_catalog"].flatMap(AstropyTable.init(node:)) }
}

/// L1 guide-window pixels and telemetry (`_gw`, `l1_detector_guidewindow`).
public struct GuideWindowProduct: RomanProduct {
    public static let kind = ProductKind.guideWindow
    public var model: RomanDataModel
    public init(unchecked model: RomanDataModel) { self.model = model }
}

/// L1 fine attitude correction estimate telemetry (`_face`, `l1_face_guidewindow`).
public struct FACEProduct: RomanProduct {
    public static let kind = ProductKind.faceGuideWindow
    public var model: RomanDataModel
    public init(unchecked model: RomanDataModel) { self.model = model }
}
