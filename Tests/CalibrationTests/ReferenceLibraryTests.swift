import Foundation
import InteropSupport
import Testing
@testable import Calibration
import WFI

@Suite struct ReferenceLibraryTests {
    static let fixture = try! SimulatedExposureFixture(size: 64)

    @Test func selectsByTypeDetectorAndElement() throws {
        let library = try ReferenceLibrary(directory: Self.fixture.references)
        let three = try Detector(number: 3)
        #expect(Set(library.entries.map(\.type)).isSuperset(of: ["MASK", "SATURATION", "REFPIX", "DARKDECAYSIGNAL", "LINEARITY",
                                                                  "INVERSELINEARITY", "READNOISE", "GAIN", "DARK", "DISTORTION",
                                                                  "PHOTOM", "FLAT", "EPSF", "APCORR"]))
        let dark = try library.entry("dark", detector: three, element: .f158, time: "2027-06-01T00:00:00.000")
        #expect(dark.path.hasSuffix("roman_wfi03_dark.asdf"))
        #expect(try library.reference("flat", detector: three, element: .f158, time: nil).referenceType == "FLAT")
    }

    @Test func explainsWhatIsMissingOrWrong() throws {
        let dir = try TemporaryDirectory()
        let source = Self.fixture.references
        for name in ["roman_wfi03_dark.asdf", "roman_wfi03_mask.asdf"] {
            try FileManager.default.copyItem(atPath: source + "/" + name, toPath: dir.path + "/" + name)
        }
        // Other files are ignored; a broken .asdf is listed as skipped.
        try "not a reference file".write(toFile: dir.path + "/notes.txt", atomically: true, encoding: .utf8)
        try Data("#ASDF 1.0.0\ngarbage".utf8).write(to: URL(fileURLWithPath: dir.path + "/broken.asdf"))
        let library = try ReferenceLibrary(directory: dir.path)
        #expect(library.entries.count == 2)
        #expect(library.skipped.map { ($0.path as NSString).lastPathComponent } == ["broken.asdf"])

        let four = try Detector(number: 4), three = try Detector(number: 3)
        do {
            _ = try library.entry("dark", detector: four, element: .f158, time: nil)
            Issue.record("a WFI03 dark served WFI04")
        } catch let error as CalibrationError {
            guard case .wrongReference(let file, let problem) = error else { Issue.record("\(error)"); return }
            #expect(file.hasSuffix("roman_wfi03_dark.asdf") && problem.contains("WFI03") && problem.contains("WFI04"))
        }
        do {
            _ = try library.entry("gain", detector: three, element: .f158, time: nil)
            Issue.record("found a gain file that is not there")
        } catch let error as CalibrationError {
            guard case .missingReference(let type, let detector, _, let directory) = error else { Issue.record("\(error)"); return }
            #expect(type == "gain" && detector == "WFI03" && directory == dir.path)
        }
        // A file that only takes effect after the exposure is not used.
        #expect(throws: CalibrationError.self) {
            try library.entry("dark", detector: three, element: .f158, time: "2019-01-01T00:00:00.000")
        }
        #expect(throws: CalibrationError.self) { try ReferenceLibrary(directory: dir.path + "/nowhere") }
    }
}
