import InteropSupport
import Testing
@testable import WFI

/// A small deterministic generator (SplitMix64), so that every run checks the same names.

/// Round trips over thousands of random valid component sets of each family: the formatted
/// name parses back to the same components, and the same components format to the same text.
@Suite struct NamingPropertyTests {
    static let count = 3000

    static func visit(_ rng: inout SplitMix64) throws -> VisitID {
        try VisitID(program: .random(in: 0...99_999, using: &rng), executionPlan: .random(in: 0...99, using: &rng),
                    pass: .random(in: 0...999, using: &rng), segment: .random(in: 0...999, using: &rng),
                    observation: .random(in: 0...999, using: &rng), visit: .random(in: 0...999, using: &rng))
    }

    static func element(_ rng: inout SplitMix64, filtersOnly: Bool) -> OpticalElement {
        let choices = filtersOnly ? OpticalElement.allCases.filter(\.isImagingFilter) : OpticalElement.inFileNames
        return choices.randomElement(using: &rng) ?? .f158
    }

    static func word(_ rng: inout SplitMix64, alphabet: String, length: ClosedRange<Int>) -> String {
        let letters = Array(alphabet)
        return String((0..<Int.random(in: length, using: &rng)).map { _ in letters.randomElement(using: &rng) ?? "a" })
    }

    static func check(_ name: ProductName) throws {
        let text = name.fileName
        let parsed = try ProductName(parsing: text)
        #expect(parsed == name, "\(text)")
        #expect(parsed.fileName == text)
        #expect(try ProductName(parsing: "some/dir/" + text) == name)
    }

    @Test func exposureNamesRoundTrip() throws {
        var rng = SplitMix64(seed: 1)
        for _ in 0..<Self.count {
            let suffix = ProductSuffix.exposureSuffixes.randomElement(using: &rng) ?? .cal
            let name = try ExposureProductName(
                visit: Self.visit(&rng), exposure: .random(in: 0...9999, using: &rng),
                detector: Detector.all.randomElement(using: &rng) ?? Detector(number: 1),
                element: Self.element(&rng, filtersOnly: suffix.level == .l4), suffix: suffix)
            try Self.check(.exposure(name))
            let rebuilt = try ExposureProductName(
                visit: VisitID(parsing: name.visit.description), exposure: name.exposure, detector: name.detector,
                element: name.element, suffix: name.suffix)
            #expect(rebuilt == name)
        }
    }

    @Test func guideWindowNamesRoundTrip() throws {
        var rng = SplitMix64(seed: 2)
        for _ in 0..<Self.count {
            let name = try GuideWindowProductName(
                visit: Self.visit(&rng), exposure: .random(in: 0...9999, using: &rng),
                acquisition: .random(in: 1...9, using: &rng),
                detector: Detector.all.randomElement(using: &rng) ?? Detector(number: 1),
                element: Self.element(&rng, filtersOnly: false),
                kind: GuideWindowProductName.Kind.allCases.randomElement(using: &rng) ?? .face)
            try Self.check(.guideWindow(name))
        }
    }

