import Arrays
import Foundation
import Testing
@testable import Simulation

/// The simulated ramps have the statistics they should.
@Suite struct RampSimulatorTests {
    static let size = 200

    func flat(_ rate: Float) throws -> TypedArray<Float> {
        try TypedArray<Float>(shape: [Self.size, Self.size], repeating: rate)
    }

    /// Resultant values of every pixel as doubles: [resultant][pixel].
    func planes(_ cube: TypedArray<UInt16>) -> [[Double]] {
        let plane = cube.shape[1] * cube.shape[2]
        return cube.withUnsafeBufferPointer { b in
            (0..<cube.shape[0]).map { r in (0..<plane).map { Double(b[r * plane + $0]) } }
        }
    }

    func meanAndVariance(_ values: [Double]) -> (Double, Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        return (mean, variance)
    }

    @Test func meanSlopeEqualsTheTruthRate() throws {
        let rate = 20.0, detector = DetectorModel.quiet, table = MATable.table6
        let (cube, _) = try RampSimulator(table: table, detector: detector, seed: 3).simulate(rate: flat(Float(rate)))
        let p = planes(cube)
        let times = table.resultantTimes
        let slopes = zip(p.first!, p.last!).map { ($1 - $0) / (times.last! - times.first!) * detector.gain }
        let (mean, variance) = meanAndVariance(slopes)
        let standardError = (variance / Double(slopes.count)).squareRoot()
        #expect(abs(mean - rate) < 5 * standardError, "mean slope \(mean) e-/s vs truth \(rate) (se \(standardError))")
    }

    @Test(arguments: [MATable.table6, MATable.table109])
    func resultantDifferencesHaveReadAndPoissonVariance(table: MATable) throws {
        let rate = 50.0, detector = DetectorModel.quiet
        let (cube, _) = try RampSimulator(table: table, detector: detector, seed: 9).simulate(rate: flat(Float(rate)))
        let p = planes(cube)
        // Electrons per read lambda; accumulated charge after read r has covariance lambda*min(r, s).
        let lambda = rate * table.frameTime
        func covariance(_ a: [Int], _ b: [Int]) -> Double {
            var sum = 0.0
            for r in a { for s in b { sum += Double(min(r, s)) } }
            return lambda * sum / Double(a.count * b.count)
        }
        for i in 0..<(table.resultantCount - 1) {
            let a = table.readPattern[i], b = table.readPattern[i + 1]
            let poissonDN2 = (covariance(a, a) + covariance(b, b) - 2 * covariance(a, b)) / (detector.gain * detector.gain)
            let readDN2 = detector.readNoise * detector.readNoise * (1 / Double(a.count) + 1 / Double(b.count))
            let expected = poissonDN2 + readDN2 + 2.0 / 12   // + rounding to integer DN
            let (_, measured) = meanAndVariance(zip(p[i], p[i + 1]).map { $1 - $0 })
            #expect(abs(measured / expected - 1) < 0.04, "resultants \(i)-\(i + 1): variance \(measured) vs \(expected)")
        }
    }

    @Test func cosmicRaysMatchTheRateAndShowInTheRamp() throws {
        var detector = DetectorModel.quiet
        detector.cosmicRayRate = 20_000       // high, so that the count is statistically useful
        let table = MATable.table6
        let (cube, truth) = try RampSimulator(table: table, detector: detector, seed: 5).simulate(rate: flat(5))
        let perFrame = detector.cosmicRayRate * detector.pixelSize * detector.pixelSize * table.frameTime
        let expected = perFrame * Double(Self.size * Self.size * table.lastRead)
        let count = Double(truth.cosmicRays.count)
        #expect(abs(count - expected) < 5 * expected.squareRoot(), "\(count) hits vs \(expected) expected")
        // A big hit at the first read of resultant 1 raises it (and every later one) by its charge.
        let p = planes(cube)
        let big = try #require(truth.cosmicRays.first { $0.electrons > 3_000 && $0.read == table.readPattern[1][0] })
        let pixel = big.y * Self.size + big.x
        #expect(p[1][pixel] - p[0][pixel] > big.electrons / detector.gain * 0.9)
    }

