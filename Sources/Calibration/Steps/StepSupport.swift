import Arrays

enum StepSupport {
    static func check<T: ArrayElement>(_ step: String, _ name: String, _ array: TypedArray<T>, _ expected: [Int]) throws(CalibrationError) {
        guard array.shape == expected else { throw .shape(step: step, array: name, expected: expected, found: array.shape) }
    }

    static func checkRamp(_ step: String, _ ramp: Ramp) throws(CalibrationError) {
        guard ramp.groupDQ.shape.count == 3, ramp.pixelDQ.shape.count == 2 else {
            throw .shape(step: step, array: "groupdq", expected: [ramp.data.shape.first ?? 0] + ramp.pixelDQ.shape, found: ramp.groupDQ.shape)
        }
        let (n, rows, columns) = (ramp.resultants, ramp.rows, ramp.columns)
        try check(step, "data", ramp.data, [n, rows, columns])
        try check(step, "groupdq", ramp.groupDQ, [n, rows, columns])
        try check(step, "pixeldq", ramp.pixelDQ, [rows, columns])
        guard ramp.readPattern.count == n, ramp.readPattern.allSatisfy({ !$0.isEmpty }) else {
            throw .readPattern(step: step, reason: "\(ramp.readPattern.count) non-empty entries needed for \(n) resultants")
        }
    }
}
