import ASDF
import Foundation
import InteropSupport
import Testing
import WCS
import WFI
@testable import Astrometry

/// Aligned L2 products and their `_wcs.asdf` supplements, as roman_datamodels, gwcs and tweakwcs
/// read them; failed alignments flagged with the WCS untouched.
@Suite struct ProductUpdateTests {
    /// An L2 product of `detector` (index in the scenario) holding its claimed WCS.
    static func l2(_ scenario: AlignmentScenario, _ index: Int, in dir: TemporaryDirectory) throws -> String {
        let d = scenario.detectors[index]
        var model = try ModelFactory.make(.image)
        let name = "r0000101001001001001_0001_\(d.name.lowercased())_f158_cal.asdf"
        model.set("meta/filename", .string(name))
        model.set("meta/instrument/detector", .string(d.name))
        model.set("meta/instrument/optical_element", "F158")
        model.set("meta/wcs", d.wcs.node)
        for (key, value) in [("v2_ref", d.v2Ref), ("v3_ref", d.v3Ref), ("roll_ref", d.rollRef)] {
            model.set("meta/wcsinfo/" + key, .float(value))
        }
        model.set("meta/wcsinfo/s_region", .string(try #require(d.wcs.sRegion)))
        for step in ["assign_wcs", "flat_field", "dark", "dark_decay", "dq_init", "flux", "linearity", "photom", "source_catalog",
                     "ramp_fit", "refpix", "saturation", "outlier_detection", "tweakreg", "skymatch", "wfi18_transient"] {
            model.set("meta/cal_step/" + step, step == "assign_wcs" ? "COMPLETE" : "INCOMPLETE")
        }
        let path = dir.file(name)
        try model.write(to: path)
        return path
    }

    @Test func alignedL2AndSupplement() throws {
        let scenario = try AlignmentScenario.make(detectors: [5, 14], seed: 17)
        let result = try ExposureAligner().align(scenario.detectors, catalog: scenario.catalog, epoch: scenario.epoch)
        let dir = try TemporaryDirectory()
        let path = try Self.l2(scenario, 0, in: dir)
        let before = try RomanDataModel(contentsOf: path)
        // What the aligner takes from an L2 product.
        let image = try DetectorImage(model: before, sources: scenario.detectors[0].sources)
        #expect(image.name == "WFI05" && image.wcs == scenario.detectors[0].wcs && image.v2Ref == scenario.detectors[0].v2Ref)
        #expect(JulianEpoch.exposureStart(of: before) == JulianEpoch.year(isot: ModelFactory.unknownTime))
        try L2AlignmentUpdate.update(path, with: result)
        let after = try RomanDataModel(contentsOf: path)
        let wcs = try GWCS(node: try #require(after.meta("wcs")))
        #expect(wcs == result.detectors[0].wcs)
        #expect(after.meta("cal_step/tweakreg")?.stringValue == "COMPLETE")
        #expect(after.meta("wcs_fit_results/status")?.stringValue == "SUCCESS")
        #expect(after.meta("wcs_fit_results/nmatches")?.intValue == Int64(result.matches))
        #expect(after.meta("wcs_fit_results/n_detector")?.intValue == 2)
        #expect(after.meta("wcsinfo/s_region")?.stringValue == wcs.sRegion)
        #expect(after.meta("wcsinfo/s_region")?.stringValue != before.meta("wcsinfo/s_region")?.stringValue)
        // roman_datamodels opens it (validating) and gwcs evaluates the corrected WCS as we do;
        // tweakwcs takes its v2v3corr for its own.
        let pixels = PointComparison.pixelGrid(steps: 8)
        let sky = try wcs.evaluate(pixels)
        let reply = try #require(try PythonTools.json("wcs_check.py", ["gwcs", path, "roman"],
                                                      request: ["forward": pixels, "inverse": sky], in: dir))
        #expect(PointComparison.maxDifferenceNaN(PythonTools.points(reply["forward"]), sky) < 1e-9)
        #expect(PointComparison.maxDifferenceNaN(PythonTools.points(reply["inverse"]), try sky.map { try wcs.invert($0) }) < 1e-9)
        let d = scenario.detectors[0]
        let check = try #require(try PythonTools.json("wcs_check.py", ["tweakwcs", path, "roman"],
                                                      request: ["v2_ref": d.v2Ref, "v3_ref": d.v3Ref, "roll_ref": d.rollRef], in: dir))
        #expect((check["frames"] as? [String])?.contains("v2v3corr") == true)

