import Arrays
import WFI

/// An exposure's ramps in flight through the detector-level steps: romancal's `RampModel`.
/// Resultants are float32 DN on the full frame (reference border included); flags are per pixel
/// (`pixelDQ`, `PixelFlags` bits) and per resultant (`groupDQ`, `GroupFlags` bits).
///
/// Steps are functions that take a `Ramp` (and reference arrays) and update it in place.
public struct Ramp: Sendable {
    /// Resultants, DN: (resultants, rows, columns).
    public var data: TypedArray<Float>
    /// The amp33 reference channel, DN: (resultants, rows, channel width).
    public var amp33: TypedArray<Float>
    /// Per-pixel flags: (rows, columns).
    public var pixelDQ: TypedArray<UInt32>
    /// Per-resultant flags: (resultants, rows, columns).
    public var groupDQ: TypedArray<UInt8>
    /// For each resultant, the 1-based read numbers it averages (`meta.exposure.read_pattern`).
    public var readPattern: [[Int]]
    /// Seconds between reads (`meta.exposure.frame_time`).
    public var frameTime: Double
    /// WFI detector number, 1...18.
    public var detector: Int
    /// Width of the reference-pixel border (4 on WFI detectors).
    public var border = 4
    /// Copies of the border reference pixels and their flags (romancal's `border_ref_pix_*` and
    /// `dq_border_ref_pix_*`), made by `DQInitialization`; `ReferencePixelCorrection` replaces
    /// left and right with the corrected strips.
    public var borderReference: BorderReferencePixels?

    public init(data: TypedArray<Float>, amp33: TypedArray<Float>, pixelDQ: TypedArray<UInt32>, groupDQ: TypedArray<UInt8>,
                readPattern: [[Int]], frameTime: Double, detector: Int) {
        self.data = data
        self.amp33 = amp33
        self.pixelDQ = pixelDQ
        self.groupDQ = groupDQ
        self.readPattern = readPattern
        self.frameTime = frameTime
        self.detector = detector
    }

    /// Number of resultants.
    public var resultants: Int { groupDQ.shape[0] }
    /// Frame rows and columns (4096 at full size). Taken from the flags, which live as long as
    /// the ramp: the pipeline frees `data` once the ramps are fitted.
    public var rows: Int { pixelDQ.shape[0] }
    public var columns: Int { pixelDQ.shape[1] }

    /// Whether every pixel is saturated: every resultant flagged SATURATED, or every pixel's
    /// pixel flags SATURATED (romancal's test before refpix).
    public var isFullySaturated: Bool {
        let saturatedGroup = GroupFlags.saturated.rawValue, saturatedPixel = PixelFlags.saturated.rawValue
        let allGroups = groupDQ.withUnsafeBufferPointer { $0.allSatisfy { $0 & saturatedGroup != 0 } }
        return allGroups || pixelDQ.withUnsafeBufferPointer { $0.allSatisfy { $0 & saturatedPixel != 0 } }
    }

    /// Mean time of each resultant from the reset, seconds: frame time x mean read number.
    public var resultantTimes: [Double] {
        readPattern.map { reads in frameTime * Double(reads.reduce(0, +)) / Double(max(reads.count, 1)) }
    }
}

/// The result of fitting every pixel's ramp: the L2 image arrays on the full frame (the
/// pipeline trims the border), DN/s and (DN/s)².
public struct RampFitResult: Sendable {
    /// Count rate, DN/s.
    public var slope: TypedArray<Float>
    /// Variance from Poisson noise and from read noise, (DN/s)².
    public var varPoisson: TypedArray<Float>
    public var varReadNoise: TypedArray<Float>
    /// Total error, DN/s (the square root of the summed variances).
    public var err: TypedArray<Float>
    /// χ² of the fit (0 where undefined).
    public var chisq: TypedArray<Float>
    /// Uniform-weight minus optimal slope over all resultants, DN/s (romancal's `dumo`).
    public var dumo: TypedArray<Float>
    /// Pixel flags after the fit (`pixelDQ` with SATURATED, JUMP_DET, DO_NOT_USE...).
    public var dq: TypedArray<UInt32>
    /// Per-resultant flags after jump detection.
    public var groupDQ: TypedArray<UInt8>

    public init(slope: TypedArray<Float>, varPoisson: TypedArray<Float>, varReadNoise: TypedArray<Float>, err: TypedArray<Float>,
                chisq: TypedArray<Float>, dumo: TypedArray<Float>, dq: TypedArray<UInt32>, groupDQ: TypedArray<UInt8>) {
        self.slope = slope
        self.varPoisson = varPoisson
        self.varReadNoise = varReadNoise
        self.err = err
        self.chisq = chisq
        self.dumo = dumo
        self.dq = dq
        self.groupDQ = groupDQ
    }
}

extension RampFitResult {
    /// Moves one image out of the result (leaving an empty array), so that its new owner holds
    /// the only reference and may reuse the memory.
    mutating func take(_ image: WritableKeyPath<RampFitResult, TypedArray<Float>>) -> TypedArray<Float> {
        let taken = self[keyPath: image]
        self[keyPath: image] = TypedArray<Float>.empty
        return taken
    }
}

extension TypedArray {
    /// An array of no elements, standing in for arrays moved elsewhere.
    static var empty: TypedArray<Element> { try! TypedArray<Element>(shape: [0]) }
}

/// The border reference pixels kept beside the ramp: left/right (resultants, rows, border),
/// top/bottom (resultants, border, columns), and the matching pixel flags (2-D).
public struct BorderReferencePixels: Sendable {
    public var left: TypedArray<Float>, right: TypedArray<Float>, top: TypedArray<Float>, bottom: TypedArray<Float>
    public var dqLeft: TypedArray<UInt32>, dqRight: TypedArray<UInt32>, dqTop: TypedArray<UInt32>, dqBottom: TypedArray<UInt32>

    public init(left: TypedArray<Float>, right: TypedArray<Float>, top: TypedArray<Float>, bottom: TypedArray<Float>,
                dqLeft: TypedArray<UInt32>, dqRight: TypedArray<UInt32>, dqTop: TypedArray<UInt32>, dqBottom: TypedArray<UInt32>) {
        self.left = left
        self.right = right
        self.top = top
        self.bottom = bottom
        self.dqLeft = dqLeft
        self.dqRight = dqRight
        self.dqTop = dqTop
        self.dqBottom = dqBottom
    }
}
