import Arrays
import ASDF
import Foundation
import InteropSupport
import Testing
@testable import Calibration
@testable import Simulation
import WFI

/// The whole pipeline on simulated exposures with every detector effect, against the
/// simulator's truth.
@Suite struct ExposurePipelineTests {
    /// A 256 x 256 WFI03 exposure (MA table 109), ten times the cosmic-ray rate for statistics.
    static let fixture = try! SimulatedExposureFixture(size: 256) { simulation in
        simulation.detectorModel.cosmicRayRate = 50
        simulation.density = 60
    }

    /// The exposure's truth, as the simulator made it.
    static let truth: SimulatedExposure = {
        let simulation = fixture.simulation
        return try! simulation.simulate(exposure: 1, detector: 3, sources: try! simulation.sources(), psf: try! simulation.psf())
    }()

    static let product: CalibratedImageProduct = {
        let pipeline = ExposurePipeline(references: try! ReferenceLibrary(directory: fixture.references))
        return try! pipeline.run(try! ExposureInput(path: fixture.l1))
    }()

    /// The rate the calibrated image should hold, DN/s on the science array: the light after QE
    /// and IPC, divided by the QE (the flat) and the gain; the dark is subtracted.
    static func expectedRate() throws -> TypedArray<Float> {
        let simulation = fixture.simulation
        var light = truth.rate
        let defects = try #require(try simulation.defects(detector: 3))
        light.withUnsafeMutableBufferPointer { l in
            defects.efficiency.withUnsafeBufferPointer { q in for i in l.indices { l[i] *= q[i] } }
        }
        light = try IPCKernel().apply(to: light)
        let gain = Float(simulation.detectorModel.gain)
        light.withUnsafeMutableBufferPointer { l in
            defects.efficiency.withUnsafeBufferPointer { q in for i in l.indices { l[i] = q[i] > 0 ? l[i] / q[i] / gain : 0 } }
        }
        return try light.trimmed(VisitSimulation.border)
    }

    @Test func productIsCompleteAndValid() throws {
        let product = Self.product
        #expect(product.model.problems().isEmpty, "\(product.model.problems().prefix(3))")
        let steps = product.calibrationSteps
        for step in ["dq_init", "saturation", "refpix", "dark_decay", "linearity", "ramp_fit", "dark", "assign_wcs", "photom", "flat_field"] {
            #expect(steps[step] == "COMPLETE", "\(step): \(steps[step] ?? "-")")
        }
        #expect(steps["wfi18_transient"] == "N/A")
        #expect(product.fileName(suffix: .cal) == "r0000101001001001001_0001_wfi03_f158_cal.asdf")
        #expect(try product.data().shape == [248, 248] && (try product.err()).shape == [248, 248])
        #expect(product.model.meta("photometry/conversion_megajanskys")?.doubleValue ?? 0 > 0)
    }

    /// (rate − truth)/err over unflagged pixels: spread within 5% of 1; mean within 0.2. The mean
    /// is not 0 with romancal's algorithms at a 0.4 e/s sky: the 'likely' fit's error follows its
    /// own rate estimate (about −0.05 on bare ramps), and the refpix trend fit to a few hundred
    /// reference pixels per channel adds one offset to all of a channel's pixels (−0.08 here,
    /// −0.05 at full size, where BENCHMARKS.md records the figures).
    @Test func ratePullsFollowTheErrors() throws {
        let product = Self.product
        let data = try product.data(), err = try product.err(), dq = try product.dq()
        let expected = try Self.expectedRate()
        var pulls: [Double] = []
        for i in 0..<data.count where dq[flat: i] == 0 {
            let e = Double(err[flat: i])
            guard e > 0, e.isFinite else { continue }
            pulls.append((Double(data[flat: i]) - Double(expected[flat: i])) / e)
        }
        let mean = pulls.reduce(0, +) / Double(pulls.count)
        let spread = (pulls.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(pulls.count - 1)).squareRoot()
        #expect(pulls.count > 50_000)
        #expect(abs(mean) < 0.2, "mean pull \(mean)")
        #expect(abs(spread - 1) < 0.05, "pull spread \(spread)")
    }

    /// At least 99% of the cosmic rays that deposit more than 300 e (150 DN, far above the
    /// noise) after the first resultant are flagged; jumps elsewhere are rarer than 1e-3 per pixel
    /// (stcal's 4.5σ test over ~17 differences and pairs gives 1–2e-4 on clean ramps; the refpix
    /// residual adds to it, more on small detectors).
    @Test func cosmicRaysAreFlaggedAndFewFalseJumps() throws {
        let dq = try Self.product.dq()
        let border = VisitSimulation.border, side = 248
        let firstRead = Self.fixture.simulation.table.readPattern[0].last!
        var hit = Set<Int>()
        var strong: [Int] = []
        for ray in Self.truth.ramps.cosmicRays {
            let (x, y) = (ray.x - border, ray.y - border)
            guard x >= 0, y >= 0, x < side, y < side else { continue }
            hit.insert(y * side + x)
            if ray.electrons > 300 && ray.read > firstRead { strong.append(y * side + x) }
        }
        let jump = PixelFlags.jumpDetected.rawValue, saturated = PixelFlags.saturated.rawValue | PixelFlags.doNotUse.rawValue
        let detected = strong.filter { dq[flat: $0] & jump != 0 }.count
        #expect(strong.count > 200)
        #expect(Double(detected) >= 0.99 * Double(strong.count), "\(detected) of \(strong.count) cosmic rays flagged")
        var falseJumps = 0, clean = 0
        for i in 0..<dq.count where !hit.contains(i) && dq[flat: i] & saturated == 0 {
            clean += 1
            if dq[flat: i] & jump != 0 { falseJumps += 1 }
        }
        #expect(Double(falseJumps) / Double(clean) < 1e-3, "\(falseJumps) false jumps in \(clean) pixels")
    }

