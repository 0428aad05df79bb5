import Arrays
import Foundation
import InteropSupport
import Testing
@testable import Simulation

/// Writes `values` as raw little-endian float64 for numpy.fromfile.
func writeDoubles(_ values: [Double], to path: String) throws {
    try values.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: path)) }
}

/// The correlated read-out noise and the refpix coefficients that remove it.
@Suite struct ReadoutNoiseTests {
    /// A noise-only exposure of `size` with single-read resultants, no offsets or drifts.
    func exposure(size: Int, resultants: Int, seed: UInt64 = 11) throws -> RampSimulator.Exposure {
        var noise = CorrelatedReadNoise(geometry: try ReadoutGeometry(size: size))
        noise.channelOffsetRMS = 0
        noise.channelDriftRMS = 0
        let table = MATable(number: 0, name: "SINGLE", frameTime: 3.04, readPattern: (1...resultants).map { [$0] })
        var simulator = RampSimulator(table: table, detector: DetectorModel.quiet, seed: seed)
        simulator.referenceBorder = 4
        simulator.readoutNoise = noise
        return try simulator.simulateExposure(rate: TypedArray<Float>(shape: [size, size]))
    }

    @Test func geometryMatchesRomancal() throws {
        let full = try ReadoutGeometry(size: 4096)
        #expect(full.channelWidth == 128 && full.frameClocks == 573_440 && full.rfftBins == 286_721)
        #expect(full.clock(row: 0, column: 0) == 0 && full.clock(row: 0, column: 255) == 0 && full.clock(row: 1, column: 128) == 267)
        #expect(throws: SimulationError.self) { try ReadoutGeometry(size: 100) }
    }

    /// amp33, the border and the science pixels share the common mode: the correlation of
    /// clock-to-clock differences between amp33 and any channel is D_c / (D_c + 2 σ_w²),
    /// D_c = 2 (R(0) − R(1)) of the model, σ_w² = read noise² + 1/12.
    @Test func amp33AndBorderCarryTheCommonMode() throws {
        let size = 256
        let exposure = try exposure(size: size, resultants: 2)
        let noise = try #require(exposure.truth.readout)
        let model = CorrelatedReadNoise(geometry: noise.geometry)
        let geometry = noise.geometry, width = geometry.channelWidth
        let dc = 2 * (model.autocovariance(0) - model.autocovariance(1))
        let white = DetectorModel.quiet.readNoise * DetectorModel.quiet.readNoise + 1.0 / 12
        let expected = dc / (dc + 2 * white)
        let data = exposure.cube.elements.map(Double.init), amp33 = exposure.amp33.elements.map(Double.init)
        for g in 0..<2 {
            var border: [(Double, Double)] = [], science: [(Double, Double)] = []
            for y in 0..<size {
                for channel in 0..<32 {
                    for j in 0..<(width - 1) {
                        func x(_ j: Int) -> Int { channel * width + (channel & 1 == 1 ? width - 1 - j : j) }
                        let a = amp33[(g * size + y) * width + j + 1] - amp33[(g * size + y) * width + j]
                        let d = data[(g * size + y) * size + x(j + 1)] - data[(g * size + y) * size + x(j)]
                        let inBorder = y < 4 || y >= size - 4 || x(j) < 4 || x(j) >= size - 4 || x(j + 1) < 4 || x(j + 1) >= size - 4
                        if inBorder { border.append((a, d)) } else { science.append((a, d)) }
                    }
                }
            }
            for (name, pairs) in [("border", border), ("science", science)] {
                let n = Double(pairs.count)
                let ma = pairs.reduce(0) { $0 + $1.0 } / n, md = pairs.reduce(0) { $0 + $1.1 } / n
                var saa = 0.0, sdd = 0.0, sad = 0.0
                for (a, d) in pairs { saa += (a - ma) * (a - ma); sdd += (d - md) * (d - md); sad += (a - ma) * (d - md) }
                let rho = sad / (saa * sdd).squareRoot()
                #expect(abs(rho - expected) < 5 / n.squareRoot() + 0.005, "\(name) resultant \(g): ρ \(rho) vs model \(expected) (\(pairs.count) pairs)")
            }
        }
    }

