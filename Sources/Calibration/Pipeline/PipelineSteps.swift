import Arrays
import ASDF
import WFI

/// Each pipeline step as an action on the pipeline state, returning its `cal_step` status.
enum PipelineSteps {
    typealias Action = @Sendable (inout PipelineState) throws -> String

    static let table: [String: Action] = [
        "dq_init": dqInit,
        "saturation": saturation,
        "refpix": refpix,
        "dark_decay": darkDecay,
        "wfi18_transient": wfi18Transient,
        "linearity": linearity,
        "ramp_fit": rampFit,
        "dark_current": darkCurrent,
        "assign_wcs": assignWCS,
        "photom": photom,
        "flat_field": flatField,
    ]

    static func dqInit(_ state: inout PipelineState) throws -> String {
        let meta = state.input.product.model
        func window(_ key: String) -> Int? { meta.meta("guide_star/" + key)?.intValue.map(Int.init) }
        var guideWindow: DQInitialization.GuideWindow?
        if let xStart = window("window_xstart"), let xStop = window("window_xstop"),
           let yStart = window("window_ystart"), let yStop = window("window_ystop") {
            guideWindow = DQInitialization.GuideWindow(xStart: xStart, xStop: xStop, yStart: yStart, yStop: yStop)
        }
        let applied = try DQInitialization.apply(to: &state.ramp, mask: try state.reference("mask").array("dq"), guideWindow: guideWindow,
                                                 expandGuideWindow: try state.options.int("dq_init", "expand_gw_flagging"))
        return applied ? "COMPLETE" : "SKIPPED"
    }

    static func saturation(_ state: inout PipelineState) throws -> String {
        let reference = try state.reference("saturation")
        try SaturationFlagging.apply(to: &state.ramp, threshold: try reference.array("data"), referenceDQ: try reference.array("dq"),
                                     growSaturation: try state.options.int("saturation", "n_pix_grow_sat"),
                                     backup: try state.options.int("saturation", "backup"))
        return "COMPLETE"
    }

    static func refpix(_ state: inout PipelineState) throws -> String {
        let reference = try state.reference("refpix")
        var options = ReferencePixelCorrection.Options()
        options.removeOffset = try state.options.bool("refpix", "remove_offset")
        options.removeTrends = try state.options.bool("refpix", "remove_trends")
        options.cosineInterpolate = try state.options.bool("refpix", "cosine_interpolate")
        options.fftInterpolate = try state.options.bool("refpix", "fft_interpolate")
        try ReferencePixelCorrection.apply(to: &state.ramp, gamma: try reference.array("gamma"), zeta: try reference.array("zeta"),
                                           alpha: try reference.array("alpha"), options: options)
        return "COMPLETE"
    }

    /// The decay of this detector from the `darkdecaysignal` table (`decay_table.WFInn`).
    static func darkDecay(_ state: inout PipelineState) throws -> String {
        let reference = try state.reference("darkdecaysignal")
        let key = "decay_table/" + state.input.detector.name
        guard let amplitude = reference.model.node[path: key + "/amplitude"]?.doubleValue,
              let timeConstant = reference.model.node[path: key + "/time_constant"]?.doubleValue else {
            throw CalibrationError.wrongReference(file: reference.model.file.path ?? "darkdecaysignal",
                                                  problem: "no \(key.replacingOccurrences(of: "/", with: ".")) entry")
        }
        try DarkDecayCorrection.apply(to: &state.ramp, amplitude: amplitude, timeConstant: timeConstant)
        return "COMPLETE"
    }

    static func wfi18Transient(_ state: inout PipelineState) throws -> String {
        switch try WFI18TransientCorrection.apply(to: &state.ramp, maskRows: try state.options.bool("wfi18_transient", "mask_rows")) {
        case .notApplicable: return "N/A"
        case .corrected, .masked: return "COMPLETE"
        }
    }

    static func linearity(_ state: inout PipelineState) throws -> String {
        let linearity = try state.reference("linearity"), inverse = try state.reference("inverselinearity")
        try LinearityCorrection.apply(to: &state.ramp, linearity: try linearity.array("coeffs"), linearityDQ: try linearity.array("dq"),
                                      inverse: try inverse.array("coeffs"))
        return "COMPLETE"
    }

    static func rampFit(_ state: inout PipelineState) throws -> String {
        let readNoise: TypedArray<Float> = try state.reference("readnoise").array("data")
        let gain: TypedArray<Float> = try state.reference("gain").array("data")
        let algorithm: RampFitAlgorithm = try state.options.rampFitAlgorithmName() == "ols_cas22" ? .optimalWeighting : .likely
        // The border copies come from the ramps (when dq_init did not make them), which are
        // freed below.
        if state.ramp.borderReference == nil { state.ramp.borderReference = try DQInitialization.borderCopies(of: state.ramp) }
        let fit = try RampFitting.fit(updating: &state.ramp, readNoise: readNoise, gain: gain, algorithm: algorithm)
        // The resultants are not needed after the fit (671 MB at full size): freed before the
        // image steps.
        state.ramp.data = .empty
        state.groupDQ = fit.groupDQ
        state.image = try CalibratedImage(trimming: consume fit, border: state.ramp.border)
        return "COMPLETE"
    }

    static func darkCurrent(_ state: inout PipelineState) throws -> String {
        var image = try state.takeFitted("dark_current")
        let dark = try state.reference("dark")
        try DarkCurrentSubtraction.apply(to: &image, darkSlope: try dark.array("dark_slope"), darkDQ: try dark.array("dq"),
                                         border: state.ramp.border)
        state.image = image
        return "COMPLETE"
    }

    /// The gwcs object from the distortion and the pointing (`meta.wcs`) and the footprint
    /// (`meta.wcsinfo.s_region`).
    static func assignWCS(_ state: inout PipelineState) throws -> String {
        let image = try state.fitted("assign_wcs")
        let inputs = try WCSInputs(distortionReference: try state.reference("distortion"), meta: state.input.product.model)
        let (rows, columns) = (image.shape[0], image.shape[1])
        state.meta.append(("meta/wcs", try inputs.gwcs(columns: columns, rows: rows).node))
        state.meta.append(("meta/wcsinfo/s_region", .string(try inputs.sRegion(columns: columns, rows: rows))))
        return "COMPLETE"
    }

    static func photom(_ state: inout PipelineState) throws -> String {
        guard let element = state.input.element,
              let values = PhotometricConversion.photometry(from: try state.reference("photom"), element: element) else {
            return "COMPLETE"
        }
        for (key, value) in values.sorted(by: { $0.key < $1.key }) { state.meta.append(("meta/photometry/" + key, .float(value))) }
        return "COMPLETE"
    }

    /// Skipped for spectroscopic exposures, as romancal does.
    static func flatField(_ state: inout PipelineState) throws -> String {
        if state.input.element?.isSpectroscopic == true { return "SKIPPED" }
        var image = try state.takeFitted("flat_field")
        let flat = try state.reference("flat")
        try FlatFieldCorrection.apply(to: &image, flat: try flat.array("data"), flatError: try flat.array("err"),
                                      flatDQ: try flat.array("dq"), includeFlatVariance: try state.options.bool("flat_field", "include_var_flat"))
        state.image = image
        return "COMPLETE"
    }
}
