/// The identifier of a WFI visit, `PPPPPCCAAASSSOOOVVV` (metadata `visit_id`): program,
/// execution plan, pass within the plan, segment within the pass, observation within the
/// segment, and visit within the observation.
///
/// Every field is the zero-padded decimal number of its width, so a `VisitID` holds numbers in
/// those ranges only (0 is allowed: the conventions give widths, not lower bounds). Its
/// ``description`` is the 19-digit form, which is also its `Codable` form (a string, as in the
/// metadata).
public struct VisitID: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    /// Observing program, `PPPPP`, 0...99999.
    public let program: Int
    /// Execution plan within the program, `CC`, 0...99.
    public let executionPlan: Int
    /// Pass within the execution plan, `AAA`, 0...999.
    public let pass: Int
    /// Segment within the pass, `SSS`, 0...999.
    public let segment: Int
    /// Observation within the segment, `OOO`, 0...999.
    public let observation: Int
    /// Visit within the observation, `VVV`, 0...999.
    public let visit: Int

    static let programRange = 0...99_999
    static let executionPlanRange = 0...99
    static let threeDigitRange = 0...999

    /// A visit from its numbers; throws a ``NamingError`` naming the first field out of range.
    public init(program: Int, executionPlan: Int, pass: Int, segment: Int, observation: Int, visit: Int) throws(NamingError) {
        let name = Self.render(program, executionPlan, pass, segment, observation, visit)
        try NameSyntax.check(program, in: Self.programRange, width: 5, component: "program",
                             expected: "a program number 00000-99999 (5 digits)", name: name)
        try Self.checkWithinProgram(executionPlan, pass, segment, observation, visit, name: name)
        self.init(unchecked: program, executionPlan, pass, segment, observation, visit)
    }

    /// Parses the 19-digit form `PPPPPCCAAASSSOOOVVV` (no `r` prefix, nothing else).
    public init(parsing text: some StringProtocol) throws(NamingError) {
        let text = Substring(text)
        guard text.utf8.count == 19, NameSyntax.isAllDigits(text) else {
            throw NamingError(name: String(text), component: "visit id", found: String(text),
                              expected: Self.expectedForm)
        }
        let field = { (offset: Int, width: Int) -> Int in
            let start = text.utf8.index(text.utf8.startIndex, offsetBy: offset)
            let end = text.utf8.index(start, offsetBy: width)
            return NameSyntax.number(text[start..<end]) ?? 0
        }
        self.init(unchecked: field(0, 5), field(5, 2), field(7, 3), field(10, 3), field(13, 3), field(16, 3))
    }

    init(unchecked program: Int, _ executionPlan: Int, _ pass: Int, _ segment: Int, _ observation: Int, _ visit: Int) {
        self.program = program
        self.executionPlan = executionPlan
        self.pass = pass
        self.segment = segment
        self.observation = observation
        self.visit = visit
    }

    /// The 19-digit form, `PPPPPCCAAASSSOOOVVV` (e.g. `0012301008002013005`).
    public var description: String {
        Self.render(program, executionPlan, pass, segment, observation, visit)
    }

    /// The visit within its program, `CCAAASSSOOOVVV` (14 digits): the form used by visit subsets.
    var withinProgram: String {
        Self.renderWithinProgram(executionPlan, pass, segment, observation, visit)
    }

    /// Orders as the 19-digit form sorts: program, plan, pass, segment, observation, visit.
    public static func < (lhs: VisitID, rhs: VisitID) -> Bool {
        (lhs.program, lhs.executionPlan, lhs.pass, lhs.segment, lhs.observation, lhs.visit)
            < (rhs.program, rhs.executionPlan, rhs.pass, rhs.segment, rhs.observation, rhs.visit)
    }

    /// Decodes the 19-digit string form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do throws(NamingError) {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    /// Encodes the 19-digit string form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    static let expectedForm = "a 19-digit visit id PPPPPCCAAASSSOOOVVV"

    static func render(_ program: Int, _ executionPlan: Int, _ pass: Int, _ segment: Int, _ observation: Int, _ visit: Int) -> String {
        NameSyntax.padded(program, width: 5) + renderWithinProgram(executionPlan, pass, segment, observation, visit)
    }

    static func renderWithinProgram(_ executionPlan: Int, _ pass: Int, _ segment: Int, _ observation: Int, _ visit: Int) -> String {
        NameSyntax.padded(executionPlan, width: 2) + NameSyntax.padded(pass, width: 3)
            + NameSyntax.padded(segment, width: 3) + NameSyntax.padded(observation, width: 3)
            + NameSyntax.padded(visit, width: 3)
    }

    /// Checks the five fields below the program against their widths.
    static func checkWithinProgram(
        _ executionPlan: Int, _ pass: Int, _ segment: Int, _ observation: Int, _ visit: Int, name: String
    ) throws(NamingError) {
        try NameSyntax.check(executionPlan, in: executionPlanRange, width: 2, component: "execution plan",
                             expected: "an execution plan number 00-99 (2 digits)", name: name)
        try checkPass(pass, name: name)
        try NameSyntax.check(segment, in: threeDigitRange, width: 3, component: "segment",
                             expected: "a segment number 000-999 (3 digits)", name: name)
        try NameSyntax.check(observation, in: threeDigitRange, width: 3, component: "observation",
                             expected: "an observation number 000-999 (3 digits)", name: name)
        try NameSyntax.check(visit, in: threeDigitRange, width: 3, component: "visit",
                             expected: "a visit number 000-999 (3 digits)", name: name)
    }

    static func checkPass(_ pass: Int, name: String) throws(NamingError) {
        try NameSyntax.check(pass, in: threeDigitRange, width: 3, component: "pass",
                             expected: "a pass number 000-999 (3 digits)", name: name)
    }
}
