import Astrometry
import Parquet

/// The source list tweakreg takes from a detector's catalog (algorithms.md §1.13 step 1): the
/// PSF-fit positions (`x_psf`, `y_psf`), without sources flagged DO_NOT_USE in `warning_flags`
/// or without a finite position.
enum CatalogSources {
    static let doNotUse: Int32 = 1

    static func read(_ path: String) throws(ProcessingError) -> SourceList {
        let table: ParquetTable
        do { table = try ParquetReader(path: path).readTable(columns: ["x_psf", "y_psf", "warning_flags"]) } catch {
            throw .product(file: path, reason: "\(error)")
        }
        func column(_ name: String) -> ParquetColumnValues? { table.columns.first { $0.name == name }?.values }
        guard case .float32(let xs)? = column("x_psf"), case .float32(let ys)? = column("y_psf") else {
            throw .product(file: path, reason: "the catalog has no float32 x_psf and y_psf columns")
        }
        var flags = [Int32](repeating: 0, count: xs.count)
        if case .int32(let values)? = column("warning_flags") { flags = values }
        var x: [Double] = [], y: [Double] = []
        for i in xs.indices where xs[i].isFinite && ys[i].isFinite && flags[i] & doNotUse == 0 {
            x.append(Double(xs[i]))
            y.append(Double(ys[i]))
        }
        return SourceList(x: x, y: y)
    }
}
