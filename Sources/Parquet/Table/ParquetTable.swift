import OrderedCollections

/// The values of one column, one Swift array per supported element type. Positions that are
/// null (see `ParquetColumn.validity`) still hold a value; it is not stored, and the reader puts
/// zero / false / "" there.
public enum ParquetColumnValues: Sendable, Equatable {
    case bool([Bool])
    case int8([Int8])
    case int16([Int16])
    case int32([Int32])
    case int64([Int64])
    case uint8([UInt8])
    case uint16([UInt16])
    case uint32([UInt32])
    case uint64([UInt64])
    case float16([Float16])
    case float32([Float])
    case float64([Double])
    case string([String])

    /// Number of rows.
    public var count: Int {
        switch self {
        case .bool(let v): v.count
        case .int8(let v): v.count
        case .int16(let v): v.count
        case .int32(let v): v.count
        case .int64(let v): v.count
        case .uint8(let v): v.count
        case .uint16(let v): v.count
        case .uint32(let v): v.count
        case .uint64(let v): v.count
        case .float16(let v): v.count
        case .float32(let v): v.count
        case .float64(let v): v.count
        case .string(let v): v.count
        }
    }

    /// The element type.
    public var kind: ParquetValueKind {
        switch self {
        case .bool: .bool
        case .int8: .int8
        case .int16: .int16
        case .int32: .int32
        case .int64: .int64
        case .uint8: .uint8
        case .uint16: .uint16
        case .uint32: .uint32
        case .uint64: .uint64
        case .float16: .float16
        case .float32: .float32
        case .float64: .float64
        case .string: .string
        }
    }

    /// Equality that treats NaNs with the same bits as equal (plain `==` follows IEEE, where a
    /// NaN never equals itself): what a lossless round trip must preserve.
    public func isBitwiseEqual(to other: ParquetColumnValues) -> Bool {
        func bits<T: BinaryFloatingPoint>(_ a: [T], _ b: [T], _ pattern: (T) -> UInt64) -> Bool {
            a.count == b.count && zip(a, b).allSatisfy { pattern($0) == pattern($1) }
        }
        switch (self, other) {
        case (.float16(let a), .float16(let b)): return bits(a, b) { UInt64($0.bitPattern) }
        case (.float32(let a), .float32(let b)): return bits(a, b) { UInt64($0.bitPattern) }
        case (.float64(let a), .float64(let b)): return bits(a, b) { $0.bitPattern }
        default: return self == other
        }
    }
}

/// One named column with its validity and the unit and description that astropy and pyarrow
/// read back.
public struct ParquetColumn: Sendable, Equatable {
    public var name: String
    public var values: ParquetColumnValues
    /// nil: the column has no nulls and is written REQUIRED. Otherwise one flag per row
    /// (true = valid) and the column is written OPTIONAL. The reader gives nil for any column
    /// without nulls.
    public var validity: [Bool]?
    /// Unit string as astropy writes it (`nJy`, `deg`, `pix`); nil for none.
    public var unit: String?
    /// Free-text description (astropy `Column.description`).
    public var description: String?

    public init(name: String, values: ParquetColumnValues, validity: [Bool]? = nil, unit: String? = nil, description: String? = nil) {
        self.name = name
        self.values = values
        self.validity = validity
        self.unit = unit
        self.description = description
    }

    /// Rows.
    public var count: Int { values.count }

    /// Number of null rows.
    public var nullCount: Int { validity.map { $0.count { !$0 } } ?? 0 }
}

/// A flat table: equal-length columns plus file-level metadata.
public struct ParquetTable: Sendable, Equatable {
    public var columns: [ParquetColumn]
    /// Extra file-level key-value metadata, in order (e.g. `roman.meta.*` keys). The keys this
    /// library writes itself (`ARROW:schema`, `table_meta_yaml`, `table::len::*`) are not listed
    /// here when a table is read back.
    public var keyValueMetadata: [KeyValue]
    /// The table meta written into `table_meta_yaml`'s `meta:` (astropy `Table.meta`).
    public var tableMeta: OrderedDictionary<String, ParquetMetaValue>

    public init(columns: [ParquetColumn], keyValueMetadata: [KeyValue] = [], tableMeta: OrderedDictionary<String, ParquetMetaValue> = [:]) {
        self.columns = columns
        self.keyValueMetadata = keyValueMetadata
        self.tableMeta = tableMeta
    }

    /// A table whose extra key-value metadata is given as (key, value) pairs.
    public init(columns: [ParquetColumn], keyValuePairs: [(key: String, value: String)],
                tableMeta: OrderedDictionary<String, ParquetMetaValue> = [:]) {
        self.init(columns: columns, keyValueMetadata: keyValuePairs.map { KeyValue(key: $0.key, value: $0.value) }, tableMeta: tableMeta)
    }

    /// Rows (of the first column; all columns must agree).
    public var rowCount: Int { columns.first?.count ?? 0 }

    /// The column called `name`.
    public subscript(name: String) -> ParquetColumn? { columns.first { $0.name == name } }
}

/// A YAML-able value of astropy table meta (`Table.meta`): scalars, lists and ordered maps.
public indirect enum ParquetMetaValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([ParquetMetaValue])
    case map(OrderedDictionary<String, ParquetMetaValue>)
}
