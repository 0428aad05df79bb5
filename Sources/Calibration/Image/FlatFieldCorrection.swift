import Arrays
import WFI

/// romancal's flat_field step (algorithms.md §1.12): divides the rate, dumo and error by the flat
/// and the variances by its square; pixels whose flat is NaN or 0 get NO_FLAT_FIELD and are left
/// as they are (flat := 1); the flat's dq is ORed in. With `includeFlatVariance`, var_flat =
/// S²σ_f²/f² (S the corrected rate) is added to the error in quadrature.
public enum FlatFieldCorrection {
    /// `flat`, `flatError`, `flatDQ`: the reference arrays on the science array (4088²).
    public static func apply(to image: inout CalibratedImage, flat: TypedArray<Float>, flatError: TypedArray<Float>,
                             flatDQ: TypedArray<UInt32>, includeFlatVariance: Bool = false) throws {
        for (name, shape) in [("data", flat.shape), ("err", flatError.shape), ("dq", flatDQ.shape)] where shape != image.shape {
            throw CalibrationError.shape(step: "flat_field", array: "flat " + name, expected: image.shape, found: shape)
        }
        let noFlat = PixelFlags.noFlatField.rawValue
        var varFlat = includeFlatVariance ? try TypedArray<Float>(shape: image.shape) : nil
        flat.withUnsafeBufferPointer { f in
            flatError.withUnsafeBufferPointer { fe in
                flatDQ.withUnsafeBufferPointer { fdq in
                    image.data.withUnsafeMutableBufferPointer { data in
                        image.dq.withUnsafeMutableBufferPointer { dq in
                            image.err.withUnsafeMutableBufferPointer { err in
                                image.varPoisson.withUnsafeMutableBufferPointer { vp in
                                    image.varReadNoise.withUnsafeMutableBufferPointer { vr in
                                        image.dumo.withUnsafeMutableBufferPointer { dumo in
                                            for i in data.indices {
                                                var value = f[i]
                                                dq[i] |= fdq[i]
                                                if value.isNaN || value == 0 { dq[i] |= noFlat }
                                                if dq[i] & noFlat != 0 { value = 1 }
                                                data[i] /= value
                                                dumo[i] /= value
                                                err[i] /= value
                                                vp[i] /= value * value
                                                vr[i] /= value * value
                                                if includeFlatVariance {
                                                    let v = data[i] * data[i] * fe[i] * fe[i] / (value * value)
                                                    varFlat?[flat: i] = v
                                                    err[i] = (err[i] * err[i] + v).squareRoot()
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        image.varFlat = varFlat
    }
}
