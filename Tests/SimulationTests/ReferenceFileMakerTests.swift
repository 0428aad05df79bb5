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

    /// On raw DN (bias included, as romancal applies them): the linearity polynomial, with
    /// coefficients rounded to float32 as the file stores them, maps the measured signal back to
    /// bias + true signal, and the inverse polynomial maps that back to the measured signal.
    @Test func linearityCoefficientsUndoTheSimulatedNonlinearity() throws {
        let maker = try maker()
        let c = maker.linearityCorrection().map { Double(Float($0)) }
        let inverse = maker.inverseLinearity().map { Double(Float($0)) }
        let detector = maker.detector, bias = detector.bias
        func polynomial(_ coefficients: [Double], _ x: Double) -> Double {
            coefficients.reversed().reduce(0.0) { $0 * x + $1 }
        }
        let top = detector.fullWell()
        var worst = 0.0, worstInverse = 0.0
        for i in 0...200 {
            let t = top * Double(i) / 200
            let raw = bias + detector.measured(t)
            worst = max(worst, abs(polynomial(c, raw) - (bias + t)))
            worstInverse = max(worstInverse, abs(polynomial(inverse, bias + t) - raw))
        }
        // Far below the 5 DN read noise over the whole unsaturated range.
        #expect(c.count == 6 && inverse.count == 4)
        #expect(worst < 0.5, "worst residual \(worst) DN over 0...\(top) DN")
        #expect(worstInverse < 0.5, "worst inverse residual \(worstInverse) DN")
    }

    @Test func everyFileIsSchemaValidAndDescribesTheDetector() throws {
        let maker = try maker()
        let files = try maker.make(element: .f158)
        #expect(Set(files.keys) == ["mask", "saturation", "gain", "readnoise", "dark", "linearity", "inverselinearity", "flat",
                                     "refpix", "darkdecaysignal"])
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
        #expect(inverse.shape == [4, 32, 32] && inverse[flat: 3 * 1024] == Float(maker.detector.nonlinearity.c2)
                && inverse[flat: 2 * 1024] == Float(maker.inverseLinearity()[2]))
        let linearity = try ReferenceFile(try #require(files["linearity"])).array("coeffs", Float.self)
        #expect(linearity.shape == [6, 32, 32])
        let flat = try ReferenceFile(try #require(files["flat"]))
        let seven = try Detector(number: 7)
        #expect(flat.opticalElement == .f158 && flat.applies(to: seven, element: .f158))
        let refpix = try ReferenceFile(try #require(files["refpix"]))
        let alpha = try refpix.array("alpha", ComplexElement<Double>.self)
        let bins = try ReadoutGeometry(size: 32).rfftBins
        #expect(alpha.shape == [32, bins] && alpha[flat: 0].real > 0.9 && alpha[flat: 0].imaginary == 0)
        #expect(try refpix.array("gamma", ComplexElement<Double>.self).shape == [32, bins])
        let decay = try #require(files["darkdecaysignal"])
        #expect(decay.node[path: "decay_table/WFI07/amplitude"].map { "\($0)" } == "\(Node.float(DarkDecay.simulated(sca: 7).amplitude))")
    }

    @Test func writtenFilesOpenInRomanDatamodels() throws {
        let dir = try TemporaryDirectory()
        let paths = try maker().write(element: .f158, to: dir.path)
        #expect(paths.count == 10)
        let check = """
            import sys, roman_datamodels.datamodels as rdd
            for p in sys.argv[1:]:
                m = rdd.open(p)
                extra = ""
                if "refpix" in p: extra = str(m.alpha.dtype) + str(m.alpha.shape)
                if "darkdecay" in p: extra = str(m.decay_table["WFI07"]["amplitude"])
                print(type(m).__name__, extra, m.meta.instrument.detector)
            """
        guard let output = try PythonTools.run(["-c", check] + paths) else { return }
        let lines = output.stdout.split(separator: "\n")
        #expect(lines.count == 10, "\(output.stderr.suffix(2000))")
        #expect(lines.contains { $0.hasPrefix("RefpixRefModel complex128(32, 209)") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("DarkdecaysignalRefModel \(DarkDecay.simulated(sca: 7).amplitude)") }, "\(lines)")
        #expect(lines.allSatisfy { $0.hasSuffix(" WFI07") && $0.contains("RefModel") })
    }
}
