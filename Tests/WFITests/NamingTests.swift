import Foundation
import Testing
@testable import WFI

/// The WFI file-naming conventions of the Roman documentation (shared/seeds/000, "WFI File
/// Naming Conventions"; prompt and data-release products from seeds/003 and 004): every example
/// the documents give, and a table of malformed names with the component each must be blamed on.
@Suite struct NamingTests {
    // MARK: - Seed examples: L1 and L2

    /// The visit id of the seed table: PPPPP 00123, CC 01, AAA 008, SSS 002, OOO 013, VVV 005.
    static let seedVisit = "0012301008002013005"

    @Test func seedVisitIDDecodesToTheTableComponents() throws {
        let visit = try VisitID(parsing: Self.seedVisit)
        #expect(visit.program == 123)
        #expect(visit.executionPlan == 1)
        #expect(visit.pass == 8)
        #expect(visit.segment == 2)
        #expect(visit.observation == 13)
        #expect(visit.visit == 5)
        #expect(visit.description == Self.seedVisit)
        #expect(try VisitID(program: 123, executionPlan: 1, pass: 8, segment: 2, observation: 13, visit: 5) == visit)
    }

    @Test func seedL2CalibratedImage() throws {
        let text = "r0012301008002013005_0005_wfi06_f184_cal.asdf"
        let name = try ProductName(parsing: text)
        guard case let .exposure(exposure) = name else { Issue.record("not an exposure name: \(name)"); return }
        #expect(exposure.visit == (try VisitID(parsing: Self.seedVisit)))
        #expect(exposure.exposure == 5)
        #expect(exposure.detector.number == 6)
        #expect(exposure.element == .f184)
        #expect(exposure.suffix == .cal)
        #expect(name.level == .l2)
        #expect(name.suffix == .cal)
        #expect(exposure.exposureRoot == "r0012301008002013005_0005")  // the seed's root name
        #expect(name.fileName == text)
        let built = try ExposureProductName(
            visit: VisitID(parsing: Self.seedVisit), exposure: 5, detector: Detector(number: 6), element: .f184, suffix: .cal)
        #expect(built.fileName == text)
        #expect(ProductName.exposure(built) == name)
    }

    /// `_uncal` and `_wcs` (L1) share the root name of the `_cal`; so do the L4 `_cat` and
    /// `_segm` made from the L2 (seeds/003, seeds/004: L4 products from L2 inputs).
    @Test(arguments: [
        ("r0012301008002013005_0005_wfi06_f184_uncal.asdf", ProductSuffix.uncal, ProductLevel.l1),
        ("r0012301008002013005_0005_wfi06_f184_wcs.asdf", .wcs, .l1),
        ("r0012301008002013005_0005_wfi06_f184_cal.asdf", .cal, .l2),
        ("r0012301008002013005_0005_wfi06_f184_cat.parquet", .cat, .l4),
        ("r0012301008002013005_0005_wfi06_f184_segm.asdf", .segm, .l4),
        ("r0012301008002013005_0005_wfi06_f158_cal.asdf", .cal, .l2),  // the seed's filter example f158
    ])
    func seedExposureSuffixes(text: String, suffix: ProductSuffix, level: ProductLevel) throws {
        let name = try ProductName(parsing: text)
        guard case let .exposure(exposure) = name else { Issue.record("not an exposure name: \(name)"); return }
        #expect(exposure.suffix == suffix)
        #expect(name.level == level)
        #expect(exposure.visit.description == Self.seedVisit)
        #expect(exposure.detector == (try Detector(number: 6)))
        #expect(name.fileName == text)
    }

    // MARK: - Seed examples: guide window and FACE

    @Test(arguments: [
        ("r0012301008002013005_0005_1_wfi06_f184_gw.asdf", GuideWindowProductName.Kind.guideWindow),
        ("r0012301008002013005_0005_1_wfi06_f184_face.asdf", .face),
    ])
    func seedGuideWindowNames(text: String, kind: GuideWindowProductName.Kind) throws {
        let name = try ProductName(parsing: text)
        guard case let .guideWindow(window) = name else { Issue.record("not a guide-window name: \(name)"); return }
        #expect(window.visit.description == Self.seedVisit)
        #expect(window.exposure == 5)
        #expect(window.acquisition == 1)
        #expect(window.detector.number == 6)
        #expect(window.element == .f184)
        #expect(window.kind == kind)
        #expect(name.level == .l1)  // "guide window files are always archived as L1 data products"
        #expect(name.fileName == text)
        let built = try GuideWindowProductName(
            visit: VisitID(parsing: Self.seedVisit), exposure: 5, acquisition: 1, detector: Detector(number: 6),
            element: .f184, kind: kind)
        #expect(built.fileName == text)
    }

