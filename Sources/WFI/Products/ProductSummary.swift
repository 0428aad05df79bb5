import ASDF

/// What `roman info` adds for a Roman product: the model kind, level, file-name components and
/// the key metadata an astronomer looks for first.
public struct ProductSummary: Sendable, Encodable {
    public var kind: String
    public var tag: String
    public var level: Int?
    public var suffix: String?
    public var referenceType: String?
    /// Key metadata values by path (`instrument/detector` -> `WFI06`).
    public var keyMeta: [KeyValue]
    /// Schema problems (empty when valid).
    public var problems: [String]

    public struct KeyValue: Sendable, Encodable {
        public var key: String
        public var value: String
    }

    static let keyPaths = [
        "filename", "product_type", "model_type", "reftype", "instrument/name", "instrument/detector",
        "instrument/optical_element", "exposure/type", "exposure/start_time", "exposure/nresultants",
        "exposure/ma_table_number", "exposure/frame_time", "exposure/exposure_time", "exposure/read_pattern",
        "observation/observation_id", "observation/visit_id", "observation/program", "pointing/target_ra",
        "pointing/target_dec", "wcsinfo/ra_ref", "wcsinfo/dec_ref", "wcsinfo/skycell_name", "useafter",
        "photometry/conversion_megajanskys", "coadd_info/exposure_time", "resample/pointings",
    ]

    public init(_ model: RomanDataModel) {
        kind = model.kind.name
        tag = model.kind.tag
        level = model.kind.level
        suffix = model.kind.suffix
        referenceType = model.kind.referenceType
        keyMeta = Self.keyPaths.compactMap { path in
            guard let value = model.meta(path) else { return nil }
            return KeyValue(key: path, value: Self.text(value))
        }
        problems = model.problems().map(\.description)
    }

    static func text(_ node: Node) -> String {
        switch node.untagged {
        case .string(let s), .timestamp(let s): return s
        case .sequence(let items): return "[" + items.map(text).joined(separator: ", ") + "]"
        case .mapping: return Time(node: node).map { text($0.value) } ?? "{...}"
        default: return node.untagged.scalarText ?? "?"
        }
    }

    public var text: String {
        var lines = ["Roman \(kind) (\(tag))" + (level.map { ", level \($0)" } ?? "") + (suffix.map { ", suffix _\($0)" } ?? "")
                     + (referenceType.map { ", reference type \($0)" } ?? "")]
        for entry in keyMeta { lines.append("  \(entry.key) = \(entry.value)") }
        lines.append(problems.isEmpty ? "  valid against rad \(SchemaCatalog.radVersion)"
                     : "  INVALID against rad \(SchemaCatalog.radVersion): \(problems.count) problem(s), see `roman validate`")
        return lines.joined(separator: "\n")
    }
}
