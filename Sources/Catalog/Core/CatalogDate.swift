import Foundation

/// Dates and the software name written into catalog metadata.
enum CatalogDate {
    /// This software's version string in `versions` and `calibration_software_name`.
    static let softwareVersion = "0.1.0"

    /// Now in UTC as romancal writes the catalog date (`2026-11-22 00:21:11 UTC`).
    static func nowUTC() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss 'UTC'"
        return formatter.string(from: Date())
    }

    /// Now in UTC, astropy isot with milliseconds (`2026-11-22T00:21:11.123`).
    static func nowISOT() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSS"
        return formatter.string(from: Date())
    }
}
