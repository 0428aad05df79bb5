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
    /// every side).
    public init(trimming fit: RampFitResult, border: Int) throws {
        data = try fit.slope.trimmed(border)
        dq = try fit.dq.trimmed(border)
        err = try fit.err.trimmed(border)
        varPoisson = try fit.varPoisson.trimmed(border)
        varReadNoise = try fit.varReadNoise.trimmed(border)
        chisq = try fit.chisq.trimmed(border)
        dumo = try fit.dumo.trimmed(border)
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

extension TypedArray {
    /// The 2-D array without `border` pixels on each side (a contiguous copy).
    public func trimmed(_ border: Int) throws -> TypedArray<Element> {
        let rows = shape[0], columns = shape[1]
        let outRows = rows - 2 * border, outColumns = columns - 2 * border
        var out = try TypedArray<Element>(shape: [outRows, outColumns])
        withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                for y in 0..<outRows {
                    let from = (y + border) * columns + border
                    for x in 0..<outColumns { target[y * outColumns + x] = source[from + x] }
                }
            }
        }
        return out
    }
}
