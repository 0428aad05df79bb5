import Testing
@testable import WFI

/// `ProductName(level:fields:)`, the builder behind `roman name format`: the seed names from
/// loose components, and errors that point at the missing, malformed or superfluous one.
@Suite struct ProductNameFieldsTests {
    static let seedVisitFields = ProductName.Fields(
        program: 123, executionPlan: 1, pass: 8, segment: 2, observation: 13, visit: 5, exposure: 5, detector: 6,
        element: "f184")

    @Test func seedExposureNamesFromFields() throws {
        #expect(try ProductName(level: .l2, fields: Self.seedVisitFields).fileName
            == "r0012301008002013005_0005_wfi06_f184_cal.asdf")
        #expect(try ProductName(level: .l1, fields: Self.seedVisitFields).fileName
            == "r0012301008002013005_0005_wfi06_f184_uncal.asdf")
        var fields = Self.seedVisitFields
        fields.suffix = "segm"
        #expect(try ProductName(level: .l4, fields: fields).fileName == "r0012301008002013005_0005_wfi06_f184_segm.asdf")
        fields.suffix = nil
        fields.element = "F184"
        #expect(try ProductName(level: .l4, fields: fields).fileName == "r0012301008002013005_0005_wfi06_f184_cat.parquet")
    }

    @Test func seedGuideWindowNamesFromFields() throws {
        var fields = Self.seedVisitFields
        fields.acquisition = 1
        #expect(try ProductName(level: .l1, fields: fields).fileName == "r0012301008002013005_0005_1_wfi06_f184_gw.asdf")
        fields.suffix = "face"
        #expect(try ProductName(level: .l1, fields: fields).fileName == "r0012301008002013005_0005_1_wfi06_f184_face.asdf")
    }

    @Test func seedSkycellNamesFromFields() throws {
        let given = ProductName.Fields(
            program: 186, element: "f184", release: "p", subset: "v01004007001012", skycell: "10m6x2y50")
        #expect(try ProductName(level: .l3, fields: given).fileName == "r00186_p_v01004007001012_10m6x2y50_f184_coadd.asdf")
        // The visit subset from its numbers instead of its text.
        let numbers = ProductName.Fields(
            program: 186, executionPlan: 1, pass: 4, segment: 7, observation: 1, visit: 12, element: "f184",
            suffix: "segm", release: "p", skycell: "10m6x2y50")
        #expect(try ProductName(level: .l4, fields: numbers).fileName == "r00186_p_v01004007001012_10m6x2y50_f184_segm.asdf")
        // A pass subset from the execution plan and pass; a DR L4 name without element.
        let pass = ProductName.Fields(program: 186, executionPlan: 2, pass: 2, release: "r1", skycell: "274p63x31y81")
        #expect(try ProductName(level: .l4, fields: pass).fileName == "r00186_r1_s02002_274p63x31y81_cat.parquet")
        let asn = ProductName.Fields(program: 186, element: "f184", suffix: "asn", release: "r1-ultradeep", subset: "full",
                                     skycell: "10m6x2y50")
        #expect(try ProductName(level: .l3, fields: asn).fileName == "r00186_r1-ultradeep_full_10m6x2y50_f184_asn.json")
    }

    /// Each row: level, fields, the component blamed, and the draft name the error quotes.
    static let failures: [(ProductLevel, ProductName.Fields, String, String)] = [
        (.l2, .init(program: 123, executionPlan: 1, pass: 8, segment: 2, observation: 13, visit: 5, exposure: 5, element: "f184"),
         "detector", "r0012301008002013005_0005_wfiNN_f184_cal.asdf"),
        (.l2, .init(program: 123, executionPlan: 1, pass: 8, segment: 2, observation: 13, visit: 5, exposure: 5, detector: 19, element: "f184"),
         "detector", "r0012301008002013005_0005_wfi19_f184_cal.asdf"),
        (.l2, .init(program: 123, executionPlan: 1, pass: 8, observation: 13, visit: 5, exposure: 5, detector: 6, element: "f184"),
         "segment", "r0012301008SSS013005_0005_wfi06_f184_cal.asdf"),
        (.l2, .init(program: 123, executionPlan: 1, pass: 8, segment: 2, observation: 13, visit: 5, exposure: 5, detector: 6, element: "f999"),
         "optical element", "r0012301008002013005_0005_wfi06_f999_cal.asdf"),
        (.l2, .init(program: 123, executionPlan: 1, pass: 8, segment: 2, observation: 13, visit: 5, exposure: 5, detector: 6, element: "f184", suffix: "uncal"),
         "suffix", "r0012301008002013005_0005_wfi06_f184_uncal.asdf"),
        (.l2, .init(program: 123, executionPlan: 1, pass: 8, segment: 2, observation: 13, visit: 5, exposure: 5, detector: 6, element: "f184", skycell: "10m6x2y50"),
         "skycell", "r0012301008002013005_0005_wfi06_f184_cal.asdf"),
        (.l2, .init(program: 123, executionPlan: 1, pass: 8, segment: 2, observation: 13, visit: 5, exposure: 5, acquisition: 1, detector: 6, element: "f184"),
         "acquisition", "r0012301008002013005_0005_wfi06_f184_cal.asdf"),
        (.l1, .init(program: 123, executionPlan: 1, pass: 8, segment: 2, observation: 13, visit: 5, exposure: 5, detector: 6, element: "f184", suffix: "gw"),
         "acquisition", "r0012301008002013005_0005_Q_wfi06_f184_gw.asdf"),
        (.l1, .init(program: 123, executionPlan: 1, pass: 8, segment: 2, observation: 13, visit: 5, exposure: 5, acquisition: 0, detector: 6, element: "f184"),
         "acquisition", "r0012301008002013005_0005_0_wfi06_f184_gw.asdf"),
        (.l3, .init(program: 186, element: "f184", release: "p", skycell: "10m6x2y50"),
         "execution plan", "r00186_p_subset_10m6x2y50_f184_coadd.asdf"),
        (.l3, .init(program: 186, element: "f184", release: "p", subset: "s02002", skycell: "10m6x2y50"),
         "subset", "r00186_p_s02002_10m6x2y50_f184_coadd.asdf"),
        (.l3, .init(program: 186, executionPlan: 1, element: "f184", release: "p", subset: "full", skycell: "10m6x2y50"),
         "execution plan", "r00186_p_full_10m6x2y50_f184_coadd.asdf"),
        (.l3, .init(program: 186, release: "r1", subset: "full", skycell: "10m6x2y50"),
         "optical element", "r00186_r1_full_10m6x2y50_element_coadd.asdf"),
        (.l4, .init(program: 186, element: "f184", release: "r1", subset: "full", skycell: "10m6x2y50"),
         "optical element", "r00186_r1_full_10m6x2y50_f184_cat.parquet"),
        (.l4, .init(program: 186, element: "f184", release: "p", subset: "v01004007001012", skycell: "10x2y50"),
         "skycell", "r00186_p_v01004007001012_10x2y50_f184_cat.parquet"),
        (.l3, .init(program: 186, element: "f184", subset: "full", skycell: "10m6x2y50"),
         "release id", "r00186_prdr_full_10m6x2y50_f184_coadd.asdf"),
        (.l3, .init(program: 186, element: "f184", release: "r1", subset: "full"),
         "skycell", "r00186_r1_full_skycell_f184_coadd.asdf"),
        (.l3, .init(element: "f184", release: "r1", subset: "full", skycell: "10m6x2y50"),
         "program", "rPPPPP_r1_full_10m6x2y50_f184_coadd.asdf"),
        (.l3, .init(program: 186, exposure: 5, element: "f184", release: "r1", subset: "full", skycell: "10m6x2y50"),
         "exposure", "r00186_r1_full_10m6x2y50_f184_coadd.asdf"),
        (.l3, .init(program: 186, element: "f184", suffix: "cat", release: "r1", subset: "full", skycell: "10m6x2y50"),
         "suffix", "r00186_r1_full_10m6x2y50_f184_cat.parquet"),
        (.l3, .init(program: 186, element: "f184", suffix: "mosaic", release: "r1", subset: "full", skycell: "10m6x2y50"),
         "suffix", "r00186_r1_full_10m6x2y50_f184_mosaic.ext"),
    ]

    @Test(arguments: failures)
    func builderErrorsNameTheComponentAndTheDraft(level: ProductLevel, fields: ProductName.Fields, component: String, draft: String) {
        do {
            let name = try ProductName(level: level, fields: fields)
            Issue.record("built \(name)")
        } catch {
            #expect(error.component == component, "\(error)")
            #expect(error.name == draft, "\(error)")
        }
    }
}
