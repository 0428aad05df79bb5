import Arrays
import WFI

/// Simulated ramps made ready for a ramp fit without the detector-level steps (for tests and
/// benchmarks of the fit alone): the bias subtracted, as float32 DN, and every resultant from the
/// first one at or above `saturation` (DN above bias) flagged SATURATED.
public enum SimulatedRampPreparation {
    public static func prepare(_ cube: TypedArray<UInt16>, bias: Double, saturation: Float) throws
        -> (data: TypedArray<Float>, groupDQ: TypedArray<UInt8>) {
        let resultants = cube.shape[0], plane = cube.shape[1] * cube.shape[2]
        var data = try TypedArray<Float>(shape: cube.shape)
        var groupDQ = try TypedArray<UInt8>(shape: cube.shape)
        let offset = Float(bias), saturated = GroupFlags.saturated.rawValue
        cube.withUnsafeBufferPointer { raw in
            data.withUnsafeMutableBufferPointer { out in
                groupDQ.withUnsafeMutableBufferPointer { flags in
                    for p in 0..<plane {
                        var reached = false
                        for g in 0..<resultants {
                            let value = Float(raw[g * plane + p]) - offset
                            out[g * plane + p] = value
                            if value >= saturation { reached = true }
                            if reached { flags[g * plane + p] = saturated }
                        }
                    }
                }
            }
        }
        return (data, groupDQ)
    }
}
