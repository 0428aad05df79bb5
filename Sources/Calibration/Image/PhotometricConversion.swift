import ASDF
import WFI

/// romancal's photom step (algorithms.md §1.12): records the filter's conversion from DN/s to
/// MJy/sr, its uncertainty and the pixel area in `meta.photometry`; the pixels stay in DN/s.
public enum PhotometricConversion {
    /// The photometry of `element` from the photom reference's `phot_table`, or nil when the
    /// table has no entry for it (romancal only warns).
    public static func photometry(from reference: ReferenceFile, element: OpticalElement) -> [String: Double]? {
        guard let entry = reference.model.node[path: "phot_table/" + element.rawValue],
              let conversion = entry["photmjsr"]?.doubleValue else { return nil }
        var values = ["conversion_megajanskys": conversion]
        if let uncertainty = entry["uncertainty"]?.doubleValue { values["conversion_megajanskys_uncertainty"] = uncertainty }
        if let area = entry["pixelareasr"]?.doubleValue { values["pixel_area"] = area }
        return values
    }

    /// Writes the photometry into an L2 model's `meta.photometry`; returns whether it found any.
    @discardableResult
    public static func apply(to model: inout RomanDataModel, reference: ReferenceFile, element: OpticalElement) -> Bool {
        guard let values = photometry(from: reference, element: element) else { return false }
        for (key, value) in values { model.set("meta/photometry/" + key, .float(value)) }
        return true
    }
}
