import Arrays
import Foundation
import ASDF
import OrderedCollections

/// Builds a schema-valid model of any kind with every required field present, using the
/// marker values `roman_datamodels` itself uses for unknowns (`'?'`, `-999999`,
/// `2020-01-01T00:00:00.000`, the first enum value), and the arrays given by the caller (zero
/// arrays of the schema's datatype and dimensions where none is given).
///
/// Writers then set the metadata they know (`model.set("meta/exposure/nresultants", 6)`).
public enum ModelFactory {
    public static let unknownString = "?"
    public static let unknownInteger: Int64 = -999_999
    public static let unknownNumber = -999_999.0
    public static let unknownTime = "2020-01-01T00:00:00.000"

    /// A new model of `kind` (its current schema version) holding `arrays` at their paths
    /// (`data`, `dq`, ...). Array paths absent from the schema are added as extra keys.
    public static func make(_ kind: ProductKind, arrays: [String: NDArray] = [:],
                            defaultArrayExtent: Int = 1) throws(ProductError) -> RomanDataModel {
        let kind = kind.current
        guard let schema = SchemaCatalog.schema(for: kind.tag) else {
            throw .unknownKind(path: "(new model)", tag: kind.tag)
        }
        var node = value(for: schema, path: "", arrays: arrays, extent: defaultArrayExtent)
        if case .tagged(_, let inner) = node { node = inner }
        var model = RomanDataModel(kind: kind, node: node)
        for (path, array) in arrays where model.node[path: path] == nil {
            model.set(path, .ndarray(ArrayNode(array)))
        }
        model.set("meta/model_type", .string(modelTypeName(kind)))
        return model
    }

    /// The Python class name `roman_datamodels` uses for a kind (`ImageModel`, `DarkRefModel`).
    public static func modelTypeName(_ kind: ProductKind) -> String {
        switch kind.name {
        case "wfi_science_raw": return "ScienceRawModel"
        case "wfi_image": return "ImageModel"
        case "wfi_mosaic": return "MosaicModel"
        case "wfi_wcs": return "WfiWcsModel"
        case "ramp": return "RampModel"
        case "segmentation_map": return "SegmentationMapModel"
        case "mosaic_segmentation_map": return "MosaicSegmentationMapModel"
        case "image_source_catalog": return "ImageSourceCatalogModel"
        case "mosaic_source_catalog": return "MosaicSourceCatalogModel"
        case "l1_detector_guidewindow": return "L1DetectorGuidewindowModel"
        case "l1_face_guidewindow": return "L1FaceGuidewindowModel"
        default:
            let base = kind.name.split(separator: "/").last.map(String.init) ?? kind.name
            let camel = base.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
            return kind.isReferenceFile ? camel + "RefModel" : camel + "Model"
        }
    }

    static func value(for schema: Schema, path: String, arrays: [String: NDArray], extent: Int) -> Node {
        if let given = arrays[path] { return .ndarray(ArrayNode(given)) }
        if let tag = schema.tag {
            return taggedDefault(tag, schema, path: path, extent: extent)
        }
        if let first = schema.enumValues?.first { return node(first) }
        if let all = schema.allOf, !all.isEmpty {
            // Merge the required properties of every part.
            var merged = OrderedDictionary<Node.MappingKey, Node>()
            for part in all {
                if case .mapping(let m) = value(for: part, path: path, arrays: arrays, extent: extent) {
                    for (k, v) in m { merged[k] = v }
                } else if merged.isEmpty {
                    return value(for: part, path: path, arrays: arrays, extent: extent)
                }
            }
            if case .mapping(let own) = objectValue(schema, path: path, arrays: arrays, extent: extent) {
                for (k, v) in own { merged[k] = v }
            }
            return .mapping(merged)
        }
        if let alternatives = schema.anyOf ?? schema.oneOf {
            // Prefer an alternative that is not null, so that the unknown markers are visible.
            let nonNull = alternatives.first { !($0.type == ["null"]) } ?? alternatives[0]
            return value(for: nonNull, path: path, arrays: arrays, extent: extent)
        }
        switch schema.type?.first {
        case "object":
            return objectValue(schema, path: path, arrays: arrays, extent: extent)
        case nil where !schema.properties.isEmpty || !schema.required.isEmpty:
            return objectValue(schema, path: path, arrays: arrays, extent: extent)
        case "string": return .string(schema.pattern.map(stringMatching(_:)) ?? unknownString)
        case "integer": return .int(unknownInteger)
        case "number": return .float(unknownNumber)
        case "boolean": return .bool(false)
        case "null": return .null
        case "array":
            if let minimum = schema.minItems, minimum > 0, let item = schema.items {
                return .sequence((0..<minimum).map { _ in value(for: item, path: path, arrays: arrays, extent: extent) })
            }
            return .sequence([])
        default:
            return .null
        }
    }