    /// The averaged periodogram of realizations matches the analytic spectrum in log bands.
    @Test func powerSpectrumMatchesTheModel() throws {
        let model = CorrelatedReadNoise(geometry: try ReadoutGeometry(size: 512))
        let count = 24
        let realization = model.realize(readsPerResultant: Array(repeating: 1, count: count), seed: 3)
        let length = model.geometry.frameClocks
        let dir = try TemporaryDirectory()
        try writeDoubles(realization.series.map(Double.init), to: dir.file("series.bin"))
        try writeDoubles((0...(length / 2)).map { model.powerSpectrum(Double($0) / Double(length)) }, to: dir.file("model.bin"))
        let script = """
            import sys, numpy as np
            L = \(length)
            x = np.fromfile(sys.argv[1]).reshape(-1, L)
            model = np.fromfile(sys.argv[2])
            p = (np.abs(np.fft.rfft(x, axis=1)) ** 2 / L).mean(axis=0)
            edges = np.unique(np.geomspace(4, L // 2, 16).astype(int))
            for a, b in zip(edges[:-1], edges[1:]):
                print(a, b, p[a:b].mean() / model[a:b].mean())
            """
        guard let output = try PythonTools.run(["-c", script, dir.file("series.bin"), dir.file("model.bin")]) else { return }
        let rows = output.stdout.split(separator: "\n").map { $0.split(separator: " ").map { Double($0)! } }
        #expect(rows.count > 8, "\(output.stderr.suffix(1000))")
        for row in rows {
            // Bins a..<b averaged over `count` realizations: relative error ~ 1/sqrt(count (b - a)).
            let tolerance = 5 / (Double(count) * (row[1] - row[0])).squareRoot() + 0.05
            #expect(abs(row[2] - 1) < tolerance, "bins \(Int(row[0]))..<\(Int(row[1])): periodogram / model = \(row[2])")
        }
    }