    // MARK: - Seed examples: L3 and L4

    @Test(arguments: [
        ("r00186_p_v01004007001012_10m6x2y50_f184_coadd.asdf", ProductSuffix.coadd, ProductLevel.l3),
        ("r00186_p_v01004007001012_10m6x2y50_f184_cat.parquet", .cat, .l4),
        ("r00186_p_v01004007001012_10m6x2y50_f184_segm.asdf", .segm, .l4),
        // The association of the same L3 ("_asn"; the seed table's "_asdf.json" is a typo).
        ("r00186_p_v01004007001012_10m6x2y50_f184_asn.json", .asn, .l3),
    ])
    func seedPromptSkycellProducts(text: String, suffix: ProductSuffix, level: ProductLevel) throws {
        let name = try ProductName(parsing: text)
        guard case let .skycell(product) = name else { Issue.record("not a skycell name: \(name)"); return }
        #expect(product.program == 186)
        #expect(product.release == .prompt)
        #expect(product.subset == .visit(executionPlan: 1, pass: 4, segment: 7, observation: 1, visit: 12))
        #expect(product.visit == (try VisitID(program: 186, executionPlan: 1, pass: 4, segment: 7, observation: 1, visit: 12)))
        #expect(product.skycell == (try SkycellName(raCenter: 10, decCenter: -6, x: 2, y: 50)))
        #expect(product.element == .f184)
        #expect(product.suffix == suffix)
        #expect(name.level == level)
        #expect(name.fileName == text)
        let built = try SkycellProductName(
            program: 186, release: .prompt, subset: .visit(executionPlan: 1, pass: 4, segment: 7, observation: 1, visit: 12),
            skycell: SkycellName(raCenter: 10, decCenter: -6, x: 2, y: 50), element: .f184, suffix: suffix)
        #expect(built.fileName == text)
    }

    @Test func seedCoaddSiblingsBySuffix() throws {
        let coadd = try SkycellProductName(
            program: 186, release: .prompt, subset: .visit(executionPlan: 1, pass: 4, segment: 7, observation: 1, visit: 12),
            skycell: SkycellName(parsing: "10m6x2y50"), element: .f184, suffix: .coadd)
        #expect(try coadd.replacingSuffix(.cat).fileName == "r00186_p_v01004007001012_10m6x2y50_f184_cat.parquet")
        #expect(try coadd.replacingSuffix(.segm).fileName == "r00186_p_v01004007001012_10m6x2y50_f184_segm.asdf")
        let cal = try ExposureProductName(
            visit: VisitID(parsing: Self.seedVisit), exposure: 5, detector: Detector(number: 6), element: .f184, suffix: .cal)
        #expect(try cal.replacingSuffix(.uncal).fileName == "r0012301008002013005_0005_wfi06_f184_uncal.asdf")
        #expect(cal.replacingDetector(try Detector(number: 18)).fileName == "r0012301008002013005_0005_wfi18_f184_cal.asdf")
        #expect(throws: NamingError.self) { try cal.replacingSuffix(.coadd) }
    }

    /// The release-id examples: p, r1, r1-ultradeep.
    @Test(arguments: [
        ("p", ReleaseID.prompt),
        ("r1", .dataRelease(number: 1, tier: nil)),
        ("r1-ultradeep", .dataRelease(number: 1, tier: "ultradeep")),
    ])
    func seedReleaseIDs(text: String, release: ReleaseID) throws {
        #expect(try ReleaseID(parsing: text) == release)
        #expect(release.description == text)
    }

    /// The subset examples: v01002001001001, s02002, full, s2.
    @Test(arguments: [
        ("v01002001001001", Subset.visit(executionPlan: 1, pass: 2, segment: 1, observation: 1, visit: 1)),
        ("s02002", .pass(executionPlan: 2, pass: 2)),
        ("full", .full),
        ("s2", .named("s2")),
    ])
    func seedSubsets(text: String, subset: Subset) throws {
        #expect(try Subset(parsing: text) == subset)
        #expect(subset.description == text)
    }

