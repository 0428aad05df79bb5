import Arrays
import ASDF
import WFI

/// Each pipeline step as an action on the pipeline state, returning its `cal_step` status.
enum PipelineSteps {
    typealias Action = @Sendable (inout PipelineState) throws -> String

    static let table: [String: Action] = [
        "dark_current": darkCurrent,
        "assign_wcs": assignWCS,
        "photom": photom,
        "flat_field": flatField,
    ]

    static func darkCurrent(_ state: inout PipelineState) throws -> String {
        var image = try state.fitted("dark_current")
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
        var image = try state.fitted("flat_field")
        let flat = try state.reference("flat")
        try FlatFieldCorrection.apply(to: &image, flat: try flat.array("data"), flatError: try flat.array("err"),
                                      flatDQ: try flat.array("dq"), includeFlatVariance: try state.options.bool("flat_field", "include_var_flat"))
        state.image = image
        return "COMPLETE"
    }
}