    /// romancal's step 7 with the written alpha removes the common mode as well as the Wiener
    /// filter predicts (amp33 pads filled as romancal does, by cosine then FFT interpolation).
    @Test(arguments: [256, 1024])
    func refpixCoefficientsRemoveTheCommonMode(size: Int) throws {
        let frames = 4
        let exposure = try exposure(size: size, resultants: frames)
        let noise = try #require(exposure.truth.readout)
        let model = CorrelatedReadNoise(geometry: noise.geometry)
        let detector = DetectorModel.quiet
        let alpha = try #require(RefpixCoefficients.arrays(noise: model, readNoise: detector.readNoise)["alpha"])
        let predicted = RefpixCoefficients.expectedResidualFraction(noise: model, readNoise: detector.readNoise).squareRoot()
        let dir = try TemporaryDirectory()
        try writeDoubles(exposure.cube.elements.map(Double.init), to: dir.file("data.bin"))
        try writeDoubles(exposure.amp33.elements.map(Double.init), to: dir.file("amp33.bin"))
        try writeDoubles(noise.series.map(Double.init), to: dir.file("truth.bin"))
        try writeDoubles(alpha.elements.prefix(noise.geometry.rfftBins).map(\.real), to: dir.file("alpha.bin"))
        let script = """
            import sys, numpy as np
            F, N = \(frames), \(size)
            W = N // 32; P = 12; C = W + P; L = N * C
            data = np.fromfile(sys.argv[1]).reshape(F, N, N)
            amp = np.fromfile(sys.argv[2]).reshape(F, N, W)
            truth = np.fromfile(sys.argv[3]).reshape(F, N, C)
            alpha = np.fromfile(sys.argv[4])
            # Step 2: per-pixel mean over frames (the same on the truth, which is linear).
            data -= data.mean(axis=0); amp -= amp.mean(axis=0); truth -= truth.mean(axis=0)
            # Step 3: channel view, odd channels reversed, 12 pad columns.
            ch = data.reshape(F, N, 32, W).transpose(2, 0, 1, 3).copy()
            ch[1::2] = ch[1::2, :, :, ::-1]
            k = np.zeros((F, N, C)); k[:, :, :W] = amp
            k = k.reshape(F, L)
            # A continuous amp33 (pads read like pixels: common mode plus white noise) isolates the
            # coefficients from the pad interpolation.
            rng = np.random.default_rng(1)
            ideal = k.copy().reshape(F, N, C)
            ideal[:, :, W:] = truth[:, :, W:] + rng.normal(0, \(detector.readNoise), (F, N, P)) * np.sqrt(1 - 1 / F)
            ideal = ideal.reshape(F, L)
            mask = np.zeros((N, C), bool); mask[:, :W] = True; mask = mask.reshape(L)
            # Steps 5-6: cosine then 3 FFT interpolations of the amp33 pads.
            w = np.sin(np.arange(1, 33) * np.pi / 32)
            apod = (1 + np.cos(2 * np.pi * np.arange(L // 2 + 1) / L)) / 2
            for f in range(F):
                num = np.convolve(k[f], w, 'same'); den = np.convolve(mask.astype(float), w, 'same')
                k[f, ~mask] = np.nan_to_num(num / den)[~mask]
                for _ in range(3):
                    y = np.fft.irfft(apod * np.fft.rfft(k[f]), n=L)
                    k[f, ~mask] = y[~mask]
            # Step 7: corr = irfft(rfft(k / L) * alpha * 2 (L/2 + 1)), the same for every channel.
            def step7(series):
                return np.fft.irfft(np.fft.rfft(series / L, axis=1) * alpha * (2 * (L // 2 + 1)), n=L, axis=1).reshape(F, N, C)[:, :, :W]
            corr = step7(k)
            cm = truth[:, :, :W]
            sci = slice(4, N - 4)
            before = np.sqrt((cm[:, sci] ** 2).mean())
            after = np.sqrt(((cm - corr)[:, sci] ** 2).mean())
            # The data channels also hold the common mode: their correction leaves data - corr.
            resid = ch[:, :, sci, :] - corr[None, :, sci, :]
            ideal_after = np.sqrt(((cm - step7(ideal))[:, sci] ** 2).mean())
            print(before, after, after / before, np.sqrt((ch[:, :, sci, :] ** 2).mean()), np.sqrt((resid ** 2).mean()), ideal_after / before)
            """
        guard let output = try PythonTools.run(["-c", script] + ["data", "amp33", "truth", "alpha"].map { dir.file($0 + ".bin") }) else { return }
        let values = output.stdout.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        try #require(values.count == 6, "\(output.stderr.suffix(2000))")
        let achieved = values[2]
        // The pads hide 12 of every W + 12 amp33 clocks; romancal's interpolation recovers the low
        // frequencies, where the 1/f power is, but not the alternating-column noise at Nyquist.
        print("refpix N=\(size): correlated rms \(values[0]) -> \(values[1]) DN (\(achieved), continuous amp33 \(values[5])); Wiener predicts \(predicted); data rms \(values[3]) -> \(values[4])")
        // With a continuous amp33 the coefficients do as well as the Wiener filter predicts (within
        // the scatter of one realization); with romancal's pad interpolation a little worse, the
        // more so the larger the pad fraction 12/(W+12) (60% at N = 256, 8.6% at 4096).
        #expect(values[5] < predicted * 1.03, "continuous amp33: residual fraction \(values[5]) vs Wiener \(predicted)")
        let padFraction = 12.0 / Double(size / 32 + 12)
        #expect(achieved < predicted * (1 + 0.25 * padFraction), "interpolated pads: \(achieved) vs Wiener \(predicted)")
        #expect(values[4] < values[3], "the data rms drops")
    }
}
