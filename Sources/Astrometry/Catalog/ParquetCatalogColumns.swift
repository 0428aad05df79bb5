import Parquet

/// A Parquet reference catalog (a Gaia query saved by pyarrow or astropy): numeric columns as
/// doubles with nulls as NaN (a star without proper motion is then dropped, as stcal does), and
/// the metadata from astropy's table meta or the file's key-value pairs.
extension ParquetTable: CatalogColumns {
    public var columnNames: [String] { columns.map(\.name) }

    public func doubles(_ name: String) -> [Double]? {
        guard let column = columns.first(where: { $0.name == name }) else { return nil }
        var values: [Double]
        switch column.values {
        case .float64(let v): values = v
        case .float32(let v): values = v.map(Double.init)
        case .float16(let v): values = v.map(Double.init)
        case .int8(let v): values = v.map(Double.init)
        case .int16(let v): values = v.map(Double.init)
        case .int32(let v): values = v.map(Double.init)
        case .int64(let v): values = v.map(Double.init)
        case .uint8(let v): values = v.map(Double.init)
        case .uint16(let v): values = v.map(Double.init)
        case .uint32(let v): values = v.map(Double.init)
        case .uint64(let v): values = v.map(Double.init)
        case .bool, .string: return nil
        }
        if let validity = column.validity {
            for i in values.indices where !validity[i] { values[i] = .nan }
        }
        return values
    }

    public func integers(_ name: String) -> [Int64]? {
        guard let column = columns.first(where: { $0.name == name }) else { return nil }
        switch column.values {
        case .int64(let v): return v
        case .int32(let v): return v.map(Int64.init)
        case .uint32(let v): return v.map(Int64.init)
        default: return nil
        }
    }

    public func metaValue(_ key: String) -> String? {
        switch tableMeta[key] {
        case .string(let s)?: return s
        case .double(let d)?: return String(d)
        case .int(let i)?: return String(i)
        default: return keyValueMetadata.first { $0.key == key }?.value ?? nil
        }
    }
}
