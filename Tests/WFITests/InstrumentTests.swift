import Foundation
import Testing
@testable import WFI

/// Detectors and optical elements: metadata and file-name spellings.
@Suite struct InstrumentTests {
    @Test func eighteenDetectorsInOrder() throws {
        #expect(Detector.all.count == 18)
        #expect(Detector.all.map(\.number) == Array(1...18))
        #expect(Detector.all.first?.name == "WFI01")
        #expect(Detector.all.last?.fileNameComponent == "wfi18")
        #expect(Detector.all == Detector.all.sorted())
        #expect(try Detector(number: 6).fileNameComponent == "wfi06")
        #expect(try Detector(number: 6).description == "WFI06")
    }

    @Test func detectorSpellingsAreExact() throws {
        #expect(Detector(fileNameComponent: "wfi06") == (try Detector(number: 6)))
        #expect(Detector(name: "WFI18") == (try Detector(number: 18)))
        for bad in ["wfi6", "wfi006", "WFI06", "wfi00", "wfi19", "wfi", "wfi+6", "wfi٠٦", "xwfi06"] {
            #expect(Detector(fileNameComponent: bad) == nil, "\(bad)")
        }
        #expect(Detector(name: "wfi06") == nil)
        #expect(Detector(name: "WFI19") == nil)
    }

    @Test(arguments: [0, 19, -1, 100, Int.min, Int.max])
    func detectorNumbersOutsideOneToEighteenThrow(number: Int) {
        #expect(throws: NamingError.self) { try Detector(number: number) }
    }

    @Test func detectorCodableUsesTheMetadataSpelling() throws {
        let data = try JSONEncoder().encode([try Detector(number: 6)])
        #expect(String(decoding: data, as: UTF8.self) == "[\"WFI06\"]")
        #expect(try JSONDecoder().decode([Detector].self, from: data) == [try Detector(number: 6)])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Detector].self, from: Data("[\"WFI19\"]".utf8)) }
    }

    @Test func opticalElementSpellings() {
        #expect(OpticalElement.allCases.map(\.rawValue) == [
            "F062", "F087", "F106", "F129", "F146", "F158", "F184", "F213", "GRISM", "PRISM", "DARK", "NOT_CONFIGURED",
        ])
        #expect(OpticalElement.allCases.compactMap(\.fileNameComponent) == [
            "f062", "f087", "f106", "f129", "f146", "f158", "f184", "f213", "grism", "prism", "dark",
        ])
        #expect(OpticalElement.notConfigured.fileNameComponent == nil)
        for element in OpticalElement.inFileNames {
            #expect(OpticalElement(fileNameComponent: element.fileNameComponent ?? "") == element)
        }
        for bad in ["F184", "Grism", "not_configured", "NOT_CONFIGURED", "f184 ", "", "f200"] {
            #expect(OpticalElement(fileNameComponent: bad) == nil, "\(bad)")
        }
    }

    @Test func opticalElementClasses() {
        #expect(OpticalElement.allCases.filter(\.isSpectroscopic) == [.grism, .prism])
        #expect(OpticalElement.allCases.filter(\.isImagingFilter).count == 8)
        #expect(!OpticalElement.dark.isImagingFilter && !OpticalElement.dark.isSpectroscopic)
    }

    @Test func opticalElementCodableUsesTheMetadataSpelling() throws {
        let data = try JSONEncoder().encode([OpticalElement.f184, .notConfigured])
        #expect(String(decoding: data, as: UTF8.self) == "[\"F184\",\"NOT_CONFIGURED\"]")
        #expect(try JSONDecoder().decode([OpticalElement].self, from: data) == [.f184, .notConfigured])
    }
}