    /// A short string matching `pattern`: `?` when it does, else the first alternative of the
    /// pattern's first group (`^((WFI_IMAGE|WFI_SPECTRAL)\s*\|\s*)+$` gives `WFI_IMAGE|`).
    static func stringMatching(_ pattern: String) -> String {
        func matches(_ text: String) -> Bool { text.range(of: pattern, options: .regularExpression) != nil }
        if matches(unknownString) { return unknownString }
        let body = pattern.drop { "^(".contains($0) }
        let first = String(body.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" })
        for candidate in [first, first + "|", first + " | "] where !first.isEmpty && matches(candidate) {
            return candidate
        }
        return unknownString
    }

    static func objectValue(_ schema: Schema, path: String, arrays: [String: NDArray], extent: Int) -> Node {
        var m = OrderedDictionary<Node.MappingKey, Node>()
        for key in schema.required {
            let childPath = path.isEmpty ? key : path + "/" + key
            guard let sub = schema.properties[key] else { m[.string(key)] = .null; continue }
            m[.string(key)] = value(for: sub, path: childPath, arrays: arrays, extent: extent)
        }
        return .mapping(m)
    }

    static func taggedDefault(_ tag: String, _ schema: Schema, path: String, extent: Int) -> Node {
        if tag.contains("core/ndarray") {
            let type = schema.datatype.flatMap(SchemaValidator.dataType) ?? .float32
            let shape = [Int](repeating: extent, count: schema.ndim ?? (type.isRecord ? 1 : 2))
            let count = Layout.elementCount(shape) ?? 0
            // A small zero array; allocation of a few bytes cannot fail.
            let storage = try! ByteStorage.allocate(count: count * type.itemSize)
            let array = try! NDArray(dataType: type, byteOrder: .native, shape: shape, storage: DeferredStorage(storage))
            return .ndarray(ArrayNode(array))
        }
        if tag.contains("time/time") { return Time(isot: unknownTime).node }
        if tag.contains("gwcs/wcs") { return TangentPlaneWCS(crpix: (0, 0), pixelScale: 0.11 / 3600, ra: 0, dec: 0).node }
        if tag.contains("unit/unit") { return Unit("").node }
        if tag.contains("astropy/table/table") { return AstropyTable(columns: requiredColumns(schema, rows: extent)).node }
        if let kind = ProductKind(tag: tag.replacingOccurrences(of: "*", with: "")), let nested = SchemaCatalog.schema(for: kind.current.tag) {
            return .tagged(kind.current.tag, value(for: nested, path: path, arrays: [:], extent: extent))
        }
        return .tagged(tag.replacingOccurrences(of: "*", with: "0"), .mapping([:]))
    }

    /// The columns a rad table schema demands: each `not: {items: {not: S}}` ("some column
    /// matches S") names a column by an anchored pattern (`^label$`), its datatype and unit.
    static func requiredColumns(_ schema: Schema, rows: Int) -> [AstropyTable.Column] {
        guard let columnsSchema = schema.properties["columns"] else { return [] }
        let parts = (columnsSchema.allOf ?? []) + [columnsSchema]
        var columns: [AstropyTable.Column] = []
        for part in parts {
            guard let demanded = part.not?.items?.not,
                  let pattern = demanded.properties["name"]?.pattern,
                  pattern.hasPrefix("^"), pattern.hasSuffix("$") else { continue }
            // Instantiate simple character classes (`aper[0-9]{2}_flux` -> `aper01_flux`).
            let name = String(pattern.dropFirst().dropLast())
                .replacingOccurrences(of: "\\(([A-Za-z0-9_]+)(\\|[A-Za-z0-9_]+)*\\)", with: "$1", options: .regularExpression)
                .replacingOccurrences(of: "[0-9]{2}", with: "01")
                .replacingOccurrences(of: "[0-9]+", with: "1")
                .replacingOccurrences(of: "[0-9]", with: "1")
            guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
                  name.range(of: pattern, options: .regularExpression) != nil else { continue }
            let typeName = demanded.properties["data"]?.properties["datatype"]?.enumValues?.first?.stringValue ?? "float32"
            let type = DataType(scalarName: typeName) ?? .float32
            let storage = try! ByteStorage.allocate(count: rows * type.itemSize)
            let data = try! NDArray(dataType: type, byteOrder: .native, shape: [rows], storage: DeferredStorage(storage))
            let unit = demanded.unit?.stringValue.flatMap { $0 == "none" ? nil : $0 }
            columns.append(AstropyTable.Column(name: name, data: data, unit: unit))
        }
        return columns
    }

    static func node(_ json: JSONValue) -> Node {
        switch json {
        case .null: .null
        case .bool(let b): .bool(b)
        case .int(let i): .int(i)
        case .double(let d): .float(d)
        case .string(let s): .string(s)
        case .array(let items): .sequence(items.map(node))
        case .object(let m): .mapping(OrderedDictionary(uniqueKeysWithValues: m.sorted { $0.key < $1.key }.map { (Node.MappingKey.string($0.key), node($0.value)) }))
        }
    }
}
