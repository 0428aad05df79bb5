/// Turns ``ProductName/Fields`` into a validated ``ProductName`` (see
/// ``ProductName/init(level:fields:)``), reporting errors against a draft of the name.
struct ProductNameBuilder {
    let level: ProductLevel
    let fields: ProductName.Fields

    private enum Family {
        case exposure, guideWindow, skycell
    }

    func build() throws(NamingError) -> ProductName {
        let family = self.family
        let suffixText = fields.suffix ?? defaultSuffix(family).rawValue
        let name = draft(family, suffixText: suffixText)
        guard let suffix = ProductSuffix(rawValue: suffixText), suffix.level == level else {
            throw NamingError(name: name, component: "suffix", found: suffixText,
                              expected: ProductSuffix.list(level.suffixes) + " for an \(level) product")
        }
        let element = try self.element(name: name)
        do throws(NamingError) {
            switch family {
            case .exposure, .guideWindow:
                try unused(fields.release, "release id", "exposure names have none", name: name)
                try unused(fields.subset, "subset", "exposure names have none", name: name)
                try unused(fields.skycell, "skycell", "exposure names have none", name: name)
                if family == .exposure {
                    try unused(fields.acquisition.map(String.init), "acquisition",
                               "only guide-window (_gw, _face) names have one", name: name)
                }
                let visit = try VisitID(
                    program: required(fields.program, "program", "a program number 0-99999", name: name),
                    executionPlan: required(fields.executionPlan, "execution plan", "an execution plan number 0-99", name: name),
                    pass: required(fields.pass, "pass", "a pass number 0-999", name: name),
                    segment: required(fields.segment, "segment", "a segment number 0-999", name: name),
                    observation: required(fields.observation, "observation", "an observation number 0-999", name: name),
                    visit: required(fields.visit, "visit", "a visit number 0-999", name: name))
                let exposure = try required(fields.exposure, "exposure", "an exposure number 0-9999", name: name)
                let detector = try Detector(number: required(fields.detector, "detector", "a detector number 1-18", name: name))
                let element = try required(element, "optical element", Self.elementExpected, name: name)
                if let kind = GuideWindowProductName.Kind(suffix: suffix) {
                    let acquisition = try required(fields.acquisition, "acquisition", "a guide star acquisition number 1-9", name: name)
                    return .guideWindow(try GuideWindowProductName(
                        visit: visit, exposure: exposure, acquisition: acquisition, detector: detector, element: element, kind: kind))
                }
                return .exposure(try ExposureProductName(
                    visit: visit, exposure: exposure, detector: detector, element: element, suffix: suffix))
            case .skycell:
                try unused(fields.exposure.map(String.init), "exposure", "skycell names have none", name: name)
                try unused(fields.acquisition.map(String.init), "acquisition", "skycell names have none", name: name)
                try unused(fields.detector.map(String.init), "detector", "skycell names have none", name: name)
                let program = try required(fields.program, "program", "a program number 0-99999", name: name)
                let release = try ReleaseID(parsing: required(fields.release, "release id", ReleaseID.expectedForm, name: name))
                let subset = try self.subset(name: name)
                let skycell = try SkycellName(parsing: required(fields.skycell, "skycell", SkycellName.expectedForm, name: name))
                return .skycell(try SkycellProductName(
                    program: program, release: release, subset: subset, skycell: skycell, element: element, suffix: suffix))
            }
        } catch {
            throw error.naming(name)
        }
    }

    private var family: Family {
        switch fields.suffix.flatMap(ProductSuffix.init(rawValue:)) {
        case .gw?, .face?: return .guideWindow
        case .coadd?, .asn?: return .skycell
        case .uncal?, .wcs?, .cal?: return .exposure
        case .cat?, .segm?, nil:
            switch level {
            case .l1: return fields.acquisition == nil ? .exposure : .guideWindow
            case .l2: return .exposure
            case .l3: return .skycell
            case .l4: return fields.release != nil || fields.subset != nil || fields.skycell != nil ? .skycell : .exposure
            }
        }
    }

    private func defaultSuffix(_ family: Family) -> ProductSuffix {
        switch level {
        case .l1: family == .guideWindow ? .gw : .uncal
        case .l2: .cal
        case .l3: .coadd
        case .l4: .cat
        }
    }

    static let elementExpected = "an optical element: \(OpticalElement.spellings(OpticalElement.inFileNames))"

