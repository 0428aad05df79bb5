import Arrays
import ASDF
import OrderedCollections
import WFI

/// The Roman data models of a catalog run, as romancal's `SourceCatalogStep` makes them:
/// `ImageSourceCatalogModel` / `MosaicSourceCatalogModel` holding the table, and
/// `SegmentationMapModel` / `MosaicSegmentationMapModel` holding the labels (uint32) and the
/// detection image. Their metadata is the image's, restricted to what the catalog schemas hold,
/// plus `meta.image` (the image's file name and date) and the reference files used.
public struct CatalogProducts: Sendable {
    public var catalog: RomanDataModel
    public var segmentation: RomanDataModel

    /// Checks the catalog model against its schema (roman_datamodels validates before writing
    /// Parquet; the ASDF writer validates both models itself).
    public func validateCatalog(path: String) throws(CatalogError) {
        try Self.validate(catalog, path: path)
    }

    /// Checks a catalog model against its schema.
    public static func validate(_ catalog: RomanDataModel, path: String) throws(CatalogError) {
        let problems = catalog.problems()
        guard problems.isEmpty else {
            throw .write(path: path, reason: "invalid \(catalog.kind): \(problems.prefix(5).map(\.description).joined(separator: "; "))")
        }
    }

    /// - Parameters:
    ///   - result: the step's result.
    ///   - model: the image's product (its metadata goes forward).
    ///   - level: whether it was an L2 image or an L3 mosaic.
    ///   - catalogName, segmentationName: the output file names, for `meta.filename`.
    ///   - references: reference files used, by type (`apcorr`, `epsf`).
    public init(result: SourceCatalogStep.Result, model source: RomanDataModel, level: CatalogImage.Level, catalogName: String,
                segmentationName: String, references: [String: String] = [:]) throws(CatalogError) {
        catalog = try Self.catalog(result.table, model: source, level: level, name: catalogName, references: references)
        segmentation = try Self.segmentation(result.segmentation, detectionImage: result.detectionImage, model: source, level: level,
                                             name: segmentationName, references: references)
    }

    /// The catalog model holding `table`, with the image's metadata.
    public static func catalog(_ table: CatalogTable, model source: RomanDataModel, level: CatalogImage.Level, name: String,
                               references: [String: String] = [:]) throws(CatalogError) -> RomanDataModel {
        try making(name) { () throws -> RomanDataModel in
            var catalog = try ModelFactory.make(level == .mosaic ? .mosaicSourceCatalog : .imageSourceCatalog)
            catalog.set("source_catalog", try tableNode(table))
            copyMeta(from: source, into: &catalog, fileName: name, references: references)
            return catalog
        }
    }

    /// The segmentation map model holding the labels and the detection image, with the image's
    /// metadata.
    public static func segmentation(_ segmentation: SegmentationImage, detectionImage: Raster<Float>?, model source: RomanDataModel,
                                    level: CatalogImage.Level, name: String,
                                    references: [String: String] = [:]) throws(CatalogError) -> RomanDataModel {
        try making(name) { () throws -> RomanDataModel in
            let labels = try TypedArray<UInt32>(shape: [segmentation.height, segmentation.width], viewing: segmentation.labels.pixels)
            var arrays = ["data": labels.ndarray]
            if let detection = detectionImage {
                arrays["detection_image"] = try TypedArray<Float>(shape: [detection.height, detection.width], viewing: detection.pixels).ndarray
            }
            var model = try ModelFactory.make(level == .mosaic ? .mosaicSegmentationMap : .segmentationMap, arrays: arrays)
            copyMeta(from: source, into: &model, fileName: name, references: references)
            return model
        }
    }

    /// Runs `make`, turning its errors into `CatalogError`s about the file `name`.
    private static func making(_ name: String, _ make: () throws -> RomanDataModel) throws(CatalogError) -> RomanDataModel {
        do {
            return try make()
        } catch let error as CatalogError {
            throw error
        } catch let error as ProductError {
            throw .product(error)
        } catch {
            throw .write(path: name, reason: "\(error)")
        }
    }

    /// Copies every metadata key the new model's schema has from the image, then sets the
    /// model's own file name and date, `meta.image` and the reference files.
    static func copyMeta(from source: RomanDataModel, into model: inout RomanDataModel, fileName: String, references: [String: String]) {
        let keys = model.meta.mappingValue?.keys.map(\.description) ?? []
        let modelType = model.meta("model_type")
        for key in keys where !["model_type", "filename", "file_date"].contains(key) {
            if let value = source.meta(key) { model.set("meta/" + key, value) }
        }
        if let modelType { model.set("meta/model_type", modelType) }
        if let dataRelease = source.meta("data_release_id") { model.set("meta/data_release_id", dataRelease) }
        model.set("meta/filename", .string(fileName))
        model.set("meta/file_date", Time(isot: CatalogDate.nowISOT()).node)
        model.set("meta/image", .map([
            "filename": source.meta("filename") ?? .string(ModelFactory.unknownString),
            "file_date": source.meta("file_date") ?? Time(isot: ModelFactory.unknownTime).node,
        ]))
        if model.meta("ref_file") != nil {
            for (type, path) in references.sorted(by: { $0.key < $1.key }) { model.set("meta/ref_file/" + type, .string(path)) }
        }
    }

    /// The table as an astropy table node (asdf-astropy's form).
    static func tableNode(_ table: CatalogTable) throws -> Node {
        let columns = try table.columns.map { column -> AstropyTable.Column in
            let n = column.values.count
            let data: NDArray
            switch column.values {
            case .bool(let v):
                let bytes = v.map { UInt8($0 ? 1 : 0) }
                let storage = try bytes.withUnsafeBytes { try ByteStorage.copying($0) }
                data = try NDArray(dataType: .bool8, byteOrder: .native, shape: [n], storage: DeferredStorage(storage))
            case .int32(let v): data = try TypedArray<Int32>(shape: [n], elements: v).ndarray
            case .int64(let v): data = try TypedArray<Int64>(shape: [n], elements: v).ndarray
            case .float32(let v): data = try TypedArray<Float>(shape: [n], elements: v).ndarray
            case .float64(let v): data = try TypedArray<Double>(shape: [n], elements: v).ndarray
            }
            return AstropyTable.Column(name: column.name, data: data, unit: column.definition.unit,
                                       description: column.definition.description)
        }
        return AstropyTable(columns: columns, meta: metaNode(.mapping(table.meta))).node
    }

    static func metaNode(_ value: CatalogMetaValue) -> Node {
        switch value {
        case .string(let s): .string(s)
        case .number(let d): .float(d)
        case .numbers(let v), .tuple(let v): .sequence(v.map { .float($0) })
        case .mapping(let entries):
            .mapping(OrderedDictionary(uniqueKeysWithValues: entries.map { (Node.MappingKey.string($0.key), metaNode($0.value)) }))
        }
    }
}
