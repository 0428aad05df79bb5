import Arrays

/// romancal's dark_current step, run after the ramp fit: subtracts the dark reference's
/// `dark_slope` (DN/s, full frame) from the rate and ORs its dq into the pixel flags. As in
/// romancal, the dark adds no error term (algorithms.md §1.10).
public enum DarkCurrentSubtraction {
    /// - Parameters: `darkSlope`, `darkDQ`: the reference arrays on the full frame (4096²).
    public static func apply(to image: inout CalibratedImage, darkSlope: TypedArray<Float>, darkDQ: TypedArray<UInt32>,
                             border: Int) throws {
        // The references are read in place on the full frame (row y of the science array is
        // row y + border there), not copied to the science array's size.
        let (rows, columns) = (image.shape[0], image.shape[1])
        let frame = [rows + 2 * border, columns + 2 * border]
        guard darkSlope.shape == frame, darkDQ.shape == frame else {
            throw CalibrationError.shape(step: "dark_current", array: darkSlope.shape == frame ? "dq" : "dark_slope",
                                         expected: frame, found: darkSlope.shape == frame ? darkDQ.shape : darkSlope.shape)
        }
        let stride = frame[1]
        darkSlope.withUnsafeBufferPointer { s in
            image.data.withUnsafeMutableBufferPointer { d in
                for y in 0..<rows {
                    let (from, to) = ((y + border) * stride + border, y * columns)
                    for x in 0..<columns { d[to + x] -= s[from + x] }
                }
            }
        }
        darkDQ.withUnsafeBufferPointer { f in
            image.dq.withUnsafeMutableBufferPointer { d in
                for y in 0..<rows {
                    let (from, to) = ((y + border) * stride + border, y * columns)
                    for x in 0..<columns { d[to + x] |= f[from + x] }
                }
            }
        }
    }
}