        // The supplement: named by the conventions, schema-valid, its WCSs those of the L2 and
        // its L1 array, as roman_datamodels makes them.
        let supplementPath = try WCSSupplement.write(forL2: path)
        #expect(supplementPath.hasSuffix("r0000101001001001001_0001_wfi05_f158_wcs.asdf"))
        let supplement = try RomanDataModel(contentsOf: supplementPath)
        #expect(supplement.kind == .wcsSupplement)
        #expect(try GWCS(node: try #require(supplement.node["wcs_l2"])) == wcs)
        let level1 = try GWCS(node: try #require(supplement.node["wcs_l1"]))
        let l1Pixels = pixels.map { [$0[0] + 4, $0[1] + 4] }
        #expect(PointComparison.maxDifferenceNaN(try level1.evaluate(l1Pixels), sky) < 1e-12)
        #expect(supplement.meta("wcs_fit_results/status")?.stringValue == "SUCCESS")
        #expect(WCSSupplement.metaKeys.contains("wcsinfo") && WCSSupplement.metaKeys.contains("wcs_fit_results"))
        #expect(supplement.meta("wcsinfo/v2_ref")?.doubleValue == d.v2Ref)
        #expect(supplement.meta("instrument/detector")?.stringValue == "WFI05")
        #expect(supplement.meta("model_type")?.stringValue == "WfiWcsModel")
        let theirs = try #require(try PythonTools.json("astrometry_check.py", ["supplement", path],
                                                       request: ["l2": pixels, "l1": l1Pixels], in: dir))
        #expect(PointComparison.maxDifferenceNaN(PythonTools.points(theirs["wcs_l1"]), try level1.evaluate(l1Pixels)) < 1e-9)
        #expect(PointComparison.maxDifferenceNaN(PythonTools.points(theirs["wcs_l2"]), sky) < 1e-9)
        #expect(PythonTools.points(theirs["bounding_box_l1"]) == level1.boundingBox?.map { [$0.lowerBound, $0.upperBound] })
        let ourKeys = Set(supplement.meta.mappingValue?.keys.map(\.description) ?? [])
        #expect(Set((theirs["meta_keys"] as? [String]) ?? []).isSubset(of: ourKeys))
        let python = try #require(try PythonTools.json("wcs_check.py", ["gwcs", supplementPath, "roman:wcs_l1"],
                                                       request: ["forward": l1Pixels], in: dir))
        #expect(PointComparison.maxDifferenceNaN(PythonTools.points(python["forward"]), sky) < 1e-9)
    }

    /// A failed alignment: the WCS stays, tweakreg is FAILED and the record says why.
    @Test func failureFlagsAndKeepsTheWCS() throws {
        let scenario = try AlignmentScenario.make(detectors: [3], seed: 19)
        let dir = try TemporaryDirectory()
        let path = try Self.l2(scenario, 0, in: dir)
        let few = ReferenceCatalog(name: "few", stars: Array(scenario.catalog.stars.prefix(3)))
        var failure: AlignmentError?
        do { _ = try ExposureAligner().align(scenario.detectors, catalog: few, epoch: scenario.epoch) } catch { failure = error }
        let error = try #require(failure)
        // An L2 without a WCS cannot be aligned.
        var bare = try RomanDataModel(contentsOf: path)
        bare.set("meta/wcs", .null)
        #expect(throws: AlignmentError.self) { _ = try DetectorImage(model: bare, sources: .empty) }
        #expect(throws: AlignmentUpdateError.self) { _ = try WCSSupplement.make(from: bare) }
        try L2AlignmentUpdate.markFailed(path, error: error, detectors: 1)
        let after = try RomanDataModel(contentsOf: path)
        #expect(try GWCS(node: try #require(after.meta("wcs"))) == scenario.detectors[0].wcs)
        #expect(after.meta("cal_step/tweakreg")?.stringValue == "FAILED")
        #expect(after.meta("wcs_fit_results/status")?.stringValue == "FAILED")
        #expect(after.meta("wcs_fit_results/reason")?.stringValue?.contains("too few matches") == true)
        // An alignment that does not include the file's detector is refused.
        let other = try AlignmentScenario.make(detectors: [7, 8], seed: 19)
        let result = try ExposureAligner().align(other.detectors, catalog: other.catalog, epoch: other.epoch)
        #expect(throws: AlignmentUpdateError.self) { try L2AlignmentUpdate.update(path, with: result) }
    }
}
