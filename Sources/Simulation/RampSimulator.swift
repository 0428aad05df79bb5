import Arrays
import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Turns an image of photo-electron rates into an L1 ramp cube (resultants, rows, columns) of
/// uint16 DN, read by read: Poisson arrivals of signal and dark current in every frame, cosmic
/// rays at random reads, classic non-linearity and saturation of the accumulated charge, read
/// noise, and the averaging of the MA table's reads into resultants.
///
/// Rows are independent random streams, processed on all cores; a seed gives the same cube on
/// any machine and any thread count.
public struct RampSimulator: Sendable {
    public var table: MATable
    public var detector: DetectorModel
    public var seed: UInt64
    /// Width of the border of reference pixels, which see no light, dark current or cosmic rays
    /// (4 on WFI detectors; 0 when simulating a bare science area or the amp33 channel).
    public var referenceBorder = 0

    public init(table: MATable, detector: DetectorModel = DetectorModel(), seed: UInt64 = 1) {
        self.table = table
        self.detector = detector
        self.seed = seed
    }

    /// What was injected, for tests against truth.
    public struct Truth: Sendable {
        /// Cosmic-ray hits: (row, column, read number, electrons).
        public var cosmicRays: [(y: Int, x: Int, read: Int, electrons: Double)]
    }

    /// Simulates the ramps for `rate` (electrons per second per pixel, shape rows x columns).
    public func simulate(rate: TypedArray<Float>) throws -> (cube: TypedArray<UInt16>, truth: Truth) {
        precondition(table.isValid, "invalid MA table")
        guard rate.shape.count == 2 else { throw StorageError.shapeOverflow(rate.shape) }
        let (rows, columns) = (rate.shape[0], rate.shape[1])
        let resultants = table.resultantCount
        var cube = try TypedArray<UInt16>(shape: [resultants, rows, columns])
        // Which resultant each read belongs to (-1: skipped), and how many reads each averages.
        let lastRead = table.lastRead
        let groupOfRead: [Int] = {
            var groups = [Int](repeating: -1, count: lastRead + 1)
            for (g, reads) in table.readPattern.enumerated() { for r in reads { groups[r] = g } }
            return groups
        }()
        let readsPerGroup = table.readPattern.map { Double($0.count) }
        let frameTime = table.frameTime
        let detector = self.detector
        let fullWell = detector.fullWell()
        let seed = self.seed
        // Probability that a given pixel is hit in one frame.
        let hitProbability = detector.cosmicRayRate * detector.pixelSize * detector.pixelSize * frameTime

        let hits = HitLog(rows: rows)
        try rate.withUnsafeBufferPointer { rates in
            try cube.withUnsafeMutableBufferPointer { out in
                nonisolated(unsafe) let input = rates
                nonisolated(unsafe) let output = out
                let plane = rows * columns
                DispatchQueue.concurrentPerform(iterations: rows) { y in
                    var random = RandomSource(seed: seed, stream: UInt64(y))
                    // Pixel-reads until the next cosmic ray: geometric gaps, one draw per hit
                    // instead of one per pixel-read.
                    let logMiss = log1p(-hitProbability)
                    func gap() -> Int {
                        guard hitProbability > 0 else { return Int.max }
                        return Int(min(log(1 - random.uniform()) / logMiss, Double(Int.max / 2)))
                    }
                    var untilHit = gap()
                    var arrivals = PoissonSampler()
                    defer { arrivals.deallocate() }
                    var sums = [Double](repeating: 0, count: resultants)
                    var rowHits: [(Int, Int, Int, Double)] = []
                    let border = self.referenceBorder
                    let referenceRow = y < border || y >= rows - border
                    for x in 0..<columns {
                        let reference = referenceRow || x < border || x >= columns - border
                        let lambda = reference ? 0 : (Double(input[y * columns + x]) + detector.darkCurrent) * frameTime
                        arrivals.reset(lambda: lambda)
                        var electrons = 0.0
                        for g in 0..<resultants { sums[g] = 0 }
                        for read in 1...lastRead {
                            electrons += arrivals.sample(&random)
                            if untilHit == 0 {
                                untilHit = gap()
                                if !reference {
                                    let charge = -detector.cosmicRayMeanCharge * log(1 - random.uniform())
                                    electrons += charge
                                    rowHits.append((y, x, read, charge))
                                }
                            } else {
                                untilHit -= 1
                            }
                            let group = groupOfRead[read]
                            guard group >= 0 else { continue }
                            let dn = detector.response(electrons / detector.gain, fullWell: fullWell)
                            sums[group] += dn
                        }
                        for g in 0..<resultants {
                            let mean = sums[g] / readsPerGroup[g] + detector.bias
                                + detector.readNoise / readsPerGroup[g].squareRoot() * random.gaussian()
                            output[g * plane + y * columns + x] = UInt16(max(0, min(65535, mean.rounded())))
                        }
                    }
                    hits.store(y, rowHits)
                }
            }
        }
        return (cube, Truth(cosmicRays: hits.all.map { (y: $0.0, x: $0.1, read: $0.2, electrons: $0.3) }))
    }
}

/// Cosmic-ray hits collected per row by concurrent workers.
private final class HitLog: Sendable {
    private let rows: Mutex<[[(Int, Int, Int, Double)]]>

    init(rows: Int) { self.rows = Mutex(Array(repeating: [], count: rows)) }

    func store(_ row: Int, _ hits: [(Int, Int, Int, Double)]) {
        rows.withLock { $0[row] = hits }
    }

    var all: [(Int, Int, Int, Double)] { rows.withLock { $0.flatMap { $0 } } }
}
