import Parquet
import Foundation
import Tables

/// A Gaia-like astrometric reference catalog read from a file: ECSV (astropy, e.g. the
/// simulator's `r<visit>_gaia.ecsv`) or CSV, with columns matched by name ignoring case:
///
/// - `ra`, `dec` (degrees, required);
/// - `ref_epoch` or `epoch` (Julian year) per row, else a `ref_epoch`/`reference_epoch`/`epoch`
///   table metadata value; required only when proper motions are given;
/// - `pmra` (μα* = μα cos δ), `pmdec` (mas/yr), `parallax` (mas), `radial_velocity` (km/s),
///   `source_id` or `id`, all optional.
///
/// As stcal's tweakreg does with Gaia, rows whose proper motion is not finite are dropped when
/// the catalog has proper motions (their positions cannot be brought to the exposure epoch);
/// missing parallaxes and radial velocities count as zero.
public struct ReferenceCatalog: Sendable {
    /// The catalog's name (its file name), recorded in fit results.
    public var name: String
    public var stars: [ReferenceStar]

    public init(name: String, stars: [ReferenceStar]) {
        self.name = name
        self.stars = stars
    }

    /// Reads a catalog file, the format chosen by its extension (`.ecsv`, `.csv`, `.parquet`).
    public init(contentsOf path: String) throws(ReferenceCatalogError) {
        let ext = (path as NSString).pathExtension.lowercased()
        let table: any CatalogColumns
        do {
            // One line per format; a format's table conforms to `CatalogColumns`.
            switch ext {
            case "ecsv": table = try ECSVTable(contentsOf: path)
            case "csv": table = try ECSVTable(csvContentsOf: path)
            case "parquet": table = try ParquetReader(path: path).readTable()
            default: throw ReferenceCatalogError.unsupportedFormat(file: path, extension: ext)
            }
        } catch let error as ReferenceCatalogError {
            throw error
        } catch {
            throw .unreadable(file: path, reason: "\(error)")
        }
        try self.init(columns: table, name: (path as NSString).lastPathComponent, file: path)
    }

    /// A catalog from any table (`file` names it in errors).
    public init(columns table: some CatalogColumns, name: String, file: String) throws(ReferenceCatalogError) {
        guard let ra = table.column(["ra", "ra_deg"]) else { throw .missingColumn(file: file, names: ["ra"]) }
        guard let dec = table.column(["dec", "dec_deg"]) else { throw .missingColumn(file: file, names: ["dec"]) }
        let pmRA = table.column(["pmra", "pm_ra"])?.values
        let pmDec = table.column(["pmdec", "pm_dec"])?.values
        let hasMotion = pmRA != nil || pmDec != nil
        let count = table.rowCount
        let epochs: [Double]
        if let column = table.column(["ref_epoch", "epoch"]) {
            epochs = column.values
        } else if let text = ["ref_epoch", "reference_epoch", "epoch"].lazy.compactMap({ table.metaValue($0) }).first,
                  let epoch = Double(text) {
            epochs = Array(repeating: epoch, count: count)
        } else if hasMotion {
            throw .noEpoch(file: file)
        } else {
            // No motion: the positions hold at any epoch.
            epochs = Array(repeating: .nan, count: count)
        }
        let parallax = table.column(["parallax", "plx"])?.values
        let velocity = table.column(["radial_velocity", "rv"])?.values
        let ids = table.integerColumn(["source_id", "id"])
        var stars: [ReferenceStar] = []
        stars.reserveCapacity(count)
        for row in 0..<count {
            let (a, d) = (ra.values[row], dec.values[row])
            guard a.isFinite else { throw .invalidValue(file: file, column: ra.name, row: row + 1, value: a) }
            guard d.isFinite, abs(d) <= 90 else { throw .invalidValue(file: file, column: dec.name, row: row + 1, value: d) }
            let (mu1, mu2) = (pmRA?[row] ?? 0, pmDec?[row] ?? 0)
            if hasMotion, !(mu1.isFinite && mu2.isFinite) { continue }
            func known(_ v: Double?) -> Double { v.map { $0.isFinite ? $0 : 0 } ?? 0 }
            stars.append(ReferenceStar(id: ids?[row] ?? Int64(row + 1), ra: a, dec: d, epoch: epochs[row],
                                       pmRA: mu1, pmDec: mu2, parallax: known(parallax?[row]),
                                       radialVelocity: known(velocity?[row])))
        }
        self.init(name: name, stars: stars)
    }

    /// Every star's apparent position at `epoch` (Julian year) seen from `observer` (barycentric
    /// position in au; nil: no parallax), by `EpochPropagation`.
    public func positions(at epoch: Double, observer: SIMD3<Double>? = nil) -> [SkyPosition] {
        stars.map { EpochPropagation.position(of: $0, at: epoch, observer: observer) }
    }
}