    /// The skycell examples: 10m6x2y50 = (10, -6), (2, 50); 274p63x31y81 = (274, +63), (31, 81).
    @Test(arguments: [
        ("10m6x2y50", 10, -6, 2, 50),
        ("274p63x31y81", 274, 63, 31, 81),
    ])
    func seedSkycells(text: String, ra: Int, dec: Int, x: Int, y: Int) throws {
        let cell = try SkycellName(parsing: text)
        #expect(cell.raCenter == ra)
        #expect(cell.decCenter == dec)
        #expect(cell.x == x)
        #expect(cell.y == y)
        #expect(cell.description == text)
        #expect(try SkycellName(raCenter: ra, decCenter: dec, x: x, y: y).description == text)
    }

    /// Data-release products built from the seed's component examples: a pass subset (s02002),
    /// a full-depth stack, a tiered release, a community subset (s2); the DR L4 names carry no
    /// element ("In data releases, multiple filters will be combined in L4 data products").
    @Test(arguments: [
        ("r00123_r1_s02002_274p63x31y81_f106_coadd.asdf", ReleaseID.dataRelease(number: 1, tier: nil), Subset.pass(executionPlan: 2, pass: 2), OpticalElement?.some(.f106), ProductSuffix.coadd),
        ("r00123_r1-ultradeep_full_274p63x31y81_f106_coadd.asdf", .dataRelease(number: 1, tier: "ultradeep"), .full, .f106, .coadd),
        ("r00123_r1_s2_274p63x31y81_f106_asn.json", .dataRelease(number: 1, tier: nil), .named("s2"), .f106, .asn),
        ("r00123_r1_s02002_274p63x31y81_cat.parquet", .dataRelease(number: 1, tier: nil), .pass(executionPlan: 2, pass: 2), nil, .cat),
        ("r00123_r1-ultradeep_full_274p63x31y81_segm.asdf", .dataRelease(number: 1, tier: "ultradeep"), .full, nil, .segm),
        ("r00123_r1_v01002001001001_10m6x2y50_cat.parquet", .dataRelease(number: 1, tier: nil), .visit(executionPlan: 1, pass: 2, segment: 1, observation: 1, visit: 1), nil, .cat),
    ])
    func dataReleaseSkycellProducts(
        text: String, release: ReleaseID, subset: Subset, element: OpticalElement?, suffix: ProductSuffix
    ) throws {
        let name = try ProductName(parsing: text)
        guard case let .skycell(product) = name else { Issue.record("not a skycell name: \(name)"); return }
        #expect(product.release == release)
        #expect(product.subset == subset)
        #expect(product.element == element)
        #expect(product.suffix == suffix)
        #expect(name.element == element)
        #expect(name.fileName == text)
    }

    /// Names from elsewhere in the project documents: the archive's sample rows (root names,
    /// here completed with `_coadd.asdf`; `r0` is data release 0), the demo file of the README.
    @Test(arguments: [
        "r00004_p_v01001001001001_270p65x69y50_f062_coadd.asdf",
        "r00004_r0_full_270p65x69y50_f062_coadd.asdf",
        "r00004_r0_full_270p65x48y69_f062_coadd.asdf",
        "r0000101001001001001_0001_wfi01_f158_uncal.asdf",
    ])
    func projectDocumentNames(text: String) throws {
        #expect(try ProductName(parsing: text).fileName == text)
    }

