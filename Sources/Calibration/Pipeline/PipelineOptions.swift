/// The steps of the exposure pipeline, in romancal's order, and their parameters as the command
/// line gives them: `--steps.NAME.PARAM=VALUE` (romancal's `strun` syntax) and `--skip NAME`.
public struct PipelineOptions: Sendable, Equatable {
    /// Step names in pipeline order (romancal's step aliases).
    public static let steps = ["dq_init", "saturation", "refpix", "dark_decay", "wfi18_transient", "linearity", "ramp_fit",
                               "dark_current", "assign_wcs", "photom", "flat_field"]

    /// The parameters each step accepts, with their defaults (romancal's).
    public static let defaults: [String: [String: String]] = [
        "dq_init": ["expand_gw_flagging": "0"],
        "saturation": ["n_pix_grow_sat": "0", "backup": "0"],
        "refpix": ["remove_offset": "true", "remove_trends": "true", "cosine_interpolate": "true", "fft_interpolate": "true"],
        "dark_decay": [:],
        "wfi18_transient": ["mask_rows": "false"],
        "linearity": [:],
        "ramp_fit": ["algorithm": "likely", "include_var_rnoise": "false"],
        "dark_current": [:],
        "assign_wcs": [:],
        "photom": [:],
        "flat_field": ["include_var_flat": "false"],
    ]

    /// Steps not to run.
    public var skip: Set<String> = []
    /// Values given for parameters, by step then parameter.
    public var values: [String: [String: String]] = [:]

    public init() {}

    /// Parses `--steps.NAME.PARAM=VALUE` (also `--steps.NAME.skip=true`) and `--skip NAME`
    /// (or `--skip=NAME`); unknown steps, parameters or values are errors naming them.
    public init(arguments: [String]) throws {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--skip" || argument.hasPrefix("--skip=") {
                let name: String
                if argument == "--skip" {
                    guard index + 1 < arguments.count else { throw CalibrationError.badParameter("--skip needs a step name") }
                    name = arguments[index + 1]
                    index += 1
                } else {
                    name = String(argument.dropFirst("--skip=".count))
                }
                try Self.checkStep(name)
                skip.insert(name)
            } else if argument.hasPrefix("--steps.") {
                let body = argument.dropFirst("--steps.".count)
                guard let equals = body.firstIndex(of: "="), let dot = body[..<equals].firstIndex(of: ".") else {
                    throw CalibrationError.badParameter("'\(argument)' is not --steps.STEP.PARAMETER=VALUE")
                }
                let step = String(body[..<dot]), parameter = String(body[body.index(after: dot)..<equals])
                let value = String(body[body.index(after: equals)...])
                try Self.checkStep(step)
                if parameter == "skip" {
                    if try Self.bool(value, "--steps.\(step).skip") { skip.insert(step) } else { skip.remove(step) }
                } else {
                    guard Self.defaults[step]?[parameter] != nil else {
                        let known = (Self.defaults[step] ?? [:]).keys.sorted()
                        throw CalibrationError.badParameter("step \(step) has no parameter '\(parameter)' (it has: \((known + ["skip"]).joined(separator: ", ")))")
                    }
                    values[step, default: [:]][parameter] = value
                }
            } else {
                throw CalibrationError.badParameter("unknown option '\(argument)'")
            }
            index += 1
        }
        // Check the values now, so a typo fails before any work.
        _ = try rampFitAlgorithmName()
        for (step, parameters) in Self.defaults {
            for (parameter, defaultValue) in parameters where defaultValue == "true" || defaultValue == "false" {
                _ = try bool(step, parameter)
            }
            for (parameter, defaultValue) in parameters where Int(defaultValue) != nil {
                _ = try int(step, parameter)
            }
        }
    }

    /// Whether `step` runs.
    public func runs(_ step: String) -> Bool { !skip.contains(step) }

    /// The value of a parameter (given or default).
    public func value(_ step: String, _ parameter: String) -> String {
        values[step]?[parameter] ?? Self.defaults[step]?[parameter] ?? ""
    }

    public func bool(_ step: String, _ parameter: String) throws -> Bool {
        try Self.bool(value(step, parameter), "--steps.\(step).\(parameter)")
    }

    public func int(_ step: String, _ parameter: String) throws -> Int {
        guard let number = Int(value(step, parameter)), number >= 0 else {
            throw CalibrationError.badParameter("--steps.\(step).\(parameter) must be a non-negative integer, not '\(value(step, parameter))'")
        }
        return number
    }

    /// `likely` or `ols_cas22`.
    public func rampFitAlgorithmName() throws -> String {
        let name = value("ramp_fit", "algorithm").lowercased()
        guard ["likely", "ols_cas22"].contains(name) else {
            throw CalibrationError.badParameter("--steps.ramp_fit.algorithm must be likely or ols_cas22, not '\(name)'")
        }
        return name
    }

    static func checkStep(_ name: String) throws {
        guard steps.contains(name) else {
            throw CalibrationError.badParameter("unknown step '\(name)' (steps: \(steps.joined(separator: ", ")))")
        }
    }

    static func bool(_ text: String, _ what: String) throws -> Bool {
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw CalibrationError.badParameter("\(what) must be true or false, not '\(text)'")
        }
    }
}
