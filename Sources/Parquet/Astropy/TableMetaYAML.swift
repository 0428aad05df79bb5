import OrderedCollections
import Yams

/// The `table_meta_yaml` key-value entry that astropy writes and reads back
/// (astropy `io/misc/parquet.py`): the ECSV header YAML without `# ` prefixes, a `datatype:`
/// list with one `{name, unit, datatype, description}` per column — every column of the file
/// must appear or `Table.read` fails — and a `meta: !!omap` list that becomes `Table.meta`
/// (formats.md §4.7).
enum TableMetaYAML {
    static let key = "table_meta_yaml"

    /// What a column's entry carries.
    struct ColumnEntry: Equatable {
        var unit: String?
        var description: String?
    }

    /// The YAML for `table`.
    static func encode(_ table: ParquetTable) -> String {
        var lines = ["datatype:"]
        for column in table.columns {
            var fields = ["name: " + MetaValueYAML.quoted(column.name)]
            if let unit = column.unit { fields.append("unit: " + MetaValueYAML.quoted(unit)) }
            fields.append("datatype: " + column.values.kind.ecsvDatatype)
            if let description = column.description { fields.append("description: " + MetaValueYAML.quoted(description)) }
            lines.append("- {" + fields.joined(separator: ", ") + "}")
        }
        if !table.tableMeta.isEmpty {
            lines.append("meta: !!omap")
            for (key, value) in table.tableMeta {
                lines.append("- {" + MetaValueYAML.quoted(key) + ": " + MetaValueYAML.flow(value) + "}")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The column entries (by name) and table meta of a `table_meta_yaml` value, as astropy
    /// reads them: `meta` may be an omap (a list of one-entry mappings) or a plain mapping.
    static func decode(_ text: String) throws(ParquetError) -> (columns: [String: ColumnEntry], meta: OrderedDictionary<String, ParquetMetaValue>) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, Resolver.basic)
        } catch {
            throw ParquetError(file: nil, .invalidMetadata("table_meta_yaml is not valid YAML: \(String(describing: error).prefix(200))"))
        }
        guard let mapping = root?.mapping else {
            throw ParquetError(file: nil, .invalidMetadata("table_meta_yaml is not a YAML mapping"))
        }
        var columns: [String: ColumnEntry] = [:]
        for entry in mapping["datatype"]?.sequence ?? [] {
            guard let fields = entry.mapping, let name = fields["name"]?.string else { continue }
            columns[name] = ColumnEntry(unit: fields["unit"]?.string, description: fields["description"]?.string)
        }
        var meta = OrderedDictionary<String, ParquetMetaValue>()
        if let node = mapping["meta"] {
            if let pairs = node.sequence {
                for case .mapping(let pair) in pairs {
                    for (key, value) in MetaValueYAML.ordered(pair) { meta[key] = value }
                }
            } else if let plain = node.mapping {
                meta = MetaValueYAML.ordered(plain)
            }
        }
        return (columns, meta)
    }
}
