import Arrays
import ASDF
import Foundation
import WFI

/// Builds the L2 `_cal` product (rad `wfi_image`) of a calibrated exposure, as romancal's
/// `_create_image_model` does (algorithms.md §1.9c): the L1 metadata carried forward, the
/// image arrays on the science array (err, variances, chisq and dumo as float16), the amp33
/// channel and the border reference pixels, `jump_indices`, `meta.cal_step` and the file name
/// with the `_cal` suffix.
public enum L2Assembler {
    /// The border reference pixels as dq_init copied them (and refpix corrected the left and
    /// right strips), or copied from the ramp now if dq_init did not run.
    public static func borderArrays(_ ramp: Ramp) throws -> [String: NDArray] {
        let border = try ramp.borderReference ?? DQInitialization.borderCopies(of: ramp)
        return [
            "border_ref_pix_left": border.left.ndarray, "border_ref_pix_right": border.right.ndarray,
            "border_ref_pix_top": border.top.ndarray, "border_ref_pix_bottom": border.bottom.ndarray,
            "dq_border_ref_pix_left": border.dqLeft.ndarray, "dq_border_ref_pix_right": border.dqRight.ndarray,
            "dq_border_ref_pix_top": border.dqTop.ndarray, "dq_border_ref_pix_bottom": border.dqBottom.ndarray,
        ]
    }

    /// A float32 array as float16 (values beyond float16's range become ±infinity, as numpy's
    /// astype does).
    static func half(_ array: TypedArray<Float>) throws -> TypedArray<Float16> {
        var out = try TypedArray<Float16>(shape: array.shape)
        array.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in for i in target.indices { target[i] = Float16(source[i]) } }
        }
        return out
    }

    /// The L2 product.
    /// - Parameters:
    ///   - input: the L1 exposure (its metadata goes forward).
    ///   - ramp: the ramps after the detector-level steps (amp33 and the border pixels).
    ///   - image: the calibrated image.
    ///   - groupDQ: the per-resultant flags after jump detection (for `jump_indices`).
    ///   - calSteps: `meta.cal_step` values by step name.
    ///   - includeReadNoiseVariance: also write `var_rnoise` (romancal's `include_var_rnoise`).
    public static func product(input: ExposureInput, ramp: Ramp, image: CalibratedImage, groupDQ: TypedArray<UInt8>,
                               calSteps: [String: String], meta extra: [(String, Node)] = [],
                               includeReadNoiseVariance: Bool = false) throws -> CalibratedImageProduct {
        var arrays: [String: NDArray] = [
            "data": image.data.ndarray, "dq": image.dq.ndarray,
            "err": try half(image.err).ndarray, "var_poisson": try half(image.varPoisson).ndarray,
            "chisq": try half(image.chisq).ndarray, "dumo": try half(image.dumo).ndarray,
            "amp33": try ramp.amp33Counts().ndarray,
            "jump_indices": RampFitting.jumpIndices(groupDQ: groupDQ, border: ramp.border).ndarray,
        ]
        if includeReadNoiseVariance { arrays["var_rnoise"] = try half(image.varReadNoise).ndarray }
        if let varFlat = image.varFlat { arrays["var_flat"] = try half(varFlat).ndarray }
        for (key, value) in try borderArrays(ramp) { arrays[key] = value }
        var model = try ModelFactory.make(.image, arrays: arrays)
        // Carry the L1 metadata forward, key by key (the L2 schema is a superset).
        for (key, value) in input.product.model.meta.mappingValue ?? [:] {
            let name = key.description
            guard !["model_type", "filename", "file_date", "product_type"].contains(name) else { continue }
            model.set("meta/" + name, value)
        }
        model.set("meta/product_type", "l2")
        model.set("meta/file_date", Time(isot: L2Assembler.now()).node)
        model.set("meta/wcs", .null)
        for step in l2Steps { model.set("meta/cal_step/" + step, .string(calSteps[step] ?? "INCOMPLETE")) }
        for (path, value) in extra { model.set(path, value) }
        var product = try CalibratedImageProduct(model)
        if let name = product.fileName(suffix: .cal) { product.model.set("meta/filename", .string(name)) }
        return product
    }

    /// The `meta.cal_step` keys of an L2 image (rad `l2_cal_step`).
    public static let l2Steps = ["assign_wcs", "flat_field", "dark", "dark_decay", "dq_init", "flux", "linearity", "photom",
                                 "source_catalog", "ramp_fit", "refpix", "saturation", "outlier_detection", "tweakreg",
                                 "skymatch", "wfi18_transient"]

    /// The current UTC time, ISO 8601 without zone (astropy isot).
    static func now() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return String(formatter.string(from: Date()).dropLast())
    }
}

extension Ramp {
    /// The amp33 channel back in uint16 DN, as romancal stores it (numpy `uint16(abs(x))`:
    /// truncated toward zero, clipped here to the uint16 range).
    func amp33Counts() throws -> TypedArray<UInt16> {
        var out = try TypedArray<UInt16>(shape: amp33.shape)
        amp33.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                for i in target.indices { target[i] = source[i].isNaN ? 0 : UInt16(min(65535, abs(source[i]))) }
            }
        }
        return out
    }
}