    /// The element in file or metadata spelling; `nil` when not given.
    private func element(name: String) throws(NamingError) -> OpticalElement? {
        guard let text = fields.element else { return nil }
        guard let element = OpticalElement(fileNameComponent: text) ?? OpticalElement(rawValue: text) else {
            throw NamingError(name: name, component: "optical element", found: text, expected: Self.elementExpected)
        }
        return element
    }

    /// The subset as given, or made from the execution plan and pass (and visit numbers).
    private func subset(name: String) throws(NamingError) -> Subset {
        let numbers: [(Int?, String)] = [
            (fields.executionPlan, "execution plan"), (fields.pass, "pass"), (fields.segment, "segment"),
            (fields.observation, "observation"), (fields.visit, "visit"),
        ]
        if let text = fields.subset {
            for (value, component) in numbers {
                try unused(value.map(String.init), component, "the subset is given as '\(text)'", name: name)
            }
            return try Subset(parsing: text)
        }
        let plan = try required(fields.executionPlan, "execution plan",
                                "a subset, or the execution plan and pass (and segment, observation and visit) it combines",
                                name: name)
        let pass = try required(fields.pass, "pass", "a pass number 0-999", name: name)
        if fields.segment == nil, fields.observation == nil, fields.visit == nil {
            return .pass(executionPlan: plan, pass: pass)
        }
        return .visit(
            executionPlan: plan, pass: pass,
            segment: try required(fields.segment, "segment", "a segment number 0-999 for a visit subset", name: name),
            observation: try required(fields.observation, "observation", "an observation number 0-999 for a visit subset", name: name),
            visit: try required(fields.visit, "visit", "a visit number 0-999 for a visit subset", name: name))
    }

    private func required<Value>(_ value: Value?, _ component: String, _ expected: String, name: String) throws(NamingError) -> Value {
        guard let value else { throw NamingError(name: name, component: component, found: "", expected: expected) }
        return value
    }

    private func unused(_ value: String?, _ component: String, _ why: String, name: String) throws(NamingError) {
        if let value { throw NamingError(name: name, component: component, found: value, expected: "nothing: \(why)") }
    }

    /// The name as far as it can be rendered from the fields, markers for missing ones.
    private func draft(_ family: Family, suffixText: String) -> String {
        func number(_ value: Int?, _ width: Int, _ marker: String) -> String {
            value.map { NameSyntax.padded($0, width: width) } ?? marker
        }
        let ending = "_\(suffixText)." + (ProductSuffix(rawValue: suffixText)?.fileExtension ?? "ext")
        let element = fields.element.map { OpticalElement(rawValue: $0)?.fileNameComponent ?? $0 }
        let program = number(fields.program, 5, "PPPPP")
        switch family {
        case .exposure, .guideWindow:
            let visit = program + number(fields.executionPlan, 2, "CC") + number(fields.pass, 3, "AAA")
                + number(fields.segment, 3, "SSS") + number(fields.observation, 3, "OOO") + number(fields.visit, 3, "VVV")
            let acquisition = family == .guideWindow ? "_" + number(fields.acquisition, 1, "Q") : ""
            return "r\(visit)_" + number(fields.exposure, 4, "eeee") + acquisition
                + "_wfi" + number(fields.detector, 2, "NN") + "_" + (element ?? "element") + ending
        case .skycell:
            let subset: String
            if let text = fields.subset {
                subset = text
            } else if fields.executionPlan == nil, fields.pass == nil {
                subset = "subset"
            } else if fields.segment == nil, fields.observation == nil, fields.visit == nil {
                subset = "s" + number(fields.executionPlan, 2, "CC") + number(fields.pass, 3, "AAA")
            } else {
                subset = "v" + number(fields.executionPlan, 2, "CC") + number(fields.pass, 3, "AAA")
                    + number(fields.segment, 3, "SSS") + number(fields.observation, 3, "OOO") + number(fields.visit, 3, "VVV")
            }
            let dataReleaseL4 = level == .l4 && fields.release.map { $0 != "p" } == true
            let elementPart = element.map { "_" + $0 } ?? (dataReleaseL4 ? "" : "_element")
            return "r\(program)_\(fields.release ?? "prdr")_\(subset)_\(fields.skycell ?? "skycell")\(elementPart)\(ending)"
        }
    }
}