    @Test func saturationAndNonlinearity() throws {
        var detector = DetectorModel.quiet
        detector.nonlinearity = (c1: -2e-6, c2: 0)
        let table = MATable.table6
        let (bright, _) = try RampSimulator(table: table, detector: detector, seed: 1).simulate(rate: flat(100_000))
        let last = planes(bright).last!
        let ceiling = detector.bias + detector.saturation
        #expect(last.allSatisfy { abs($0 - ceiling) < 30 }, "saturated pixels sit at bias + full well (read noise 5 DN)")
        // Non-linear response: the last resultant of a moderate source falls short of linear.
        let rate = 500.0
        let (cube, _) = try RampSimulator(table: table, detector: detector, seed: 2).simulate(rate: flat(Float(rate)))
        let (mean, _) = meanAndVariance(planes(cube).last!)
        let linearDN = rate * table.resultantTimes.last! / detector.gain
        let expectedDN = detector.measured(linearDN) + detector.bias
        #expect(abs(mean - expectedDN) < 2 && mean < linearDN + detector.bias - 100)
    }

    @Test func sameSeedSameCube() throws {
        let rate = try flat(10)
        let a = try RampSimulator(table: .table6, seed: 42).simulate(rate: rate).cube
        let b = try RampSimulator(table: .table6, seed: 42).simulate(rate: rate).cube
        let c = try RampSimulator(table: .table6, seed: 43).simulate(rate: rate).cube
        #expect(a.elements == b.elements)
        #expect(a.elements != c.elements)
    }

    @Test func builtInTablesAreValid() {
        for table in MATable.builtIn.values {
            #expect(table.isValid, "\(table.name)")
            #expect((3.04...3.17).contains(table.frameTime))
        }
        #expect(MATable.table109.resultantCount == 10 && MATable.table110.resultantCount == 16 && MATable.table6.resultantCount == 6)
        #expect(MATable.table109.truncated(to: 4).readPattern == [[1], [2, 3], [5, 6, 7], [10, 11, 12, 13]])
    }

    @Test func poissonTableMoments() {
        var random = RandomSource(seed: 8)
        for lambda in [0.2, 2.0, 6.5, 9.99, 25.0] {
            var table = PoissonSampler()
            defer { table.deallocate() }
            table.reset(lambda: lambda)
            let n = 200_000
            var sum = 0.0, sumSq = 0.0, zeros = 0
            for _ in 0..<n {
                let k = table.sample(&random)
                sum += k
                sumSq += k * k
                if k == 0 { zeros += 1 }
            }
            let mean = sum / Double(n), variance = sumSq / Double(n) - mean * mean
            #expect(abs(mean - lambda) < 5 * (lambda / Double(n)).squareRoot(), "mean \(mean) for \(lambda)")
            #expect(abs(variance / lambda - 1) < 0.02, "variance \(variance) for \(lambda)")
            let p0 = exp(-lambda)
            #expect(abs(Double(zeros) / Double(n) - p0) < 5 * (p0 * (1 - p0) / Double(n)).squareRoot() + 1e-6)
        }
    }

    @Test func poissonSamplerMoments() {
        var random = RandomSource(seed: 7)
        for lambda in [0.5, 3.0, 9.9, 10.0, 47.0, 1000.0] {
            let n = 200_000
            var sum = 0.0, sumSq = 0.0
            for _ in 0..<n {
                let k = random.poisson(lambda)
                sum += k
                sumSq += k * k
            }
            let mean = sum / Double(n), variance = sumSq / Double(n) - mean * mean
            #expect(abs(mean - lambda) < 5 * (lambda / Double(n)).squareRoot(), "mean \(mean) for \(lambda)")
            #expect(abs(variance / lambda - 1) < 0.02, "variance \(variance) for \(lambda)")
        }
    }
}