    @Test func directoryIsIgnoredAndErrorsQuoteTheInput() throws {
        let name = try ProductName(parsing: "/archive/roman/00123/r0012301008002013005_0005_wfi06_f184_cal.asdf")
        #expect(name.fileName == "r0012301008002013005_0005_wfi06_f184_cal.asdf")
        #expect(try ProductName(parsing: "data/r00186_p_v01004007001012_10m6x2y50_f184_coadd.asdf").level == .l3)
        let input = "/archive/r0012301008002013005_0005_wfi19_f184_cal.asdf"
        #expect(throws: NamingError(name: input, component: "detector", found: "wfi19", expected: "wfi01-wfi18")) {
            try ProductName(parsing: input)
        }
    }

    @Test func errorDescriptionNamesTheWholeNameTheComponentAndBothValues() {
        let text = "r0012301008002013005_0005_wfi19_f184_cal.asdf"
        do {
            _ = try ProductName(parsing: text)
            Issue.record("parsed \(text)")
        } catch {
            #expect(error.name == text)
            #expect(error.component == "detector")
            #expect(error.found == "wfi19")
            #expect(error.description == "\(text): detector: found 'wfi19', expected wfi01-wfi18")
        }
        let missing = NamingError(name: "n", component: "optical element", found: "", expected: "f184")
        #expect(missing.description == "n: optical element: found nothing, expected f184")
    }

    // MARK: - Malformed names

    /// Every row is a name that must not parse, and the component the error must blame.
    static let malformed: [(String, String)] = [
        // prefix and visit id
        ("x0012301008002013005_0005_wfi06_f184_cal.asdf", "prefix"),
        ("R0012301008002013005_0005_wfi06_f184_cal.asdf", "prefix"),
        ("0012301008002013005_0005_wfi06_f184_cal.asdf", "prefix"),
        ("", "prefix"),
        ("r001230100800201300_0005_wfi06_f184_cal.asdf", "visit id"),   // 18 digits
        ("r00123010080020130055_0005_wfi06_f184_cal.asdf", "visit id"), // 20 digits
        ("r00123010080020a3005_0005_wfi06_f184_cal.asdf", "visit id"),
        ("r001230100800201300\u{663}_0005_wfi06_f184_cal.asdf", "visit id"), // an Arabic-Indic digit
        ("r", "visit id"),
        ("r00123_0005_wfi06_f184_cal.asdf", "visit id"),                  // 5 digits, then an exposure
        // exposure
        ("r0012301008002013005_005_wfi06_f184_cal.asdf", "exposure"),
        ("r0012301008002013005__wfi06_f184_cal.asdf", "exposure"),
        ("r0012301008002013005_+005_wfi06_f184_cal.asdf", "exposure"),
        // detector
        ("r0012301008002013005_0005_wfi00_f184_cal.asdf", "detector"),
        ("r0012301008002013005_0005_wfi19_f184_cal.asdf", "detector"),
        ("r0012301008002013005_0005_wfi6_f184_cal.asdf", "detector"),
        ("r0012301008002013005_0005_WFI06_f184_cal.asdf", "detector"),
        // optical element
        ("r0012301008002013005_0005_wfi06_F184_cal.asdf", "optical element"),   // uppercase
        ("r0012301008002013005_0005_wfi06_f200_cal.asdf", "optical element"),   // unknown
        ("r0012301008002013005_0005_wfi06_cal.asdf", "optical element"),        // missing
        ("r0012301008002013005_0005_wfi06__cal.asdf", "optical element"),       // empty
        ("r0012301008002013005_0005_wfi06_not_configured_cal.asdf", "optical element"),
        ("r0012301008002013005_0005_wfi06_grism_cat.parquet", "optical element"), // no catalogs of spectra
        // suffix, extension, trailing garbage
        ("r0012301008002013005_0005_wfi06_f184_cals.asdf", "suffix"),
        ("r0012301008002013005_0005_wfi06_f184_CAL.asdf", "suffix"),
        ("r0012301008002013005_0005_wfi06_f184_coadd.asdf", "suffix"),         // a skycell suffix
        ("r0012301008002013005_0005_wfi06_f184.asdf", "suffix"),               // missing
        ("r0012301008002013005_0005_wfi06_f184_cal_extra.asdf", "suffix"),     // trailing garbage
        ("r0012301008002013005_0005_wfi06_f184_cal.parquet", "extension"),
        ("r0012301008002013005_0005_wfi06_f184_cat.asdf", "extension"),        // wrong for the suffix
        ("r0012301008002013005_0005_wfi06_f184_cal", "extension"),             // missing
        ("r0012301008002013005_0005_wfi06_f184_cal.asdf.gz", "extension"),     // trailing garbage
        ("r0012301008002013005_0005_wfi06_f184_cal.ASDF", "extension"),
        ("r0012301008002013005_0005_wfi06_f184_cal.", "extension"),
        // guide windows
        ("r0012301008002013005_0005_0_wfi06_f184_gw.asdf", "acquisition"),
        ("r0012301008002013005_0005_10_wfi06_f184_gw.asdf", "acquisition"),
        ("r0012301008002013005_0005_wfi06_f184_gw.asdf", "acquisition"),       // missing
        ("r0012301008002013005_0005_1_wfi06_f184_cal.asdf", "suffix"),         // an acquisition on a cal
        ("r0012301008002013005_0005_1_wfi06_f184_gw.json", "extension"),
        // skycell products: program, release id, subset
        ("r0186_p_v01004007001012_10m6x2y50_f184_coadd.asdf", "program"),
        ("r00186_x_v01004007001012_10m6x2y50_f184_coadd.asdf", "release id"),
        ("r00186_r01_s02002_10m6x2y50_f184_coadd.asdf", "release id"),
        ("r00186_r1-_s02002_10m6x2y50_f184_coadd.asdf", "release id"),
        ("r00186_r1-UltraDeep_s02002_10m6x2y50_f184_coadd.asdf", "release id"),
        ("r00186_P_v01004007001012_10m6x2y50_f184_coadd.asdf", "release id"),
        ("r00186_p_V01004007001012_10m6x2y50_f184_coadd.asdf", "subset"),
        ("r00186_p_s02002_10m6x2y50_f184_coadd.asdf", "subset"),    // prompt product with a pass subset
        ("r00186_p_full_10m6x2y50_f184_coadd.asdf", "subset"),      // prompt full-depth stack
        ("r00186_p_s2_10m6x2y50_f184_coadd.asdf", "subset"),        // prompt community subset
        ("r00186_r1_s-2_10m6x2y50_f184_coadd.asdf", "subset"),
        ("r00186_r1__10m6x2y50_f184_coadd.asdf", "subset"),
        // skycell
        ("r00186_p_v01004007001012_10m6x2y50z_f184_coadd.asdf", "skycell"),
        ("r00186_p_v01004007001012_10m6_f184_coadd.asdf", "skycell"),
        ("r00186_p_v01004007001012_360p6x2y50_f184_coadd.asdf", "skycell"),
        ("r00186_p_v01004007001012_10m91x2y50_f184_coadd.asdf", "skycell"),
        ("r00186_p_v01004007001012_010m6x2y50_f184_coadd.asdf", "skycell"),   // zero padding
        ("r00186_p_v01004007001012_10m0x2y50_f184_coadd.asdf", "skycell"),    // Dec 0 is p0
        ("r00186_p_v01004007001012_10M6x2y50_f184_coadd.asdf", "skycell"),
        ("r00186_p_v01004007001012_10m6y50x2_f184_coadd.asdf", "skycell"),
        ("r00186_p_v01004007001012__f184_coadd.asdf", "skycell"),
        // element rules of L3/L4
        ("r00186_r1_s02002_10m6x2y50_f184_cat.parquet", "optical element"),   // DR L4 with an element
        ("r00186_r1_s02002_10m6x2y50_coadd.asdf", "optical element"),         // L3 without an element
        ("r00186_p_v01004007001012_10m6x2y50_cat.parquet", "optical element"), // prompt L4 without one
        ("r00186_p_v01004007001012_10m6x2y50_prism_coadd.asdf", "optical element"),
        ("r00186_p_v01004007001012_10m6x2y50_F184_coadd.asdf", "optical element"),
        // L3/L4 suffix and extension
        ("r00186_p_v01004007001012_10m6x2y50_f184_asdf.json", "suffix"),     // the seed table's typo
        ("r00186_p_v01004007001012_10m6x2y50_f184_cal.asdf", "suffix"),
        ("r00186_p_v01004007001012_10m6x2y50_f184.asdf", "suffix"),
        ("r00186_p_v01004007001012_10m6x2y50_f184_coadd_v2.asdf", "suffix"),
        ("r00186_p_v01004007001012_10m6x2y50_f184_coadd.json", "extension"),
        ("r00186_p_v01004007001012_10m6x2y50_f184_asn.asdf", "extension"),
        ("r00186_p_v01004007001012_10m6x2y50_f184_cat.asdf", "extension"),
    ]

    @Test func malformedTableIsLargeEnough() {
        #expect(Self.malformed.count >= 25)
    }

    @Test(arguments: malformed)
    func malformedNameBlamesTheRightComponent(text: String, component: String) {
        do {
            let name = try ProductName(parsing: text)
            Issue.record("'\(text)' parsed as \(name)")
        } catch {
            #expect(error.component == component, "\(error)")
            #expect(error.name == text)
            #expect(!error.expected.isEmpty)
        }
    }

    // MARK: - Validation on construction

    @Test func constructionChecksEveryNumericRange() throws {
        let visit = try VisitID(parsing: Self.seedVisit)
        let detector = try Detector(number: 6)
        let cases: [(String, () throws(NamingError) -> Void)] = [
            ("program", { () throws(NamingError) in _ = try VisitID(program: 100_000, executionPlan: 1, pass: 1, segment: 1, observation: 1, visit: 1) }),
            ("program", { () throws(NamingError) in _ = try VisitID(program: -1, executionPlan: 1, pass: 1, segment: 1, observation: 1, visit: 1) }),
            ("execution plan", { () throws(NamingError) in _ = try VisitID(program: 1, executionPlan: 100, pass: 1, segment: 1, observation: 1, visit: 1) }),
            ("pass", { () throws(NamingError) in _ = try VisitID(program: 1, executionPlan: 1, pass: 1000, segment: 1, observation: 1, visit: 1) }),
            ("segment", { () throws(NamingError) in _ = try VisitID(program: 1, executionPlan: 1, pass: 1, segment: -1, observation: 1, visit: 1) }),
            ("observation", { () throws(NamingError) in _ = try VisitID(program: 1, executionPlan: 1, pass: 1, segment: 1, observation: 1000, visit: 1) }),
            ("visit", { () throws(NamingError) in _ = try VisitID(program: 1, executionPlan: 1, pass: 1, segment: 1, observation: 1, visit: 1000) }),
            ("detector", { () throws(NamingError) in _ = try Detector(number: 0) }),
            ("detector", { () throws(NamingError) in _ = try Detector(number: 19) }),
            ("exposure", { () throws(NamingError) in _ = try ExposureProductName(visit: visit, exposure: 10_000, detector: detector, element: .f184, suffix: .cal) }),
            ("exposure", { () throws(NamingError) in _ = try ExposureProductName(visit: visit, exposure: -1, detector: detector, element: .f184, suffix: .cal) }),
            ("optical element", { () throws(NamingError) in _ = try ExposureProductName(visit: visit, exposure: 1, detector: detector, element: .notConfigured, suffix: .cal) }),
            ("optical element", { () throws(NamingError) in _ = try ExposureProductName(visit: visit, exposure: 1, detector: detector, element: .dark, suffix: .segm) }),
            ("suffix", { () throws(NamingError) in _ = try ExposureProductName(visit: visit, exposure: 1, detector: detector, element: .f184, suffix: .gw) }),
            ("suffix", { () throws(NamingError) in _ = try ExposureProductName(visit: visit, exposure: 1, detector: detector, element: .f184, suffix: .coadd) }),
            ("acquisition", { () throws(NamingError) in _ = try GuideWindowProductName(visit: visit, exposure: 1, acquisition: 0, detector: detector, element: .f184, kind: .face) }),
            ("acquisition", { () throws(NamingError) in _ = try GuideWindowProductName(visit: visit, exposure: 1, acquisition: 10, detector: detector, element: .f184, kind: .guideWindow) }),
            ("exposure", { () throws(NamingError) in _ = try GuideWindowProductName(visit: visit, exposure: 12_345, acquisition: 1, detector: detector, element: .f184, kind: .guideWindow) }),
            ("skycell", { () throws(NamingError) in _ = try SkycellName(raCenter: 360, decCenter: 0, x: 1, y: 1) }),
            ("skycell", { () throws(NamingError) in _ = try SkycellName(raCenter: -1, decCenter: 0, x: 1, y: 1) }),
            ("skycell", { () throws(NamingError) in _ = try SkycellName(raCenter: 0, decCenter: -91, x: 1, y: 1) }),
            ("skycell", { () throws(NamingError) in _ = try SkycellName(raCenter: 0, decCenter: 0, x: -1, y: 1) }),
            ("skycell", { () throws(NamingError) in _ = try SkycellName(raCenter: 0, decCenter: 0, x: 1, y: -1) }),
        ]
        for (component, make) in cases {
            do {
                try make()
                Issue.record("no error for \(component)")
            } catch {
                #expect(error.component == component, "\(error)")
            }
        }
    }

    @Test func constructionChecksTheSkycellProductRules() throws {
        let cell = try SkycellName(parsing: "10m6x2y50")
        let visit = Subset.visit(executionPlan: 1, pass: 4, segment: 7, observation: 1, visit: 12)
        let r1 = ReleaseID.dataRelease(number: 1, tier: nil)
        let cases: [(String, ReleaseID, Subset, OpticalElement?, ProductSuffix, Int)] = [
            ("subset", .prompt, .pass(executionPlan: 2, pass: 2), .f184, .coadd, 186),  // pass subsets are DR only
            ("subset", .prompt, .full, .f184, .coadd, 186),
            ("subset", .prompt, .named("s2"), .f184, .cat, 186),
            ("optical element", r1, .full, .f184, .cat, 186),      // DR L4 names no element
            ("optical element", r1, .full, .f184, .segm, 186),
            ("optical element", r1, .full, nil, .coadd, 186),      // every L3 names one
            ("optical element", .prompt, visit, nil, .asn, 186),
            ("optical element", .prompt, visit, nil, .cat, 186),   // prompt L4 names one
            ("optical element", .prompt, visit, .grism, .coadd, 186),
            ("optical element", .prompt, visit, .dark, .coadd, 186),
            ("optical element", .prompt, visit, .notConfigured, .coadd, 186),
            ("suffix", .prompt, visit, .f184, .cal, 186),
            ("suffix", .prompt, visit, .f184, .face, 186),
            ("program", .prompt, visit, .f184, .coadd, 100_000),
            ("release id", .dataRelease(number: -1, tier: nil), .full, .f184, .coadd, 186),
            ("release id", .dataRelease(number: 1, tier: ""), .full, .f184, .coadd, 186),
            ("release id", .dataRelease(number: 1, tier: "ultra_deep"), .full, .f184, .coadd, 186),
            ("release id", .dataRelease(number: 1, tier: "Deep"), .full, .f184, .coadd, 186),
            ("subset", r1, .named("full"), .f184, .coadd, 186),            // reads as another form
            ("subset", r1, .named("s02002"), .f184, .coadd, 186),
            ("subset", r1, .named("v01004007001012"), .f184, .coadd, 186),
            ("subset", r1, .named("set_2"), .f184, .coadd, 186),
            ("subset", r1, .named(""), .f184, .coadd, 186),
            ("pass", r1, .pass(executionPlan: 1, pass: 1000), .f184, .coadd, 186),
            ("execution plan", r1, .pass(executionPlan: 100, pass: 1), .f184, .coadd, 186),
            ("visit", .prompt, .visit(executionPlan: 1, pass: 4, segment: 7, observation: 1, visit: -12), .f184, .coadd, 186),
        ]
        for (component, release, subset, element, suffix, program) in cases {
            do {
                let name = try SkycellProductName(
                    program: program, release: release, subset: subset, skycell: cell, element: element, suffix: suffix)
                Issue.record("no error for \(component): \(name)")
            } catch {
                #expect(error.component == component, "\(error)")
            }
        }
    }

    @Test func constructionErrorsRenderTheNameWithTheBadValue() throws {
        do {
            _ = try ExposureProductName(
                visit: VisitID(parsing: Self.seedVisit), exposure: 12_345, detector: Detector(number: 6), element: .f184, suffix: .cal)
            Issue.record("no error")
        } catch {
            #expect(error.name == "r0012301008002013005_12345_wfi06_f184_cal.asdf")
            #expect(error.found == "12345")
        }
        do {
            _ = try SkycellProductName(
                program: 186, release: .dataRelease(number: 1, tier: nil), subset: .full,
                skycell: SkycellName(parsing: "10m6x2y50"), element: .f184, suffix: .cat)
            Issue.record("no error")
        } catch {
            #expect(error.description == "r00186_r1_full_10m6x2y50_f184_cat.parquet: optical element: found 'f184', "
                + "expected no element: data-release L4 products combine filters")
        }
    }

    // MARK: - Components

    @Test func componentsListEveryDecodedPart() throws {
        let name = try ProductName(parsing: "r00186_r1-ultradeep_s02002_274p63x31y81_cat.parquet")
        let values = Dictionary(uniqueKeysWithValues: name.components.map { ($0.key, $0) })
        #expect(values["kind"]?.text == "skycell")
        #expect(values["level"]?.number == 4)
        #expect(values["program"]?.text == "00186")
        #expect(values["program"]?.number == 186)
        #expect(values["release"]?.text == "data release")
        #expect(values["data_release"]?.number == 1)
        #expect(values["tier"]?.text == "ultradeep")
        #expect(values["subset_type"]?.text == "pass")
        #expect(values["execution_plan"]?.number == 2)
        #expect(values["pass"]?.number == 2)
        #expect(values["skycell_dec"]?.number == 63)
        #expect(values["skycell_y"]?.number == 81)
        #expect(values["optical_element"] == nil)
        #expect(name.components.count == Set(name.components.map(\.key)).count, "keys are unique")
    }

    @Test func jsonEncodingIsOneFlatObject() throws {
        let name = try ProductName(parsing: "r0012301008002013005_0005_1_wfi06_f184_face.asdf")
        let data = try JSONEncoder().encode(name)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["file_name"] as? String == "r0012301008002013005_0005_1_wfi06_f184_face.asdf")
        #expect(object["kind"] as? String == "guide_window")
        #expect(object["visit_id"] as? String == "0012301008002013005")
        #expect(object["acquisition"] as? Int == 1)
        #expect(object["detector"] as? Int == 6)
        #expect(object["optical_element"] as? String == "f184")
        #expect(object["level"] as? Int == 1)
        #expect(object["extension"] as? String == "asdf")
    }

    @Test func suffixesKnowTheirLevelAndExtension() {
        #expect(ProductSuffix.allCases.map(\.level) == [.l1, .l1, .l1, .l1, .l2, .l3, .l3, .l4, .l4])
        #expect(ProductSuffix.asn.fileExtension == "json")
        #expect(ProductSuffix.cat.fileExtension == "parquet")
        #expect(ProductSuffix.allCases.filter { $0.fileExtension == "asdf" }.count == 7)
        #expect(ProductLevel.l4.suffixes == [.cat, .segm])
        #expect(ProductLevel.l1.suffixes == [.uncal, .wcs, .gw, .face])
    }

    @Test func visitIDParsingIsStrictAndCodableAsAString() throws {
        for bad in ["", "001230100800201300", "00123010080020130050", "+012301008002013005", "0012301008002013 05"] {
            #expect(throws: NamingError.self) { try VisitID(parsing: bad) }
        }
        let visit = try VisitID(parsing: Self.seedVisit)
        let data = try JSONEncoder().encode([visit])
        #expect(String(decoding: data, as: UTF8.self) == "[\"\(Self.seedVisit)\"]")
        #expect(try JSONDecoder().decode([VisitID].self, from: data) == [visit])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([VisitID].self, from: Data("[\"123\"]".utf8)) }
        #expect(try VisitID(parsing: "0012301008002013004") < visit)
    }

    @Test func subsetsThatLookLikeOtherFormsAreCommunityNames() throws {
        #expect(try Subset(parsing: "s2") == .named("s2"))
        #expect(try Subset(parsing: "s0200") == .named("s0200"))
        #expect(try Subset(parsing: "s020020") == .named("s020020"))
        #expect(try Subset(parsing: "v7") == .named("v7"))
        #expect(try Subset(parsing: "deep1") == .named("deep1"))
        #expect(try Subset(parsing: "s00000") == .pass(executionPlan: 0, pass: 0))
        #expect(Subset.visit(of: try VisitID(parsing: Self.seedVisit)).description == "v01008002013005")
        for bad in ["", "Full", "s-2", "s_2", "sé"] {
            #expect(throws: NamingError.self) { try Subset(parsing: bad) }
        }
    }

    @Test func skycellEdgeCases() throws {
        #expect(try SkycellName(parsing: "0p0x0y0") == (try SkycellName(raCenter: 0, decCenter: 0, x: 0, y: 0)))
        #expect(try SkycellName(raCenter: 0, decCenter: 0, x: 0, y: 0).description == "0p0x0y0")
        #expect(try SkycellName(parsing: "359m90x50y50").decCenter == -90)
        #expect(try SkycellName(parsing: "135p90x50y50").decCenter == 90)
        for bad in ["", "10", "10m", "10m6", "10m6x", "10m6x2", "10m6x2y", "10m6x2y50 ", "m6x2y50", "10m6x02y50",
                    "10m6x2y050", "10p06x2y50", "000p86x76y59", "10m-6x2y50", "10m6x2y99999999999999999999", "1e1m6x2y50"] {
            #expect(throws: NamingError.self, "\(bad)") { try SkycellName(parsing: bad) }
        }
    }
}
