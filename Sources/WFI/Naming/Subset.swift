/// The set of L2 exposures an L3/L4 skycell product was made from: the third component of a
/// skycell product name.
///
/// Prompt products are always made per visit; data releases combine a pass, the full depth of
/// a program, or a community-defined subset (and may also publish visit-level products).
public enum Subset: Hashable, Sendable, CustomStringConvertible {
    /// One visit of the product's program, `vCCAAASSSOOOVVV` (14 digits; e.g. `v01004007001012`).
    case visit(executionPlan: Int, pass: Int, segment: Int, observation: Int, visit: Int)
    /// One pass of an execution plan, `sCCAAA` (exactly 5 digits; e.g. `s02002`): data releases only.
    case pass(executionPlan: Int, pass: Int)
    /// A full-depth stack of every exposure of the program, `full`: data releases only.
    case full
    /// A community-defined subset (e.g. `s2`), documented with its data release: lowercase
    /// letters and digits that do not read as one of the other forms.
    case named(String)

    /// The visit subset of `visit` (whose program is the product's program).
    public static func visit(of visit: VisitID) -> Subset {
        .visit(executionPlan: visit.executionPlan, pass: visit.pass, segment: visit.segment,
               observation: visit.observation, visit: visit.visit)
    }

    /// Parses `vCCAAASSSOOOVVV`, `sCCAAA`, `full` or a community name; throws a ``NamingError``
    /// (component `subset`) for anything else.
    ///
    /// A `v` or `s` followed by digits of another count (`s2`, `v7`) is a community name, as the
    /// conventions' own example `s2` requires.
    public init(parsing text: some StringProtocol) throws(NamingError) {
        let text = Substring(text)
        let digits = text.dropFirst()
        if text.hasPrefix("v"), digits.utf8.count == 14, NameSyntax.isAllDigits(digits),
           let visit = try? VisitID(parsing: "00000" + digits) {
            self = .visit(of: visit)
        } else if text.hasPrefix("s"), let plan = NameSyntax.digits(digits.prefix(2), count: 2),
                  let pass = NameSyntax.digits(digits.dropFirst(2), count: 3) {
            self = .pass(executionPlan: plan, pass: pass)
        } else if text == "full" {
            self = .full
        } else if NameSyntax.isLowercaseAlphanumeric(text) {
            self = .named(String(text))
        } else {
            throw NamingError(name: String(text), component: "subset", found: String(text), expected: Self.expectedForm)
        }
    }

    /// `vCCAAASSSOOOVVV`, `sCCAAA`, `full` or the community name.
    public var description: String {
        switch self {
        case let .visit(executionPlan, pass, segment, observation, visit):
            "v" + VisitID.renderWithinProgram(executionPlan, pass, segment, observation, visit)
        case let .pass(executionPlan, pass):
            "s" + NameSyntax.padded(executionPlan, width: 2) + NameSyntax.padded(pass, width: 3)
        case .full:
            "full"
        case let .named(name):
            name
        }
    }

    /// Whether this is a visit subset, the only kind prompt products use.
    public var isVisit: Bool {
        if case .visit = self { true } else { false }
    }

    /// The visit this subset stands for, given the product's program; `nil` unless a visit subset.
    public func visitID(program: Int) -> VisitID? {
        guard case let .visit(executionPlan, pass, segment, observation, visit) = self else { return nil }
        return try? VisitID(program: program, executionPlan: executionPlan, pass: pass, segment: segment,
                            observation: observation, visit: visit)
    }

    /// Throws if a number is out of its field's range or a community name is malformed or reads
    /// as another form (so that every valid subset parses back to itself).
    func validate(name: String) throws(NamingError) {
        switch self {
        case let .visit(executionPlan, pass, segment, observation, visit):
            try VisitID.checkWithinProgram(executionPlan, pass, segment, observation, visit, name: name)
        case let .pass(executionPlan, pass):
            try NameSyntax.check(executionPlan, in: VisitID.executionPlanRange, width: 2, component: "execution plan",
                                 expected: "an execution plan number 00-99 (2 digits)", name: name)
            try VisitID.checkPass(pass, name: name)
        case .full:
            break
        case let .named(text):
            guard NameSyntax.isLowercaseAlphanumeric(Substring(text)), (try? Subset(parsing: text)) == self else {
                throw NamingError(name: name, component: "subset", found: text,
                                  expected: "a community subset name in lowercase letters and digits that is not full, sCCAAA or vCCAAASSSOOOVVV")
            }
        }
    }

    static let expectedForm = "vCCAAASSSOOOVVV (a visit, 14 digits), sCCAAA (a pass, 5 digits), full, or a community subset name in lowercase letters and digits"
}
