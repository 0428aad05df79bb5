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
/// Optional detector effects (all off by default):
/// - `defects`: per-pixel dark current and quantum efficiency (hot, dead, low-QE pixels);
/// - `ipc`: inter-pixel capacitance applied to the light (after QE) before the ramps;
/// - `darkDecay`: A·exp(-T/τ) added to every read of every science pixel in raw DN, with
///   romancal's read-time model for detector `sca`. Reference pixels (border and amp33) have no
///   photodiode and see none: romancal's refpix runs before dark_decay, so a decay in the border
///   would be partly removed twice;
/// - `readoutNoise`: correlated read-out noise (common mode, alternating columns, channel offsets
///   and drifts) added to every `data` pixel (science and border) and to amp33 at its read-out clock.
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
    /// Per-pixel dark current and QE; nil: `detector.darkCurrent` and QE 1 everywhere.
    public var defects: PixelDefects?
    /// Inter-pixel capacitance kernel applied to the light; nil: none.
    public var ipc: IPCKernel?
    /// Dark-decay signal; nil: none.
    public var darkDecay: DarkDecay?
    /// WFI detector number (1...18) for the dark-decay read-time model.
    public var sca = 1
    /// Correlated read-out noise; nil: white read noise only. Its geometry must match the frame.
    public var readoutNoise: CorrelatedReadNoise?

    public init(table: MATable, detector: DetectorModel = DetectorModel(), seed: UInt64 = 1) {
        self.table = table
        self.detector = detector
        self.seed = seed
    }

    /// What was injected, for tests against truth.
    public struct Truth: Sendable {
        /// Cosmic-ray hits: (row, column, read number, electrons).
        public var cosmicRays: [(y: Int, x: Int, read: Int, electrons: Double)]
        /// The correlated read-out noise added, when simulated.
        public var readout: CorrelatedReadNoise.Realization? = nil
    }

    /// A simulated exposure: the ramps, the amp33 channel and the truth.
    public struct Exposure: Sendable {
        /// (resultants, rows, columns) uint16 DN.
        public var cube: TypedArray<UInt16>
        /// (resultants, rows, rows/32) uint16 DN: bias, read noise and correlated noise only.
        public var amp33: TypedArray<UInt16>
        public var truth: Truth
    }

    /// Simulates the ramps and the amp33 channel (of `rows`/32 columns) for `rate`.
    public func simulateExposure(rate: TypedArray<Float>) throws -> Exposure {
        let noise = try realizeReadoutNoise(rate.shape)
        let (cube, truth) = try simulate(rate: rate, noise: noise)
        let amp33 = try simulateAmp33(rows: rate.shape[0], noise: noise)
        return Exposure(cube: cube, amp33: amp33, truth: truth)
    }

    /// The correlated-noise realization for a frame of `shape`, or nil when none is simulated.
    func realizeReadoutNoise(_ shape: [Int]) throws -> CorrelatedReadNoise.Realization? {
        guard let model = readoutNoise else { return nil }
        let size = model.geometry.size
        guard shape == [size, size] else { throw SimulationError.mapShape(name: "rate", expected: [size, size], found: shape) }
        return model.realize(readsPerResultant: table.readPattern.map(\.count), seed: seed)
    }

    /// The amp33 channel: (resultants, rows, rows/32), no light and no dark current.
    func simulateAmp33(rows: Int, noise: CorrelatedReadNoise.Realization?) throws -> TypedArray<UInt16> {
        let geometry = try noise?.geometry ?? ReadoutGeometry(size: rows)
        let (columns, resultants) = (geometry.channelWidth, table.resultantCount)
        var amp33 = try TypedArray<UInt16>(shape: [resultants, rows, columns])
        let readNoise = table.readPattern.map { detector.readNoise / Double($0.count).squareRoot() }
        let (bias, seed) = (detector.bias, seed)
        amp33.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let output = out
            DispatchQueue.concurrentPerform(iterations: rows) { y in
                var random = RandomSource(seed: seed ^ 0xA3_33_00_00, stream: UInt64(y))
                for g in 0..<resultants {
                    for x in 0..<columns {
                        var value = bias + readNoise[g] * random.gaussian()
                        if let noise { value += noise.value(resultant: g, channel: 32, clock: geometry.amp33Clock(row: y, column: x)) }
                        output[(g * rows + y) * columns + x] = UInt16(max(0, min(65535, value.rounded())))
                    }
                }
            }
        }
        return amp33
    }

    /// The light reaching each pixel's charge (e/s): `rate` times the QE map, then IPC.
    func light(_ rate: TypedArray<Float>) throws -> TypedArray<Float> {
        var light = rate
        if let defects {
            guard defects.efficiency.shape == rate.shape else {
                throw SimulationError.mapShape(name: "efficiency", expected: rate.shape, found: defects.efficiency.shape)
            }
            light = try TypedArray<Float>(shape: rate.shape)
            rate.withUnsafeBufferPointer { r in
                defects.efficiency.withUnsafeBufferPointer { q in
                    light.withUnsafeMutableBufferPointer { out in
                        for i in 0..<out.count { out[i] = r[i] * q[i] }
                    }
                }
            }
        }
        if let ipc { light = try ipc.apply(to: light) }
        return light
    }

    /// Simulates the ramps for `rate` (electrons per second per pixel, shape rows x columns).
    public func simulate(rate: TypedArray<Float>) throws -> (cube: TypedArray<UInt16>, truth: Truth) {
        guard rate.shape.count == 2 else { throw StorageError.shapeOverflow(rate.shape) }
        return try simulate(rate: rate, noise: realizeReadoutNoise(rate.shape))
    }

    func simulate(rate input: TypedArray<Float>, noise: CorrelatedReadNoise.Realization?) throws -> (cube: TypedArray<UInt16>, truth: Truth) {
        precondition(table.isValid, "invalid MA table")
        guard input.shape.count == 2 else { throw StorageError.shapeOverflow(input.shape) }
        let rate = try light(input)
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

        if let defects, defects.dark.shape != rate.shape {
            throw SimulationError.mapShape(name: "dark", expected: rate.shape, found: defects.dark.shape)
        }
        let darkMap = defects?.dark
        // Dark decay: per pixel A·exp(-T/τ) of frame 0, times exp(-(r - 1.5)·frameTime/τ) for read r.
        let decayTimes = try darkDecay.map { _ in try DarkDecay.ReadTimes(frameTime: frameTime, sca: sca, size: columns) }
        let decayFactors: [Double] = darkDecay.map { d in
            (0...lastRead).map { exp(-(Double($0) - 1.5) * frameTime / d.timeConstant) }
        } ?? []
        let decay = darkDecay
        let geometry = noise?.geometry
        let channels = ReadoutGeometry.channels + 1
        let noiseSeries = noise?.series ?? []
        let noiseOffsets = noise?.offsets ?? [], noiseDrifts = noise?.drifts ?? []

        let hits = HitLog(rows: rows)
        let hasDarkMap = darkMap != nil
        let darkSource = try darkMap ?? TypedArray<Float>(shape: [1], repeating: Float(detector.darkCurrent))
        rate.withUnsafeBufferPointer { rates in
            cube.withUnsafeMutableBufferPointer { out in
                darkSource.withUnsafeBufferPointer { darkBuffer in
                    nonisolated(unsafe) let darks = darkBuffer
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
                            let darkCurrent = hasDarkMap ? Double(darks[y * columns + x]) : detector.darkCurrent
                            let lambda = reference ? 0 : (Double(input[y * columns + x]) + darkCurrent) * frameTime
                            let decayStart = reference ? 0 : decay.map { $0.amplitude * exp(-decayTimes!.time(row: y, column: x) / $0.timeConstant) } ?? 0
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
                                sums[group] += decay == nil ? dn : dn + decayStart * decayFactors[read]
                            }
                            let clock = geometry?.clock(row: y, column: x) ?? 0
                            let channel = geometry.map { x / $0.channelWidth } ?? 0
                            let phase = geometry.map { Double(clock) / Double($0.frameClocks) - 0.5 } ?? 0
                            for g in 0..<resultants {
                                var mean = sums[g] / readsPerGroup[g] + detector.bias
                                    + detector.readNoise / readsPerGroup[g].squareRoot() * random.gaussian()
                                if let geometry {
                                    let k = g * channels + channel
                                    mean += Double(noiseSeries[g * geometry.frameClocks + clock]) + noiseOffsets[k] + noiseDrifts[k] * phase
                                }
                                output[g * plane + y * columns + x] = UInt16(max(0, min(65535, mean.rounded())))
                            }
                        }
                        hits.store(y, rowHits)
                    }
                }
            }
        }
        return (cube, Truth(cosmicRays: hits.all.map { (y: $0.0, x: $0.1, read: $0.2, electrons: $0.3) }, readout: noise))
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
