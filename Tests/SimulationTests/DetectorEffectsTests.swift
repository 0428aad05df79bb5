import Arrays
import Foundation
import InteropSupport
import Testing
@testable import Simulation
import WFI

/// Hot, dead and low-QE pixels, IPC and dark decay in the ramps and the reference files.
@Suite struct DetectorEffectsTests {
    @Test func defectsHaveTheirRatesAndShowInRampsAndMask() throws {
        let size = 256, border = 4, fraction = 0.01, rate = 100.0
        let defects = try PixelDefects.random(size: size, border: border, baseDark: 0, hotFraction: fraction,
                                              deadFraction: fraction, lowQEFraction: fraction, seed: 4)
        let science = Double((size - 2 * border) * (size - 2 * border))
        let expected = science * fraction, spread = 5 * (science * fraction * (1 - fraction)).squareRoot()
        let hot = defects.flags.filter { $0.value.contains(.hot) }, dead = defects.flags.filter { $0.value.contains(.dead) }
        let low = defects.flags.filter { $0.value == .lowQE }
        for (name, set) in [("hot", hot), ("dead", dead), ("low QE", low)] {
            #expect(abs(Double(set.count) - expected) < spread, "\(name): \(set.count) vs \(expected)")
        }
        #expect(defects.flags.keys.allSatisfy { i in (border..<(size - border)).contains(i / size) && (border..<(size - border)).contains(i % size) })

        let table = MATable.table6, detector = DetectorModel.quiet
        var simulator = RampSimulator(table: table, detector: detector, seed: 2)
        simulator.referenceBorder = border
        simulator.defects = defects
        let (cube, _) = try simulator.simulate(rate: TypedArray<Float>(shape: [size, size], repeating: Float(rate)))
        let plane = size * size, times = table.resultantTimes
        func slope(_ i: Int) -> Double {
            (Double(cube[flat: (table.resultantCount - 1) * plane + i]) - Double(cube[flat: i])) / (times.last! - times.first!) * detector.gain
        }
        // Read noise 5 DN on two resultants: slope noise about 2·5·√2/60 ≈ 0.25 e/s plus Poisson.
        for i in dead.keys { #expect(abs(slope(i)) < 3, "dead pixel \(i) slope \(slope(i))") }
        for i in hot.keys {
            let truth = rate + Double(defects.dark[flat: i])
            #expect(abs(slope(i) - truth) < 6 * (truth / 60).squareRoot() + 2, "hot pixel \(i): \(slope(i)) vs \(truth)")
        }
        for i in low.keys {
            let truth = rate * Double(defects.efficiency[flat: i])
            #expect(abs(slope(i) - truth) < 6 * (truth / 60).squareRoot() + 2, "low-QE pixel \(i): \(slope(i)) vs \(truth)")
        }

        var maker = ReferenceFileMaker(detector: detector, wfiDetector: try Detector(number: 3), size: size)
        maker.defects = defects
        let files = try maker.make(element: .f158)
        let mask = try ReferenceFile(try #require(files["mask"])).array("dq", UInt32.self)
        for i in hot.keys { #expect(PixelFlags(rawValue: mask[flat: i]).isSuperset(of: [.hot, .doNotUse])) }
        for i in dead.keys { #expect(PixelFlags(rawValue: mask[flat: i]).isSuperset(of: [.dead, .doNotUse])) }
        for i in low.keys { #expect(PixelFlags(rawValue: mask[flat: i]) == .lowQE) }
        let darkSlope = try ReferenceFile(try #require(files["dark"])).array("dark_slope", Float.self)
        for i in hot.keys { #expect(darkSlope[flat: i] == defects.dark[flat: i] / Float(detector.gain)) }
        let flat = try ReferenceFile(try #require(files["flat"])).array("data", Float.self)
        // The flat covers the science array (the frame less its border).
        let side = size - 2 * border
        #expect(flat.shape == [side, side])
        for i in low.keys {
            let (y, x) = (i / size - border, i % size - border)
            #expect(flat[flat: y * side + x] == defects.efficiency[flat: i])
        }
    }

    @Test func ipcConservesFluxAndSharesIt() throws {
        var image = try TypedArray<Float>(shape: [9, 9])
        image.withUnsafeMutableBufferPointer { $0[4 * 9 + 4] = 1000; $0[2 * 9 + 6] = 500 }
        let out = try IPCKernel().apply(to: image)
        let total = out.elements.reduce(0, +)
        #expect(abs(total - 1500) < 1e-3)
        #expect(abs(out[flat: 4 * 9 + 3] - 17 - 0) < 1e-3 && abs(out[flat: 5 * 9 + 5] - 2) < 1e-3)
        #expect(abs(out[flat: 4 * 9 + 4] - 1000 * 0.924) < 1e-2)
        #expect(abs(IPCKernel().weights.reduce(0, +) - 1) < 1e-12)
    }

    /// romancal's frame_read_times (basic_utils.py, npad = 14) evaluated by numpy equals ours.
    @Test func readTimesMatchRomancalsModel() throws {
        let frameTime = 3.16247
        var random = RandomSource(seed: 5)
        let pixels = (0..<400).map { _ in (Int(random.next() % 4096), Int(random.next() % 4096)) }
        var ours: [Double] = []
        for sca in [1, 3, 18] {
            let model = try DarkDecay.ReadTimes(frameTime: frameTime, sca: sca)
            ours += pixels.map { model.time(row: $0.0, column: $0.1) }
        }
        let script = """
            import sys, numpy as np
            def frame_read_times(frame_time, sca, frame_number=0, stride_gw=256, gw_pseudotime_factor=1.5):
                nchannel, nrow, ncol, npad = 32, 4096, 128, 14
                pixtime = 4.915263e-06
                icol, irow = np.meshgrid(np.arange(ncol), np.arange(nrow))
                clock = (icol + irow * (ncol + npad)).astype(float)
                gw = frame_time / pixtime - np.amax(clock)
                n = nrow // stride_gw
                per = gw / n * gw_pseudotime_factor
                for i in range(1, n):
                    clock[i * stride_gw:] += per
                t = frame_time * clock / (np.amax(clock) + per)
                t = np.tile(np.concatenate([t, t[:, ::-1]], axis=1), (1, nchannel // 2))
                t = t[:, ::-1] if sca % 3 == 0 else t[::-1, :]
                return t + frame_number * frame_time
            ys = np.array([\(pixels.map { String($0.0) }.joined(separator: ","))])
            xs = np.array([\(pixels.map { String($0.1) }.joined(separator: ","))])
            for sca in (1, 3, 18):
                print(" ".join(repr(float(v)) for v in frame_read_times(\(frameTime), sca)[ys, xs]))
            """
        guard let output = try PythonTools.run(["-c", script]) else { return }
        let theirs = output.stdout.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
        try #require(theirs.count == ours.count, "\(output.stderr.suffix(1000))")
        let worst = zip(ours, theirs).map { abs($0 - $1) }.max() ?? 0
        #expect(worst < 1e-12, "worst read-time difference \(worst) s")
    }

    /// Without noise, each resultant of a science pixel is bias + the mean over its reads of
    /// A·exp(-T/τ), T at read r = read time + (r - 1.5) frame times: what romancal's dark_decay
    /// step subtracts. Reference pixels see no decay.
    @Test(arguments: [1, 3])
    func darkDecayInTheRampsEqualsTheModel(sca: Int) throws {
        let size = 64, table = MATable.table6
        var detector = DetectorModel.quiet
        detector.readNoise = 0
        var simulator = RampSimulator(table: table, detector: detector, seed: 1)
        simulator.referenceBorder = 4
        let decay = DarkDecay(amplitude: 40, timeConstant: 25)
        simulator.darkDecay = decay
        simulator.sca = sca
        let (cube, _) = try simulator.simulate(rate: TypedArray<Float>(shape: [size, size]))
        let times = try DarkDecay.frameReadTimes(frameTime: table.frameTime, sca: sca, size: size)
        var worst = 0.0
        for (g, reads) in table.readPattern.enumerated() {
            for i in 0..<(size * size) {
                let (y, x) = (i / size, i % size)
                let reference = y < 4 || x < 4 || y >= size - 4 || x >= size - 4
                let model = reference ? 0 : reads.map { decay.amplitude * exp(-(times[flat: i] + (Double($0) - 1.5) * table.frameTime) / decay.timeConstant) }
                    .reduce(0, +) / Double(reads.count)
                worst = max(worst, abs(Double(cube[flat: g * size * size + i]) - detector.bias - model))
            }
        }
        #expect(worst <= 0.5 + 1e-9, "worst |resultant − bias − model| \(worst) DN (rounding: 0.5)")
        #expect(DarkDecay.simulated(sca: 7).amplitude > 0)
    }
}
