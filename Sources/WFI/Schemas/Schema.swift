import Foundation
import Synchronization

/// A JSON value as it appears in a schema (`enum` lists, `default`, `datatype`).
public indirect enum JSONValue: Sendable, Hashable, Decodable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int64.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }
}

/// One resolved rad schema (a subset of JSON Schema plus ASDF's `tag`, `datatype`,
/// `exact_datatype`, `ndim`), as produced by `scripts/python/rad_resolve.py`.
public final class Schema: Sendable, Decodable {
    public let type: [String]?
    public let enumValues: [JSONValue]?
    public let required: [String]
    public let properties: [String: Schema]
    public let patternProperties: [String: Schema]
    /// False when `additionalProperties: false`.
    public let allowsAdditionalProperties: Bool
    public let items: Schema?
    public let itemList: [Schema]?
    public let minItems: Int?
    public let maxItems: Int?
    public let anyOf: [Schema]?
    public let oneOf: [Schema]?
    public let allOf: [Schema]?
    public let not: Schema?
    /// The tag (or tag glob with `*`) the value must carry.
    public let tag: String?
    public let datatype: JSONValue?
    public let exactDatatype: Bool
    public let ndim: Int?
    public let maxNdim: Int?
    public let minimum: Double?
    public let maximum: Double?
    public let pattern: String?
    /// Longest allowed string, in characters.
    public let maxLength: Int?
    /// rad's documentary unit of an array (`DN`, `DN / s`, `MJy / sr`), or a list of accepted units.
    public let unit: JSONValue?
    public let defaultValue: JSONValue?

    private enum Keys: String, CodingKey {
        case type, required, properties, patternProperties, additionalProperties, items, minItems, maxItems
        case anyOf, oneOf, allOf, not, tag, datatype, ndim, pattern, unit, minimum, maximum, maxLength
        case enumValues = "enum", exactDatatype = "exact_datatype", maxNdim = "max_ndim", defaultValue = "default"
    }

    public required init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        if let single = try? c.decode(String.self, forKey: .type) { type = [single] }
        else { type = try c.decodeIfPresent([String].self, forKey: .type) }
        enumValues = try c.decodeIfPresent([JSONValue].self, forKey: .enumValues)
        required = try c.decodeIfPresent([String].self, forKey: .required) ?? []
        properties = try c.decodeIfPresent([String: Schema].self, forKey: .properties) ?? [:]
        patternProperties = try c.decodeIfPresent([String: Schema].self, forKey: .patternProperties) ?? [:]
        allowsAdditionalProperties = (try? c.decode(Bool.self, forKey: .additionalProperties)) ?? true
        if let list = try? c.decode([Schema].self, forKey: .items) {
            itemList = list
            items = nil
        } else {
            itemList = nil
            items = try c.decodeIfPresent(Schema.self, forKey: .items)
        }
        minItems = try c.decodeIfPresent(Int.self, forKey: .minItems)
        maxItems = try c.decodeIfPresent(Int.self, forKey: .maxItems)
        anyOf = try c.decodeIfPresent([Schema].self, forKey: .anyOf)
        oneOf = try c.decodeIfPresent([Schema].self, forKey: .oneOf)
        allOf = try c.decodeIfPresent([Schema].self, forKey: .allOf)
        not = try c.decodeIfPresent(Schema.self, forKey: .not)
        tag = try c.decodeIfPresent(String.self, forKey: .tag)
        datatype = try c.decodeIfPresent(JSONValue.self, forKey: .datatype)
        exactDatatype = try c.decodeIfPresent(Bool.self, forKey: .exactDatatype) ?? false
        ndim = try c.decodeIfPresent(Int.self, forKey: .ndim)
        maxNdim = try c.decodeIfPresent(Int.self, forKey: .maxNdim)
        minimum = try c.decodeIfPresent(Double.self, forKey: .minimum)
        maximum = try c.decodeIfPresent(Double.self, forKey: .maximum)
        pattern = try c.decodeIfPresent(String.self, forKey: .pattern)
        maxLength = try c.decodeIfPresent(Int.self, forKey: .maxLength)
        unit = try c.decodeIfPresent(JSONValue.self, forKey: .unit)
        defaultValue = try c.decodeIfPresent(JSONValue.self, forKey: .defaultValue)
    }

    /// Whether the schema requires an `ndarray`.
    public var isArray: Bool { tag.map { $0.contains("core/ndarray") } ?? false }
}

/// The rad schemas this build knows, by tag URI. Each schema is decoded from its JSON on first
/// use and cached, so a program pays only for the models it touches.
public enum SchemaCatalog {
    private static let cache = Mutex<[String: Schema]>([:])

    /// The rad release the schemas come from.
    public static var radVersion: String { RADSchemasSource.radVersion }
    /// The datamodels manifest the tags come from.
    public static var manifest: String { RADSchemasSource.manifest }
    /// Every known tag URI.
    public static var tags: [String] { RADSchemasSource.schemas.keys.sorted() }

    /// The schema for a tag URI (nil for tags this build does not know).
    public static func schema(for tag: String) -> Schema? {
        if let cached = cache.withLock({ $0[tag] }) { return cached }
        guard let json = RADSchemasSource.schemas[tag] else { return nil }
        let schema: Schema
        do {
            schema = try JSONDecoder().decode(Schema.self, from: Data(json.utf8))
        } catch {
            // The JSON is generated and compiled in; a decoding failure is a build defect.
            fatalError("embedded rad schema \(tag) does not decode: \(error)")
        }
        cache.withLock { $0[tag] = schema }
        return schema
    }
}
