import Arrays
import Dispatch
import WFI

/// The ramp-fitting algorithms of romancal's `ramp_fit` step.
public enum RampFitAlgorithm: String, Sendable, CaseIterable {
    /// The default: Brandt (2024a, PASP 136, 045004; 2024b, PASP 136, 045005) likelihood fit of the
    /// resultant differences with its iterative jump search (stcal `likely_fit`).
    case likely
    /// Casertano et al. (2022) optimal-weighting least squares with in-fit jump detection
    /// (stcal `ols_cas22`, deprecated in romancal).
    case optimalWeighting
}

/// What is wrong with the inputs of a ramp fit.
public enum RampFitError: Error, Equatable, Sendable {
    /// The likelihood fit needs at least `minimum` resultants.
    case tooFewResultants(found: Int, minimum: Int)
    /// The read-noise map is not (rows, columns) of the ramp.
    case readNoiseShape(expected: [Int], found: [Int])
    /// The gain map is not (rows, columns) of the ramp.
    case gainShape(expected: [Int], found: [Int])
    /// The ramp's `data` is not three-dimensional (resultants, rows, columns).
    case dataShape(found: [Int])
    /// `groupDQ` is not the shape of `data`.
    case groupDQShape(expected: [Int], found: [Int])
    /// `pixelDQ` is not (rows, columns).
    case pixelDQShape(expected: [Int], found: [Int])
    /// The read pattern does not list one non-empty set of reads per resultant.
    case readPattern(resultants: Int, patternEntries: Int)
    /// The frame time is not a positive number.
    case frameTime(Double)
}

/// Ramp fitting of a whole detector: slopes, variances, χ², pixel flags and jump flags.
public enum RampFitting {
    /// Rows handed to one worker at a time.
    static let rowsPerBlock = 8

    /// Fits every pixel's ramp of `ramp` (linear DN, full frame with the reference border).
    ///
    /// - Parameters:
    ///   - readNoise: read noise of one read, DN, (rows, columns), as the `readnoise` reference
    ///     file holds it.
    ///   - gain: e/DN, (rows, columns).
    ///   - algorithm: `.likely` (romancal's default; Brandt 2024, PASP 136, 045004/045005) or
    ///     `.optimalWeighting` (Casertano et al. 2022, 'ols_cas22').
    /// - Returns: the L2 arrays on the full frame (DN/s), the compressed pixel flags and the
    ///   resultant flags with the jumps found (`jumpIndices` lists them in science coordinates).
    ///
    /// Rows are processed in blocks on all cores; every pixel is independent, so the result does
    /// not depend on the thread count.
    public static func fit(_ ramp: Ramp, readNoise: TypedArray<Float>, gain: TypedArray<Float>,
                           algorithm: RampFitAlgorithm = .likely) throws(RampFitError) -> RampFitResult {
        var copy = ramp
        return try fit(updating: &copy, readNoise: readNoise, gain: gain, algorithm: algorithm)
    }

    /// `fit`, updating `ramp`'s pixel and resultant flags in place instead of copies of them (the
    /// resultant flags of a full-size 10-resultant ramp are 168 MB); the result shares them.
    public static func fit(updating ramp: inout Ramp, readNoise: TypedArray<Float>, gain: TypedArray<Float>,
                           algorithm: RampFitAlgorithm = .likely) throws(RampFitError) -> RampFitResult {
        try validate(ramp, readNoise: readNoise, gain: gain, algorithm: algorithm)
        let (resultants, rows, columns) = (ramp.resultants, ramp.rows, ramp.columns)
        let plane = [rows, columns]
        var slope = try! TypedArray<Float>(shape: plane)
        var varPoisson = try! TypedArray<Float>(shape: plane)
        var varReadNoise = try! TypedArray<Float>(shape: plane)
        var err = try! TypedArray<Float>(shape: plane)
        var chisq = try! TypedArray<Float>(shape: plane)
        var dumo = try! TypedArray<Float>(shape: plane)
        // Moved out of the ramp while the fit writes them, so they are not copied on write.
        var dq = ramp.pixelDQ, groupDQ = ramp.groupDQ
        (ramp.pixelDQ, ramp.groupDQ) = (.empty, .empty)
        defer { (ramp.pixelDQ, ramp.groupDQ) = (dq, groupDQ) }
        let uniform = UniformWeights(readPattern: ramp.readPattern, frameTime: ramp.frameTime)
        let likelyPattern = algorithm == .likely ? LikelyReadPattern(readPattern: ramp.readPattern, frameTime: ramp.frameTime) : nil
        let casPattern = algorithm == .optimalWeighting ? CasertanoReadPattern(readPattern: ramp.readPattern, frameTime: ramp.frameTime) : nil

        ramp.data.withUnsafeBufferPointer { dataBuffer in
        readNoise.withUnsafeBufferPointer { noiseBuffer in
        gain.withUnsafeBufferPointer { gainBuffer in
        slope.withUnsafeMutableBufferPointer { slopeBuffer in
        varPoisson.withUnsafeMutableBufferPointer { varPBuffer in
        varReadNoise.withUnsafeMutableBufferPointer { varRBuffer in
        err.withUnsafeMutableBufferPointer { errBuffer in
        chisq.withUnsafeMutableBufferPointer { chisqBuffer in
        dumo.withUnsafeMutableBufferPointer { dumoBuffer in
        dq.withUnsafeMutableBufferPointer { dqBuffer in
        groupDQ.withUnsafeMutableBufferPointer { groupBuffer in
            let io = RowIO(data: dataBuffer.baseAddress!, readNoise: noiseBuffer.baseAddress!, gain: gainBuffer.baseAddress!,
                           slope: slopeBuffer.baseAddress!, varPoisson: varPBuffer.baseAddress!, varReadNoise: varRBuffer.baseAddress!,
                           err: errBuffer.baseAddress!, chisq: chisqBuffer.baseAddress!, dumo: dumoBuffer.baseAddress!,
                           dq: dqBuffer.baseAddress!, groupDQ: groupBuffer.baseAddress!,
                           resultants: resultants, rows: rows, columns: columns)
            let blocks = (rows + rowsPerBlock - 1) / rowsPerBlock
            DispatchQueue.concurrentPerform(iterations: blocks) { block in
                let rowRange = (block * rowsPerBlock)..<min(rows, (block + 1) * rowsPerBlock)
                if let likelyPattern {
                    let fitter = LikelyRampFit(pattern: likelyPattern)
                    for y in rowRange { fitter.fitRow(y, io: io) }
                } else if let casPattern {
                    let fitter = OptimalWeightingFit(pattern: casPattern)
                    for y in rowRange { fitter.fitRow(y, io: io) }
                }
                for y in rowRange { uniform.dumoRow(y, io: io) }
            }
        }}}}}}}}}}}
        return RampFitResult(slope: slope, varPoisson: varPoisson, varReadNoise: varReadNoise, err: err, chisq: chisq,
                             dumo: dumo, dq: dq, groupDQ: groupDQ)
    }

