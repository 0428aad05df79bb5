import Testing
@testable import Calibration

@Suite struct PipelineOptionsTests {
    @Test func parsesStrunStyleParametersAndSkips() throws {
        let options = try PipelineOptions(arguments: ["--steps.ramp_fit.algorithm=ols_cas22", "--skip", "refpix", "--skip=photom",
                                                      "--steps.flat_field.include_var_flat=true", "--steps.dark_decay.skip=True",
                                                      "--steps.saturation.n_pix_grow_sat=2"])
        #expect(options.skip == ["refpix", "photom", "dark_decay"])
        #expect(try options.rampFitAlgorithmName() == "ols_cas22")
        #expect(try options.bool("flat_field", "include_var_flat") && !(try options.bool("ramp_fit", "include_var_rnoise")))
        #expect(try options.int("saturation", "n_pix_grow_sat") == 2 && (try options.int("saturation", "backup")) == 0)
        #expect(options.runs("linearity") && !options.runs("refpix"))
    }

    @Test(arguments: [
        (["--skip", "ramp_fitting"], "unknown step 'ramp_fitting'"),
        (["--steps.ramp_fit.algorith=likely"], "no parameter 'algorith'"),
        (["--steps.ramp_fit.algorithm=ols"], "likely or ols_cas22"),
        (["--steps.flat_field.include_var_flat=maybe"], "true or false"),
        (["--steps.saturation.backup=-1"], "non-negative integer"),
        (["--steps.refpix"], "--steps.STEP.PARAMETER=VALUE"),
        (["--fast"], "unknown option '--fast'"),
        (["--skip"], "needs a step name"),
    ])
    func rejectsTyposWithAClearMessage(arguments: [String], message: String) {
        do {
            _ = try PipelineOptions(arguments: arguments)
            Issue.record("accepted \(arguments)")
        } catch {
            #expect("\(error)".contains(message), "\(error)")
        }
    }
}
