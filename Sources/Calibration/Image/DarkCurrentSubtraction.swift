import Arrays

/// romancal's dark_current step, run after the ramp fit: subtracts the dark reference's
/// `dark_slope` (DN/s, full frame) from the rate and ORs its dq into the pixel flags. As in
/// romancal, the dark adds no error term (algorithms.md §1.10).
public enum DarkCurrentSubtraction {
    /// - Parameters: `darkSlope`, `darkDQ`: the reference arrays on the full frame (4096²).
    public static func apply(to image: inout CalibratedImage, darkSlope: TypedArray<Float>, darkDQ: TypedArray<UInt32>,
                             border: Int) throws {
        let slope = try darkSlope.trimmed(border), flags = try darkDQ.trimmed(border)
        guard slope.shape == image.shape, flags.shape == image.shape else {
            throw CalibrationError.shape(step: "dark_current", array: "dark_slope", expected: image.shape.map { $0 + 2 * border },
                                                  found: darkSlope.shape)
        }
        slope.withUnsafeBufferPointer { s in
            image.data.withUnsafeMutableBufferPointer { d in for i in d.indices { d[i] -= s[i] } }
        }
        flags.withUnsafeBufferPointer { f in
            image.dq.withUnsafeMutableBufferPointer { d in for i in d.indices { d[i] |= f[i] } }
        }
    }
}