    /// Hot and dead pixels are flagged from the mask; the reference-pixel noise, dark decay and
    /// non-linearity leave no structure: the median of the sky residual per channel is within
    /// the noise of zero.
    @Test func detectorEffectsAreFlaggedOrRemoved() throws {
        let dq = try Self.product.dq(), data = try Self.product.data()
        let defects = try #require(try Self.fixture.simulation.defects(detector: 3))
        let border = VisitSimulation.border, size = 256, side = 248
        for (index, flags) in defects.flags {
            let (y, x) = (index / size - border, index % size - border)
            #expect(PixelFlags(rawValue: dq[flat: y * side + x]).isSuperset(of: flags), "pixel (\(x), \(y))")
        }
        let expected = try Self.expectedRate()
        // 32 channels of 8 columns: the median residual of each stays well under the per-pixel error.
        for channel in 0..<31 {
            var residuals: [Float] = []
            for y in 0..<side {
                for x in max(0, channel * 8 - border)..<min(side, (channel + 1) * 8 - border) where dq[flat: y * side + x] == 0 {
                    residuals.append(data[flat: y * side + x] - expected[flat: y * side + x])
                }
            }
            residuals.sort()
            let median = residuals[residuals.count / 2]
            #expect(abs(median) < 0.01, "channel \(channel): median residual \(median) DN/s")
        }
    }

    @Test func missingOrWrongReferencesFailBeforeAnyOutput() throws {
        let dir = try TemporaryDirectory()
        let refs = dir.path + "/refs"
        try FileManager.default.createDirectory(atPath: refs, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.fixture.references) where !name.contains("gain") {
            try FileManager.default.copyItem(atPath: Self.fixture.references + "/" + name, toPath: refs + "/" + name)
        }
        let out = dir.path + "/out"
        let pipeline = ExposurePipeline(references: try ReferenceLibrary(directory: refs))
        #expect(throws: CalibrationError.self) { try pipeline.calibrate(path: Self.fixture.l1, outputDirectory: out) }
        #expect(!FileManager.default.fileExists(atPath: out), "nothing written")
        // Skipping the step that needs it makes the gain unnecessary, but there is then no image.
        var options = PipelineOptions()
        options.skip = ["ramp_fit"]
        #expect(throws: CalibrationError.self) {
            try ExposurePipeline(references: try ReferenceLibrary(directory: refs), options: options).calibrate(path: Self.fixture.l1, outputDirectory: out)
        }
        // A reference of the wrong shape is named.
        let linearity = try RomanDataModel(contentsOf: refs + "/roman_wfi03_linearity.asdf")
        var broken = linearity
        broken.set("coeffs", .ndarray(ArrayNode(try TypedArray<Float>(shape: [6, 8, 8]).ndarray)))
        try broken.write(to: refs + "/roman_wfi03_linearity.asdf")
        try FileManager.default.copyItem(atPath: Self.fixture.references + "/roman_wfi03_gain.asdf", toPath: refs + "/roman_wfi03_gain.asdf")
        do {
            _ = try ExposurePipeline(references: try ReferenceLibrary(directory: refs)).calibrate(path: Self.fixture.l1, outputDirectory: out)
            Issue.record("calibrated with a broken linearity reference")
        } catch {
            #expect("\(error)".contains("linearity") && "\(error)".contains("[6, 8, 8]"), "\(error)")
        }
        #expect(!FileManager.default.fileExists(atPath: out + "/r0000101001001001001_0001_wfi03_f158_cal.asdf"))
    }

    @Test func writtenProductOpensInRomanDatamodelsWithItsWCS() throws {
        let dir = try TemporaryDirectory()
        let pipeline = ExposurePipeline(references: try ReferenceLibrary(directory: Self.fixture.references))
        let summary = try pipeline.calibrate(path: Self.fixture.l1, outputDirectory: dir.path)
        #expect(summary.steps.count == 11 && summary.jumps > 0)
        let view = try Self.fixture.simulation.projection(exposure: 1, detector: 3)
        let sky = view.sky(x: 100.25, y: 37.5)
        let script = """
            import sys, json
            import roman_datamodels as rdm
            m = rdm.open(sys.argv[1])
            m.validate()
            ra, dec = m.meta.wcs(100.25, 37.5)
            print(json.dumps({"ra": float(ra), "dec": float(dec), "err": str(m.err.dtype), "steps": dict(m.meta.cal_step)}))
            """
        guard let output = try PythonTools.run(["-c", script, summary.output]) else { return }
        let json = try #require((try? JSONSerialization.jsonObject(with: Data(output.stdout.utf8))) as? [String: Any], "\(output.stderr.suffix(2000))")
        let ra = try #require(json["ra"] as? Double), dec = try #require(json["dec"] as? Double)
        #expect(SphericalOffset.separation(ra, dec, sky.ra, sky.dec) * 3.6e6 < 1, "gwcs sky (\(ra), \(dec)) vs simulated (\(sky.ra), \(sky.dec))")
        #expect(json["err"] as? String == "float16")
    }
}