    static func validate(_ ramp: Ramp, readNoise: TypedArray<Float>, gain: TypedArray<Float>,
                         algorithm: RampFitAlgorithm) throws(RampFitError) {
        guard ramp.data.shape.count == 3 else { throw .dataShape(found: ramp.data.shape) }
        let plane = [ramp.rows, ramp.columns]
        guard ramp.groupDQ.shape == ramp.data.shape else { throw .groupDQShape(expected: ramp.data.shape, found: ramp.groupDQ.shape) }
        guard ramp.pixelDQ.shape == plane else { throw .pixelDQShape(expected: plane, found: ramp.pixelDQ.shape) }
        guard readNoise.shape == plane else { throw .readNoiseShape(expected: plane, found: readNoise.shape) }
        guard gain.shape == plane else { throw .gainShape(expected: plane, found: gain.shape) }
        guard ramp.readPattern.count == ramp.resultants, ramp.readPattern.allSatisfy({ !$0.isEmpty }) else {
            throw .readPattern(resultants: ramp.resultants, patternEntries: ramp.readPattern.count)
        }
        guard ramp.frameTime > 0, ramp.frameTime.isFinite else { throw .frameTime(ramp.frameTime) }
        let minimum = algorithm == .likely ? LikelyRampFit.minimumResultants : 1
        guard ramp.resultants >= minimum else { throw .tooFewResultants(found: ramp.resultants, minimum: minimum) }
    }
}

/// Raw pointers to a fit's inputs and outputs, shared by the row workers (each writes only its
/// own rows).
struct RowIO: @unchecked Sendable {
    let data: UnsafePointer<Float>
    let readNoise: UnsafePointer<Float>
    let gain: UnsafePointer<Float>
    let slope: UnsafeMutablePointer<Float>
    let varPoisson: UnsafeMutablePointer<Float>
    let varReadNoise: UnsafeMutablePointer<Float>
    let err: UnsafeMutablePointer<Float>
    let chisq: UnsafeMutablePointer<Float>
    let dumo: UnsafeMutablePointer<Float>
    let dq: UnsafeMutablePointer<UInt32>
    let groupDQ: UnsafeMutablePointer<UInt8>
    let resultants: Int
    let rows: Int
    let columns: Int
    var plane: Int { rows * columns }
}

extension RampFitResult {
    /// romancal's `jump_indices`: one row (resultant, y − border, x − border) per resultant flagged
    /// JUMP_DET outside the reference border, resultant-major then row-major (numpy `nonzero`
    /// order); Int16, shape (N, 3).
    public func jumpIndices(border: Int = 4) -> TypedArray<Int16> {
        RampFitting.jumpIndices(groupDQ: groupDQ, border: border)
    }
}

extension RampFitting {
    /// (resultant, y − border, x − border) of every JUMP_DET resultant flag outside the border.
    public static func jumpIndices(groupDQ: TypedArray<UInt8>, border: Int = 4) -> TypedArray<Int16> {
        precondition(groupDQ.shape.count == 3, "groupDQ must be (resultants, rows, columns)")
        let (resultants, rows, columns) = (groupDQ.shape[0], groupDQ.shape[1], groupDQ.shape[2])
        let jump = GroupFlags.jumpDetected.rawValue
        var found: [Int16] = []
        groupDQ.withUnsafeBufferPointer { flags in
            for g in 0..<resultants {
                for y in border..<max(border, rows - border) {
                    let base = (g * rows + y) * columns
                    for x in border..<max(border, columns - border) where flags[base + x] & jump != 0 {
                        found.append(Int16(truncatingIfNeeded: g))
                        found.append(Int16(truncatingIfNeeded: y - border))
                        found.append(Int16(truncatingIfNeeded: x - border))
                    }
                }
            }
        }
        return try! TypedArray<Int16>(shape: [found.count / 3, 3], elements: found)
    }
}
