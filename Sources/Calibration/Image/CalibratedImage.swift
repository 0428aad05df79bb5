import Arrays
import WFI

/// The L2 image arrays of one exposure on the science array (the frame less its reference
/// border), as the steps after the ramp fit update them: rate and errors in DN/s, variances in
/// (DN/s)². Float32 in memory; the product stores err, the variances, chisq and dumo as float16,
/// as romancal does.
public struct CalibratedImage: Sendable {
    public var data: TypedArray<Float>
    public var dq: TypedArray<UInt32>
    public var err: TypedArray<Float>
    public var varPoisson: TypedArray<Float>
    public var varReadNoise: TypedArray<Float>
    /// The flat-field variance, when the flat step computes it.
    public var varFlat: TypedArray<Float>?
    public var chisq: TypedArray<Float>
    public var dumo: TypedArray<Float>

    /// The science-array part of a ramp fit made on the full frame (`border` pixels trimmed on
    /// every side). The fit's arrays are compacted in place where this is their only use, so trimming takes no
    /// new memory.
    public init(trimming result: consuming RampFitResult, border: Int) throws {
        var fit = consume result
        data = try fit.take(\.slope).trimmingBorder(border)
        dq = try fit.dq.trimmed(border)
        err = try fit.take(\.err).trimmingBorder(border)
        varPoisson = try fit.take(\.varPoisson).trimmingBorder(border)
        varReadNoise = try fit.take(\.varReadNoise).trimmingBorder(border)
        chisq = try fit.take(\.chisq).trimmingBorder(border)
        dumo = try fit.take(\.dumo).trimmingBorder(border)
    }

    /// The zeroed image romancal makes of an exposure saturated everywhere: rate, error and
    /// variances 0, dq = pixeldq | groupdq[0] | SATURATED on the science array.
    public init(fullySaturated ramp: Ramp) throws {
        let (rows, columns, border) = (ramp.rows, ramp.columns, ramp.border)
        var flags = try TypedArray<UInt32>(shape: [rows, columns])
        ramp.pixelDQ.withUnsafeBufferPointer { pixel in
            ramp.groupDQ.withUnsafeBufferPointer { group in
                flags.withUnsafeMutableBufferPointer { out in
                    for i in out.indices { out[i] = pixel[i] | UInt32(group[i]) | PixelFlags.saturated.rawValue }
                }
            }
        }
        let zero = try TypedArray<Float>(shape: [rows - 2 * border, columns - 2 * border])
        data = zero
        dq = try flags.trimmed(border)
        err = zero
        varPoisson = zero
        varReadNoise = zero
        chisq = zero
        dumo = zero
    }

    /// Rows and columns of the science array.
    public var shape: [Int] { data.shape }
}
