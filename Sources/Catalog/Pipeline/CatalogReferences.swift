import Foundation
import WFI

/// The reference files the catalog step uses: `apcorr` (encircled energy, for `is_extended`)
/// and `epsf` (the PSF model of the PSF fit), given directly or found in a folder by their
/// metadata (reference type, detector and, for epsf, optical element).
public struct CatalogReferences: Sendable {
    public var apcorr: String?
    public var epsf: String?

    public init(apcorr: String? = nil, epsf: String? = nil) {
        self.apcorr = apcorr
        self.epsf = epsf
    }

    /// The apcorr and epsf files in `directory` for an image's detector and optical element
    /// (files whose names mention the type are opened; the metadata decides).
    public static func find(in directory: String, for image: CatalogImage) throws(CatalogError) -> CatalogReferences {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted() } catch {
            throw .reference(path: directory, reason: "cannot list the reference folder: \(error.localizedDescription)")
        }
        let detector = image.model.meta("instrument/detector")?.stringValue
        func matching(_ type: String, element: Bool) -> String? {
            for name in names where name.hasSuffix(".asdf") && name.lowercased().contains(type) {
                let path = directory + "/" + name
                guard let model = try? RomanDataModel(contentsOf: path, validate: false),
                      model.kind.name == "reference_files/" + type else { continue }
                let refDetector = model.meta("instrument/detector")?.stringValue
                if let detector, let refDetector, refDetector != detector { continue }
                if element, let wanted = image.element?.rawValue,
                   let refElement = model.meta("instrument/optical_element")?.stringValue, refElement != wanted { continue }
                return path
            }
            return nil
        }
        return CatalogReferences(apcorr: matching("apcorr", element: false), epsf: matching("epsf", element: true))
    }

    /// The reference types and paths used, for `meta.ref_file`.
    public var used: [String: String] {
        var out: [String: String] = [:]
        if let apcorr { out["apcorr"] = apcorr }
        if let epsf { out["epsf"] = epsf }
        return out
    }
}
