import Arrays
import ASDF
import Foundation
import InteropSupport
import Testing
@testable import Simulation
import WFI

@Suite struct ReferenceFileMakerTests {
    func maker() throws -> ReferenceFileMaker {
        var detector = DetectorModel()
        detector.nonlinearity = (c1: -2.5e-6, c2: 1e-11)
        return ReferenceFileMaker(detector: detector, wfiDetector: try Detector(number: 7), size: 32,
                                  badPixels: [5 * 32 + 6: .dead, 10 * 32 + 11: .hot])
    }

    @Test func linearityCoefficientsUndoTheSimulatedNonlinearity() throws {
        let maker = try maker()
        let c = maker.linearityCorrection()
        let detector = maker.detector
        let top = detector.fullWell()
        var worst = 0.0
        for i in 0...200 {
            let t = top * Double(i) / 200
            let m = detector.measured(t)
            let corrected = c.enumerated().reduce(0.0) { $0 + $1.element * pow(m, Double($1.offset)) }
            worst = max(worst, abs(corrected - t))
        }
        // Far below the 5 DN read noise over the whole unsaturated range.
        #expect(c.count == 6)
        #expect(worst < 0.5, "worst residual \(worst) DN over 0...\(top) DN")
        #expect(abs(c[1] - 1) < 0.05)
    }

    @Test func everyFileIsSchemaValidAndDescribesTheDetector() throws {
        let maker = try maker()
        let files = try maker.make(element: .f158)
        #expect(Set(files.keys) == ["mask", "saturation", "gain", "readnoise", "dark", "linearity", "inverselinearity", "flat"])
        for (type, model) in files {
            #expect(model.problems().isEmpty, "\(type): \(model.problems().prefix(3))")
            let reference = try ReferenceFile(model)
            #expect(reference.detector?.number == 7)
        }
        let mask = try ReferenceFile(try #require(files["mask"])).array("dq", UInt32.self)
        #expect(PixelFlags(rawValue: mask[flat: 5 * 32 + 6]).contains(.dead))
        #expect(PixelFlags(rawValue: mask[flat: 10 * 32 + 11]).contains(.hot))
        #expect(PixelFlags(rawValue: mask[flat: 0]).contains(.referencePixel) && mask[flat: 16 * 32 + 16] == 0)
        let gain = try ReferenceFile(try #require(files["gain"])).array("data", Float.self)
        #expect(gain[flat: 100] == 2)
        let inverse = try ReferenceFile(try #require(files["inverselinearity"])).array("coeffs", Float.self)
        #expect(inverse.shape == [4, 32, 32] && inverse[flat: 2 * 1024] == Float(-2.5e-6))
        let linearity = try ReferenceFile(try #require(files["linearity"])).array("coeffs", Float.self)
        #expect(linearity.shape == [6, 32, 32])
        let flat = try ReferenceFile(try #require(files["flat"]))
        let seven = try Detector(number: 7)
        #expect(flat.opticalElement == .f158 && flat.applies(to: seven, element: .f158))
    }

    @Test func writtenFilesOpenInRomanDatamodels() throws {
        let dir = try TemporaryDirectory()
        let paths = try maker().write(element: .f158, to: dir.path)
        #expect(paths.count == 8)
        let check = """
            import sys, roman_datamodels.datamodels as rdd
            for p in sys.argv[1:]:
                m = rdd.open(p)
                print(type(m).__name__, m.meta.instrument.detector)
            """
        guard let output = try PythonTools.run(["-c", check] + paths) else { return }
        let lines = output.stdout.split(separator: "\n")
        #expect(lines.count == 8, "\(output.stderr.suffix(2000))")
        #expect(lines.allSatisfy { $0.hasSuffix(" WFI07") && $0.contains("RefModel") })
    }
}
