/// A source catalog as typed columns in romancal's order, with units and descriptions: what the
/// Parquet writer and the ASDF table form are made from.
public struct CatalogTable: Sendable {
    /// The values of one column, one per source.
    public enum Values: Sendable, Equatable {
        case bool([Bool])
        case int32([Int32])
        case int64([Int64])
        case float32([Float])
        case float64([Double])

        public var count: Int {
            switch self {
            case .bool(let v): v.count
            case .int32(let v): v.count
            case .int64(let v): v.count
            case .float32(let v): v.count
            case .float64(let v): v.count
            }
        }

        /// The values as doubles (booleans as 0/1), for tests and summaries.
        public var doubles: [Double] {
            switch self {
            case .bool(let v): v.map { $0 ? 1 : 0 }
            case .int32(let v): v.map(Double.init)
            case .int64(let v): v.map(Double.init)
            case .float32(let v): v.map(Double.init)
            case .float64(let v): v
            }
        }
    }

    public struct Column: Sendable {
        public var definition: CatalogColumn
        public var values: Values
        public var name: String { definition.name }
    }

    public var columns: [Column]
    /// The table's own metadata (astropy `Table.meta`): ordered keys and their values.
    public var meta: [(key: String, value: CatalogMetaValue)]

    public init(columns: [Column], meta: [(key: String, value: CatalogMetaValue)] = []) {
        self.columns = columns
        self.meta = meta
    }

    /// Number of rows.
    public var rowCount: Int { columns.first?.values.count ?? 0 }

    /// The column named `name`.
    public subscript(name: String) -> Column? { columns.first { $0.name == name } }
}

/// A value of the catalog's table metadata (`source_catalog.*` keys).
public indirect enum CatalogMetaValue: Sendable, Equatable {
    case string(String)
    case number(Double)
    case numbers([Double])
    /// A Python tuple: flattened by index in the Parquet key-value metadata.
    case tuple([Double])
    case mapping([(key: String, value: CatalogMetaValue)])

    public static func == (a: CatalogMetaValue, b: CatalogMetaValue) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): x == y
        case (.number(let x), .number(let y)): x == y
        case (.numbers(let x), .numbers(let y)), (.tuple(let x), .tuple(let y)): x == y
        case (.mapping(let x), .mapping(let y)): x.map(\.key) == y.map(\.key) && zip(x, y).allSatisfy { $0.value == $1.value }
        default: false
        }
    }
}
