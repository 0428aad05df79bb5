import FileIO
import ASDF
import Foundation
import OrderedCollections
import Parquet
import WFI

/// Writes a catalog as roman_datamodels' `ImageSourceCatalogModel.to_parquet` does (formats.md
/// §4.7): one column per catalog column with its unit and description, uncompressed; the
/// file's key-value metadata holds every `roman.meta.*` value of the catalog model flattened to
/// dotted keys (sequences by index) as Python's `str()` prints them, then the table meta as
/// `source_catalog.*`; `table_meta_yaml` (astropy's header) carries units, descriptions and the
/// table meta for astropy's reader.
enum CatalogParquet {
    /// Writes the file under a temporary name (`ParquetWriter.stage`); `commit()` puts it in place.
    static func stage(_ table: CatalogTable, model: RomanDataModel, to path: String) throws(CatalogError) -> AtomicFileWriter {
        do { return try ParquetWriter.stage(parquetTable(table, model: model), to: path) } catch {
            throw .write(path: path, reason: "\(error)")
        }
    }

    static func parquetTable(_ table: CatalogTable, model: RomanDataModel) -> ParquetTable {
        let columns = table.columns.map { column -> ParquetColumn in
            let values: ParquetColumnValues
            switch column.values {
            case .bool(let v): values = .bool(v)
            case .int32(let v): values = .int32(v)
            case .int64(let v): values = .int64(v)
            case .float32(let v): values = .float32(v)
            case .float64(let v): values = .float64(v)
            }
            return ParquetColumn(name: column.name, values: values, unit: column.definition.unit, description: column.definition.description)
        }
        var metadata: [KeyValue] = []
        flatten(model.meta, prefix: "roman.meta", into: &metadata)
        for (key, value) in table.meta { flatten(value, prefix: "source_catalog." + key, into: &metadata) }
        var tableMeta = OrderedDictionary<String, ParquetMetaValue>()
        for (key, value) in table.meta { tableMeta[key] = metaValue(value) }
        return ParquetTable(columns: columns, keyValueMetadata: metadata, tableMeta: tableMeta)
    }

    /// roman_datamodels' `to_flat_dict`: mappings and sequences by dotted key, leaves as `str()`
    /// (times as their value; `file_date` as astropy prints `Time.now()`, with a space); nulls
    /// left out.
    static func flatten(_ node: Node, prefix: String, into out: inout [KeyValue]) {
        switch node {
        case .null: return
        case .mapping(let m):
            for (key, value) in m { flatten(value, prefix: prefix + "." + key.description, into: &out) }
        case .sequence(let items):
            for (i, item) in items.enumerated() { flatten(item, prefix: prefix + "." + String(i), into: &out) }
        case .tagged(let tag, let inner):
            if tag.contains("time/time"), let time = Time(node: node), let text = time.value.stringValue {
                out.append(KeyValue(key: prefix, value: prefix == "roman.meta.file_date" ? text.replacingOccurrences(of: "T", with: " ") : text))
            } else if case .string(let s) = inner {
                out.append(KeyValue(key: prefix, value: s))
            } else {
                flatten(inner, prefix: prefix, into: &out)
            }
        case .bool(let b): out.append(KeyValue(key: prefix, value: b ? "True" : "False"))
        case .int(let i): out.append(KeyValue(key: prefix, value: String(i)))
        case .float(let d): out.append(KeyValue(key: prefix, value: pythonString(d)))
        case .string(let s), .timestamp(let s): out.append(KeyValue(key: prefix, value: s))
        case .ndarray: return
        }
    }

    static func flatten(_ value: CatalogMetaValue, prefix: String, into out: inout [KeyValue]) {
        switch value {
        case .string(let s): out.append(KeyValue(key: prefix, value: s))
        case .number(let d): out.append(KeyValue(key: prefix, value: pythonString(d)))
        case .numbers(let v): out.append(KeyValue(key: prefix, value: "[" + v.map(pythonString).joined(separator: " ") + "]"))
        case .tuple(let v): for (i, d) in v.enumerated() { out.append(KeyValue(key: prefix + "." + String(i), value: pythonString(d))) }
        case .mapping(let entries): for (key, v) in entries { flatten(v, prefix: prefix + "." + key, into: &out) }
        }
    }

    static func metaValue(_ value: CatalogMetaValue) -> ParquetMetaValue {
        switch value {
        case .string(let s): .string(s)
        case .number(let d): .double(d)
        case .numbers(let v), .tuple(let v): .array(v.map { .double($0) })
        case .mapping(let entries): .map(OrderedDictionary(uniqueKeysWithValues: entries.map { ($0.key, metaValue($0.value)) }))
        }
    }

    /// Python's `str(float)`: the shortest round-trip digits, `nan`/`inf` spelled as Python does.
    static func pythonString(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d > 0 ? "inf" : "-inf" }
        return "\(d)"
    }
}
