import Tables

/// What a reference-catalog reader needs of a table, whatever its file format: named numeric
/// columns, the row count and table-level metadata. ECSV and CSV tables (`ECSVTable`) conform;
/// a Parquet table conforms the same way in one small extension.
public protocol CatalogColumns {
    var columnNames: [String] { get }
    var rowCount: Int { get }
    /// A numeric column as doubles (integers converted), nil when absent or not numeric.
    func doubles(_ name: String) -> [Double]?
    /// An integer column exactly (Gaia `source_id` needs all 64 bits), nil when not integer.
    func integers(_ name: String) -> [Int64]?
    /// A table-level metadata value (`meta:` of an ECSV header), nil when absent.
    func metaValue(_ key: String) -> String?
}

extension CatalogColumns {
    /// The first column whose name matches one of `names` ignoring case (astropy/tweakreg
    /// accept `RA` and `ra` alike), as doubles.
    func column(_ names: [String]) -> (name: String, values: [Double])? {
        for wanted in names {
            if let name = columnNames.first(where: { $0.lowercased() == wanted.lowercased() }), let values = doubles(name) {
                return (name, values)
            }
        }
        return nil
    }

    /// The first integer column whose name matches one of `names` ignoring case.
    func integerColumn(_ names: [String]) -> [Int64]? {
        for wanted in names {
            if let name = columnNames.first(where: { $0.lowercased() == wanted.lowercased() }), let values = integers(name) {
                return values
            }
        }
        return nil
    }
}

extension ECSVTable: CatalogColumns {
    public var columnNames: [String] { columns.map(\.name) }

    public func metaValue(_ key: String) -> String? { meta.first { $0.key == key }?.value }

    public func integers(_ name: String) -> [Int64]? {
        if case .int64(let values) = column(name) { return values }
        return nil
    }
}
