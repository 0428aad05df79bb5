/// Why a reference catalog could not be read or used.
public enum ReferenceCatalogError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read or parsed (the reader's message).
    case unreadable(file: String, reason: String)
    /// The file's extension names no format this reader knows.
    case unsupportedFormat(file: String, extension: String)
    /// A required column is missing (the names tried).
    case missingColumn(file: String, names: [String])
    /// Proper motions are given but no reference epoch (no `ref_epoch`/`epoch` column or
    /// table metadata).
    case noEpoch(file: String)
    /// A value is out of range (a declination beyond ±90°, a non-finite position).
    case invalidValue(file: String, column: String, row: Int, value: Double)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason): "\(file): cannot read the reference catalog: \(reason)"
        case .unsupportedFormat(let file, let ext):
            "\(file): unsupported reference catalog format '.\(ext)' (expected .ecsv or .csv)"
        case .missingColumn(let file, let names): "\(file): no column \(names.joined(separator: " or "))"
        case .noEpoch(let file):
            "\(file): proper motions without a reference epoch (add a ref_epoch column or 'ref_epoch' metadata)"
        case .invalidValue(let file, let column, let row, let value): "\(file): row \(row): \(column) = \(value) is not valid"
        }
    }
}
