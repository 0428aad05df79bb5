import ASDF
import Foundation
import WCS
import WFI

/// The L1 `_wcs.asdf` supplement of an exposure's detector (rad `wfi_wcs-2.1.0`), made from its
/// L2 product as roman_datamodels' `WfiWcsModel.from_model_with_wcs` makes it (romancal's
/// `save_wfiwcs`): the meta keys the schema lists copied from the L2 (with `wcs_fit_results`),
/// `wcs_l2` the L2's WCS and `wcs_l1` the same for the L1 array (4-pixel border,
/// `GWCS.level1`).
public enum WCSSupplement {
    /// The border of reference pixels between the L1 and L2 arrays.
    public static let border = 4

    /// The supplement model of an L2 model.
    public static func make(from l2: RomanDataModel) throws(AlignmentUpdateError) -> RomanDataModel {
        let file = l2.file.path ?? "L2 model"
        guard let node = l2.meta("wcs"), !node.isNull else { throw .noWCS(file: file) }
        let wcs: GWCS
        let level1: GWCS
        do {
            wcs = try GWCS(node: node, path: "meta/wcs")
            level1 = try wcs.level1(border: border)
        } catch { throw .noWCS(file: file + " (\(error))") }
        var model: RomanDataModel
        do { model = try ModelFactory.make(.wcsSupplement) } catch { throw .product(error) }
        for key in metaKeys where l2.meta(key) != nil {
            model.set("meta/" + key, l2.meta(key)!)
        }
        model.set("meta/model_type", .string(ModelFactory.modelTypeName(.wcsSupplement)))
        if let name = fileName(for: l2) { model.set("meta/filename", .string(name)) }
        model.set("wcs_l2", wcs.node)
        model.set("wcs_l1", level1.node)
        return model
    }

    /// Writes the supplement of the L2 file at `path` next to it (or into `directory`),
    /// atomically; returns its path.
    @discardableResult
    public static func write(forL2 path: String, directory: String? = nil) throws(AlignmentUpdateError) -> String {
        let l2 = try L2AlignmentUpdate.read(path)
        let model = try make(from: l2)
        let name = model.meta("filename")?.stringValue ?? ((path as NSString).lastPathComponent + "_wcs.asdf")
        let out = (directory ?? (path as NSString).deletingLastPathComponent) + "/" + name
        try L2AlignmentUpdate.write(model, to: out)
        return out
    }

    /// The `meta` keys of `wfi_wcs` (its properties, of every `allOf` part when not merged),
    /// sorted; `wcs_fit_results` among them.
    public static var metaKeys: [String] {
        guard let meta = SchemaCatalog.schema(for: ProductKind.wcsSupplement.tag)?.properties["meta"] else { return [] }
        let parts = [meta] + (meta.allOf ?? [])
        return Array(Set(parts.flatMap(\.properties.keys))).sorted()
    }

    /// The supplement's file name: the L2 name with suffix `wcs`
    /// (`r…_0001_wfi01_f158_cal.asdf` -> `r…_0001_wfi01_f158_wcs.asdf`); for a name outside the
    /// conventions, `_cal` replaced (or `_wcs` appended).
    public static func fileName(for l2: RomanDataModel) -> String? {
        guard let name = l2.meta("filename")?.stringValue ?? l2.file.path.map({ ($0 as NSString).lastPathComponent }) else { return nil }
        if case .exposure(let parsed)? = try? ProductName(parsing: name),
           let renamed = try? ExposureProductName(visit: parsed.visit, exposure: parsed.exposure, detector: parsed.detector,
                                                  element: parsed.element, suffix: .wcs) {
            return renamed.fileName
        }
        let stem = (name as NSString).deletingPathExtension
        return (stem.hasSuffix("_cal") ? String(stem.dropLast(4)) : stem) + "_wcs.asdf"
    }
}