    static func release(_ rng: inout SplitMix64) -> ReleaseID {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return .prompt
        case 1: return .dataRelease(number: .random(in: 0...20, using: &rng), tier: nil)
        case 2:
            return .dataRelease(number: .random(in: 0...1_000_000, using: &rng),
                                tier: word(&rng, alphabet: "abcdefghijklmnopqrstuvwxyz0123456789", length: 1...12))
        default:
            let tier = word(&rng, alphabet: "abcdefghijklmnopqrstuvwxyz", length: 1...6) + "-"
                + word(&rng, alphabet: "abcdefghijklmnopqrstuvwxyz0123456789", length: 1...6)
            return .dataRelease(number: .random(in: 0...99, using: &rng), tier: tier)
        }
    }

    static func subset(_ rng: inout SplitMix64, prompt: Bool) -> Subset {
        let kind = prompt ? 0 : Int.random(in: 0..<4, using: &rng)
        switch kind {
        case 0:
            return .visit(executionPlan: .random(in: 0...99, using: &rng), pass: .random(in: 0...999, using: &rng),
                          segment: .random(in: 0...999, using: &rng), observation: .random(in: 0...999, using: &rng),
                          visit: .random(in: 0...999, using: &rng))
        case 1:
            return .pass(executionPlan: .random(in: 0...99, using: &rng), pass: .random(in: 0...999, using: &rng))
        case 2:
            return .full
        default:
            // Community names, including ones close to the other forms (s2, v7, s0200).
            while true {
                let first = ["s", "v", "d", "x", "deep", "wide"].randomElement(using: &rng) ?? "s"
                let name = first + word(&rng, alphabet: "0123456789abcz", length: 0...16)
                if case .named? = try? Subset(parsing: name) { return .named(name) }
            }
        }
    }

    @Test func skycellNamesRoundTrip() throws {
        var rng = SplitMix64(seed: 3)
        var seen = Set<String>()
        for _ in 0..<Self.count {
            let suffix = ProductSuffix.skycellSuffixes.randomElement(using: &rng) ?? .coadd
            let release = Self.release(&rng)
            let needsElement = suffix.level == .l3 || release.isPrompt
            let cell = try SkycellName(
                raCenter: .random(in: 0...359, using: &rng), decCenter: .random(in: -90...90, using: &rng),
                x: .random(in: 0...(Bool.random(using: &rng) ? 99 : 100_000), using: &rng),
                y: .random(in: 0...(Bool.random(using: &rng) ? 99 : 100_000), using: &rng))
            let name = try SkycellProductName(
                program: .random(in: 0...99_999, using: &rng), release: release,
                subset: Self.subset(&rng, prompt: release.isPrompt), skycell: cell,
                element: needsElement ? Self.element(&rng, filtersOnly: true) : nil, suffix: suffix)
            try Self.check(.skycell(name))
            #expect(try SkycellName(parsing: cell.description) == cell)
            #expect(try ReleaseID(parsing: release.description) == release)
            #expect(try Subset(parsing: name.subset.description) == name.subset)
            seen.insert(name.fileName)
        }
        #expect(seen.count > Self.count * 9 / 10, "the generator covers many distinct names")
    }

    /// The loose-component builder agrees with the typed initialisers on every random name.
    @Test func fieldsBuilderAgreesWithTheTypedNames() throws {
        var rng = SplitMix64(seed: 4)
        for _ in 0..<Self.count {
            let name: ProductName
            switch Int.random(in: 0..<3, using: &rng) {
            case 0:
                let suffix = ProductSuffix.exposureSuffixes.randomElement(using: &rng) ?? .cal
                name = .exposure(try ExposureProductName(
                    visit: Self.visit(&rng), exposure: .random(in: 0...9999, using: &rng),
                    detector: Detector.all.randomElement(using: &rng) ?? Detector(number: 1),
                    element: Self.element(&rng, filtersOnly: suffix.level == .l4), suffix: suffix))
            case 1:
                name = .guideWindow(try GuideWindowProductName(
                    visit: Self.visit(&rng), exposure: .random(in: 0...9999, using: &rng),
                    acquisition: .random(in: 1...9, using: &rng),
                    detector: Detector.all.randomElement(using: &rng) ?? Detector(number: 1),
                    element: Self.element(&rng, filtersOnly: false),
                    kind: GuideWindowProductName.Kind.allCases.randomElement(using: &rng) ?? .face))
            default:
                let suffix = ProductSuffix.skycellSuffixes.randomElement(using: &rng) ?? .coadd
                let release = Self.release(&rng)
                name = .skycell(try SkycellProductName(
                    program: .random(in: 0...99_999, using: &rng), release: release,
                    subset: Self.subset(&rng, prompt: release.isPrompt),
                    skycell: SkycellName(raCenter: .random(in: 0...359, using: &rng), decCenter: .random(in: -90...90, using: &rng),
                                         x: .random(in: 0...99, using: &rng), y: .random(in: 0...99, using: &rng)),
                    element: suffix.level == .l3 || release.isPrompt ? Self.element(&rng, filtersOnly: true) : nil,
                    suffix: suffix))
            }
            #expect(try ProductName(level: name.level, fields: Self.fields(of: name)) == name)
        }
    }

    /// The fields a user would pass to `roman name format` for `name`.
    static func fields(of name: ProductName) -> ProductName.Fields {
        var fields = ProductName.Fields(suffix: name.suffix.rawValue)
        func setVisit(_ visit: VisitID) {
            fields.program = visit.program
            fields.executionPlan = visit.executionPlan
            fields.pass = visit.pass
            fields.segment = visit.segment
            fields.observation = visit.observation
            fields.visit = visit.visit
        }
        switch name {
        case let .exposure(exposure):
            setVisit(exposure.visit)
            fields.exposure = exposure.exposure
            fields.detector = exposure.detector.number
            fields.element = exposure.element.fileNameComponent
        case let .guideWindow(window):
            setVisit(window.visit)
            fields.exposure = window.exposure
            fields.acquisition = window.acquisition
            fields.detector = window.detector.number
            fields.element = window.element.rawValue  // metadata spelling is accepted too
        case let .skycell(product):
            fields.program = product.program
            fields.release = product.release.description
            fields.subset = product.subset.description
            fields.skycell = product.skycell.description
            fields.element = product.element?.fileNameComponent
        }
        return fields
    }
}
