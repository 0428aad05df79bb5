import Tables
import WFI

/// The truth catalog of a simulated scene, in romanisim's catalog format so that the same
/// scene can be fed to STScI's simulator: `ra`, `dec` (degrees), `type` (PSF or SER), `n`,
/// `half_light_radius` (arcsec), `pa` (degrees east of north), `ba`, and one column per
/// imaging filter with the flux in maggies (10^(−0.4 m_AB); times 3631 Jy gives the flux
/// density). We add `id` and the proper motions `pmra`, `pmdec` (mas/yr).
///
/// The same format is what `roman simulate --catalog` reads.
public enum TruthCatalog {
    static let filters = OpticalElement.allCases.filter { FilterProperties.of($0) != nil }

    /// The table of `sources`.
    public static func table(_ sources: [SkySource], meta: [(key: String, value: String)] = []) -> ECSVTable {
        var columns: [ECSVTable.Column] = [
            .init("id", .int64(sources.map { Int64($0.id) })),
            .init("ra", unit: "deg", .float64(sources.map(\.ra))),
            .init("dec", unit: "deg", .float64(sources.map(\.dec))),
            .init("type", .string(sources.map { $0.kind == .star ? "PSF" : "SER" })),
            .init("n", .float64(sources.map { $0.kind == .star ? -1 : $0.sersicIndex })),
            .init("half_light_radius", unit: "arcsec", .float64(sources.map(\.halfLightRadius))),
            .init("pa", unit: "deg", .float64(sources.map(\.positionAngle))),
            .init("ba", .float64(sources.map(\.axisRatio))),
        ]
        for filter in filters {
            columns.append(.init(filter.rawValue, description: "flux in maggies (AB)",
                                 .float64(sources.map { source in source.magnitudes[filter].map { pow10(-0.4 * $0) } ?? 0 })))
        }
        columns.append(.init("pmra", unit: "mas / yr", .float64(sources.map(\.properMotion.ra))))
        columns.append(.init("pmdec", unit: "mas / yr", .float64(sources.map(\.properMotion.dec))))
        return ECSVTable(columns: columns, meta: meta)
    }

    /// Sources from a table in this format (or romanisim's): `ra` and `dec` are required, and a
    /// flux column for each filter in `required`; the other columns default to a point source.
    public static func sources(from table: ECSVTable, file: String, required: [OpticalElement]) throws -> [SkySource] {
        guard let ra = table.doubles("ra") else { throw ECSVError.missingColumn(file: file, column: "ra") }
        guard let dec = table.doubles("dec") else { throw ECSVError.missingColumn(file: file, column: "dec") }
        for filter in required where table.doubles(filter.rawValue) == nil {
            throw ECSVError.missingColumn(file: file, column: filter.rawValue)
        }
        let count = table.rowCount
        let ids = table.doubles("id") ?? (1...max(count, 1)).map(Double.init)
        let types = table.strings("type") ?? Array(repeating: "PSF", count: count)
        let n = table.doubles("n") ?? Array(repeating: -1, count: count)
        let radius = table.doubles("half_light_radius") ?? Array(repeating: 0, count: count)
        let pa = table.doubles("pa") ?? Array(repeating: 0, count: count)
        let ba = table.doubles("ba") ?? Array(repeating: 1, count: count)
        let pmra = table.doubles("pmra") ?? Array(repeating: 0, count: count)
        let pmdec = table.doubles("pmdec") ?? Array(repeating: 0, count: count)
        let fluxes = filters.compactMap { filter in table.doubles(filter.rawValue).map { (filter, $0) } }
        return (0..<count).map { row in
            var magnitudes: [OpticalElement: Double] = [:]
            for (filter, values) in fluxes where values[row] > 0 { magnitudes[filter] = -2.5 * log10(values[row]) }
            let isGalaxy = types[row].uppercased() == "SER" && radius[row] > 0
            var source = SkySource(id: Int(ids[row]), kind: isGalaxy ? .galaxy : .star, ra: ra[row], dec: dec[row],
                                   magnitudes: magnitudes)
            if isGalaxy {
                source.sersicIndex = n[row]
                source.halfLightRadius = radius[row]
                source.positionAngle = pa[row]
                source.axisRatio = ba[row]
            }
            source.properMotion = (pmra[row], pmdec[row])
            return source
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif

@inline(__always) func pow10(_ x: Double) -> Double { pow(10, x) }
