import Parquet
import WCS

/// romancal's catalog update after tweakreg (algorithms.md §1.13 step 7): the sky positions of a
/// catalog already written are computed again from its pixel positions with the image's new,
/// aligned WCS; every other column and all the metadata stay as they were. The file is
/// rewritten atomically.
public enum CatalogSkyUpdate {
    /// The pixel columns and the sky columns computed from them (romancal's `ra`/`dec` are the
    /// centroid's).
    static let pairs: [(x: String, y: String, ra: [String], dec: [String])] = [
        ("x_centroid", "y_centroid", ["ra", "ra_centroid"], ["dec", "dec_centroid"]),
        ("x_centroid_win", "y_centroid_win", ["ra_centroid_win"], ["dec_centroid_win"]),
        ("x_psf", "y_psf", ["ra_psf"], ["dec_psf"]),
    ]

    /// Updates the Parquet catalog at `path` with `wcs`; returns the number of rows.
    @discardableResult
    public static func update(catalog path: String, wcs: GWCS) throws(CatalogError) -> Int {
        var table: ParquetTable
        do { table = try ParquetReader(path: path).readTable() } catch {
            throw .array(path: path, name: "catalog", reason: "\(error)")
        }
        var index: [String: Int] = [:]
        for (i, column) in table.columns.enumerated() where index[column.name] == nil { index[column.name] = i }
        for pair in pairs {
            guard let xi = index[pair.x], let yi = index[pair.y] else { continue }
            let (ra, dec) = skyPositions(x: doubles(table.columns[xi].values), y: doubles(table.columns[yi].values), wcs: wcs)
            for name in pair.ra { if let i = index[name] { table.columns[i].values = .float64(ra) } }
            for name in pair.dec { if let i = index[name] { table.columns[i].values = .float64(dec) } }
        }
        do { try ParquetWriter.write(table, to: path) } catch { throw .write(path: path, reason: "\(error)") }
        return table.rowCount
    }

    /// (RA, Dec) in degrees of each pixel position; NaN where the position is not finite or
    /// outside the WCS's bounding box.
    static func skyPositions(x: [Double], y: [Double], wcs: GWCS) -> (ra: [Double], dec: [Double]) {
        var ra = [Double](repeating: .nan, count: x.count), dec = ra
        for i in x.indices where x[i].isFinite && y[i].isFinite {
            guard let world = try? wcs.evaluate([x[i], y[i]]), world.count == 2 else { continue }
            (ra[i], dec[i]) = (world[0], world[1])
        }
        return (ra, dec)
    }

    static func doubles(_ values: ParquetColumnValues) -> [Double] {
        switch values {
        case .float32(let v): v.map(Double.init)
        case .float64(let v): v
        case .float16(let v): v.map(Double.init)
        case .int32(let v): v.map(Double.init)
        case .int64(let v): v.map(Double.init)
        default: []
        }
    }
}
