import ASDF
import Foundation
import WFI

/// Julian epochs (years of 365.25 days from J2000.0 = JD 2451545.0), the time scale of
/// catalog epochs (Gaia DR3's 2016.0) and of the exposure times they are propagated to.
/// UTC is used for TT (69 s, 2e-6 yr: nothing at catalog proper motions).
public enum JulianEpoch {
    /// The Julian year of a Julian date.
    public static func year(julianDate: Double) -> Double { 2000 + (julianDate - 2_451_545) / 365.25 }

    /// The Julian year of an ISO 8601 time (`2027-06-01T00:00:00.000`, with `T` or a space), nil
    /// when unreadable.
    public static func year(isot: String) -> Double? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var text = isot.replacingOccurrences(of: " ", with: "T")
        if !text.hasSuffix("Z") { text += "Z" }
        if !text.contains(".") { text = text.dropLast() + ".000Z" }
        guard let date = formatter.date(from: text) else { return nil }
        return year(julianDate: date.timeIntervalSince1970 / 86_400 + 2_440_587.5)
    }

    /// The Julian year of an astropy time node (`isot`/`iso` strings, `mjd`, `jd`, `jyear`
    /// numbers), nil for other forms.
    public static func year(_ time: Time) -> Double? {
        if let text = time.value.stringValue { return year(isot: text) }
        guard let number = time.value.doubleValue else { return nil }
        switch time.format {
        case "mjd": return year(julianDate: number + 2_400_000.5)
        case "jd": return year(julianDate: number)
        case "jyear": return number
        default: return nil
        }
    }

    /// The Julian year an exposure's catalog positions are propagated to: its
    /// `meta.exposure.start_time`, as romancal's tweakreg uses (nil when absent or unreadable).
    public static func exposureStart(of model: RomanDataModel) -> Double? {
        model.meta("exposure/start_time").flatMap(Time.init(node:)).flatMap(year)
    }
}
