import Arrays
import Foundation
import InteropSupport
import Simulation
import Testing
import WFI
@testable import Calibration

@Suite struct LikelyRampFitTests {
    /// Slopes, variances, err, χ², jump flags and pixel flags against stcal 1.20.0's likely_ramp_fit
    /// called as romancal's ramp_fit step calls it.
    @Test func matchesStcalLikely() throws {
        let (ramp, readNoise, gain) = try StcalComparison.makeRamp()
        let ours = try RampFitting.fit(ramp, readNoise: readNoise, gain: gain, algorithm: .likely)
        guard let ref = try StcalComparison.reference(ramp, readNoise: readNoise, gain: gain, algorithm: "likely") else { return }
        let mismatches = StcalComparison.compare(ours, ref, checkChisq: true)
        #expect(mismatches.slope == 0 && mismatches.variance == 0 && mismatches.err == 0 && mismatches.chisq == 0,
                "\(mismatches)")
        #expect(mismatches.groupDQ == 0 && mismatches.dq == 0, "\(mismatches)")
        // The comparison is not vacuous: jumps, saturation and NaN pixels are present.
        let jumps = (0..<ours.groupDQ.count).filter { ours.groupDQ[flat: $0] & GroupFlags.jumpDetected.rawValue != 0 }.count
        #expect(jumps > 50)
        #expect((0..<ours.dq.count).contains { ours.dq[flat: $0] & PixelFlags.saturated.rawValue != 0 })
        #expect((0..<ours.slope.count).contains { ours.slope[flat: $0].isNaN })
    }

    /// Against the simulator's truth on 256² of sky and stars (table 109, linear detector, cosmic
    /// rays): pulls of clean pixels are unit normal, cosmic rays above 5σ are found, false jumps
    /// are rare.
    @Test func recoversSimulatedTruth() throws {
        var detector = DetectorModel()
        detector.cosmicRayRate = 150
        let size = 256
        var random = SplitMix64(seed: 99)
        var stars: [(y: Double, x: Double, peak: Float)] = []
        for _ in 0..<60 {
            stars.append((Double(random.next() % 264), Double(random.next() % 264), Float(20 + random.next() % 3000)))
        }
        let simulated = try SimulatedRamp(size: size, seed: 11, detector: detector) { y, x in
            var rate: Float = 5 + Float((x + 2 * y) % 7) * 0.2
            for star in stars {
                let r2 = (Double(y) - star.y) * (Double(y) - star.y) + (Double(x) - star.x) * (Double(x) - star.x)
                if r2 < 50 { rate += star.peak * Float(exp(-r2 / 3)) }
            }
            return rate
        }
        let result = try RampFitting.fit(simulated.ramp, readNoise: simulated.readNoise, gain: simulated.gain)
        let full = size + 8
        let gain = Float(detector.gain)

        // Pulls of pixels without any flag.
        var sum = 0.0, sum2 = 0.0, count = 0
        for y in 4..<(full - 4) {
            for x in 4..<(full - 4) where result.dq[flat: y * full + x] == 0 {
                let p = y * full + x
                let truth = simulated.electronRate[flat: p] / gain
                let pull = Double((result.slope[flat: p] - truth) / result.err[flat: p])
                sum += pull
                sum2 += pull * pull
                count += 1
            }
        }
        let mean = sum / Double(count)
        let std = (sum2 / Double(count) - mean * mean).squareRoot()
        #expect(count > size * size * 9 / 10)
        // stcal's estimator carries a small negative pull (its error grows with the fitted rate, so
        // low fluctuations get smaller errors): −0.018 to −0.027 on 512² at 1.5–10 e/s.
        #expect(abs(mean) < 0.03, "mean pull \(mean)")
        #expect(abs(std - 1) < 0.05, "pull standard deviation \(std)")

        // Cosmic rays: which resultants a hit at read r can mark.
        let pattern = simulated.ramp.readPattern
        let plane = full * full
        let sigma = Double(detector.readNoise)
        let times = pattern.map { Double($0.reduce(0, +)) / Double($0.count) * simulated.ramp.frameTime }
        let taus: [Double] = pattern.map { reads in
            let n = Double(reads.count)
            return reads.enumerated().reduce(0.0) { $0 + (2 * n - 1 - 2 * Double($1.offset)) * Double($1.element) } * simulated.ramp.frameTime / (n * n)
        }
        var hitPixels = Set<Int>()
        var eligible = 0, found = 0, missed: [String] = []
        for hit in simulated.truth.cosmicRays {
            hitPixels.insert(hit.y * full + hit.x)
        }
        for hit in simulated.truth.cosmicRays {
            let p = hit.y * full + hit.x
            guard let k = pattern.firstIndex(where: { $0.last! >= hit.read }), k > 0 else { continue }
            guard result.dq[flat: p] & PixelFlags.saturated.rawValue == 0 else { continue }
            // Local noise (DN) of the resultant difference the hit shows up in, at the pixel's rate:
            // R_k − R_{k−1} when the whole charge lands between them, R_{k+1} − R_{k−1} when the hit
            // falls inside resultant k and is shared by two differences.
            let rate = Double(simulated.electronRate[flat: p]) / detector.gain
            let inside = hit.read > pattern[k].first! && k + 1 < pattern.count
            let (a, b) = (k - 1, inside ? k + 1 : k)
            let variance = sigma * sigma * (1 / Double(pattern[a].count) + 1 / Double(pattern[b].count))
                + rate * (taus[a] + taus[b] - 2 * times[a])
            guard hit.electrons / detector.gain > 5 * variance.squareRoot() else { continue }
            eligible += 1
            let flagged = [k, k + 1].contains { g in
                g < pattern.count && result.groupDQ[flat: g * plane + p] & GroupFlags.jumpDetected.rawValue != 0
            }
            if flagged { found += 1 } else { missed.append("(\(hit.y),\(hit.x)) read \(hit.read) \(Int(hit.electrons)) e") }
        }
        #expect(eligible > 500)
        #expect(Double(found) >= 0.99 * Double(eligible), "found \(found) of \(eligible); missed \(missed.prefix(10))")

        // False jumps: flagged science pixels without an injected hit. Saturating pixels are left
        // out: the resultant in which saturation sets in averages saturated and unsaturated reads,
        // stays below the test's saturation threshold, and is rightly seen as a break in the ramp.
        var falsePixels = 0, clean = 0
        for y in 4..<(full - 4) {
            for x in 4..<(full - 4) where !hitPixels.contains(y * full + x)
                && result.dq[flat: y * full + x] & PixelFlags.saturated.rawValue == 0 {
                clean += 1
                if result.dq[flat: y * full + x] & PixelFlags.jumpDetected.rawValue != 0 {
                    falsePixels += 1
                }
            }
        }
        // stcal's thresholds give about 1e-4 to 1.7e-4 here (17 correlated tests per pixel at 4.5σ,
        // and the skewed Poisson tail at low counts).
        #expect(Double(falsePixels) / Double(clean) < 2e-4, "\(falsePixels) false jumps in \(clean) pixels")
    }
}
