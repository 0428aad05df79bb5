/// Decodes a file name into a ``ProductName``, component by component from the left, so that
/// the first wrong component is the one reported.
struct ProductNameParser {
    /// The name exactly as given (errors quote it).
    let input: String

    func parse() throws(NamingError) -> ProductName {
        let base = input.lastIndex(of: "/").map { input[input.index(after: $0)...] } ?? input[...]
        let stem: Substring
        let fileExtension: Substring?
        if let dot = base.firstIndex(of: ".") {
            stem = base[..<dot]
            fileExtension = base[base.index(after: dot)...]
        } else {
            stem = base
            fileExtension = nil
        }
        guard stem.hasPrefix("r") else {
            throw error("prefix", String(stem.prefix(1)), "'r' (every Roman WFI file name starts with r)")
        }
        let tokens = stem.dropFirst().split(separator: "_", omittingEmptySubsequences: false)
        // Skycell names have a release id second; exposure names an all-digit exposure number.
        let second = tokens.count > 1 ? tokens[1] : ""
        if Self.looksLikeRelease(second) || (tokens[0].utf8.count == 5 && !NameSyntax.isAllDigits(second)) {
            return try parseSkycell(tokens, fileExtension)
        }
        return try parseExposure(tokens, fileExtension)
    }

    /// `p`, or `r` followed by a digit: the second component of a skycell name.
    static func looksLikeRelease(_ token: Substring) -> Bool {
        token == "p" || (token.hasPrefix("r") && token.utf8.dropFirst().first.map(NameSyntax.isDigit) == true)
    }

    private func parseExposure(_ tokens: [Substring], _ fileExtension: Substring?) throws(NamingError) -> ProductName {
        let visit: VisitID
        do throws(NamingError) {
            visit = try VisitID(parsing: tokens[0])
        } catch {
            throw error.naming(input)
        }
        var index = 1
        let exposureToken = token(tokens, index)
        guard let exposure = NameSyntax.digits(exposureToken, count: 4) else {
            throw error("exposure", exposureToken, "a 4-digit exposure number eeee")
        }
        index += 1
        var acquisition: Int?
        if NameSyntax.isAllDigits(token(tokens, index)) {
            let acquisitionToken = token(tokens, index)
            guard let value = NameSyntax.digits(acquisitionToken, count: 1),
                  GuideWindowProductName.acquisitions.contains(value)
            else {
                throw error("acquisition", acquisitionToken, "a guide star acquisition number 1-9")
            }
            acquisition = value
            index += 1
        }
        let detectorToken = token(tokens, index)
        guard let detector = Detector(fileNameComponent: detectorToken) else {
            throw error("detector", detectorToken, "wfi01-wfi18")
        }
        index += 1
        let (element, suffix) = try elementAndSuffix(
            tokens, from: index, elementRequired: true,
            suffixes: acquisition == nil ? ProductSuffix.exposureSuffixes : ProductSuffix.guideWindowSuffixes)
        guard let element else {
            throw error("optical element", "", "one of \(OpticalElement.spellings(OpticalElement.inFileNames))")
        }
        let isGuideWindowSuffix = GuideWindowProductName.Kind(suffix: suffix) != nil
        if acquisition == nil, isGuideWindowSuffix {
            throw error("acquisition", "", "a guide star acquisition number 1-9 after the exposure number: "
                + "guide-window (_gw, _face) names carry one")
        } else if acquisition != nil, !isGuideWindowSuffix {
            throw error("suffix", suffix.rawValue, "gw or face: a name with an acquisition number is a guide-window name")
        } else if acquisition == nil, !ProductSuffix.exposureSuffixes.contains(suffix) {
            throw error("suffix", suffix.rawValue, ProductSuffix.list(ProductSuffix.exposureSuffixes) + " for an exposure product")
        }
        try checkExtension(fileExtension, suffix: suffix)
        do throws(NamingError) {
            if let acquisition, let kind = GuideWindowProductName.Kind(suffix: suffix) {
                return .guideWindow(try GuideWindowProductName(
                    visit: visit, exposure: exposure, acquisition: acquisition, detector: detector, element: element, kind: kind))
            }
            return .exposure(try ExposureProductName(
                visit: visit, exposure: exposure, detector: detector, element: element, suffix: suffix))
        } catch {
            throw error.naming(input)
        }
    }

    private func parseSkycell(_ tokens: [Substring], _ fileExtension: Substring?) throws(NamingError) -> ProductName {
        guard let program = NameSyntax.digits(tokens[0], count: 5) else {
            throw error("program", tokens[0], "a 5-digit program number PPPPP")
        }
        do throws(NamingError) {
            let release = try ReleaseID(parsing: token(tokens, 1))
            let subset = try Subset(parsing: token(tokens, 2))
            let skycell = try SkycellName(parsing: token(tokens, 3))
            let (element, suffix) = try elementAndSuffix(
                tokens, from: 4, elementRequired: false, suffixes: ProductSuffix.skycellSuffixes)
            guard ProductSuffix.skycellSuffixes.contains(suffix) else {
                throw error("suffix", suffix.rawValue, ProductSuffix.list(ProductSuffix.skycellSuffixes) + " for a skycell product")
            }
            try checkExtension(fileExtension, suffix: suffix)
            return .skycell(try SkycellProductName(
                program: program, release: release, subset: subset, skycell: skycell, element: element, suffix: suffix))
        } catch {
            throw error.naming(input)
        }
    }

    /// The optical element (if any) and the suffix, from the tokens after the detector or
    /// skycell. The suffix is everything after the element, so trailing garbage reads as a bad
    /// suffix. With `elementRequired` false a lone known suffix means "no element".
    private func elementAndSuffix(
        _ tokens: [Substring], from index: Int, elementRequired: Bool, suffixes: [ProductSuffix]
    ) throws(NamingError) -> (OpticalElement?, ProductSuffix) {
        let rest = index < tokens.count ? Array(tokens[index...]) : []
        let expectedSuffix = ProductSuffix.list(suffixes)
        let elementExpected = "one of \(OpticalElement.spellings(OpticalElement.inFileNames))"
        var element: OpticalElement?
        var suffixText: Substring = ""
        if rest.count == 1, ProductSuffix(rawValue: String(rest[0])) != nil {
            if elementRequired { throw error("optical element", "", elementExpected) }
            suffixText = rest[0]
        } else if let first = rest.first {
            guard let parsed = OpticalElement(fileNameComponent: first) else {
                if rest.count == 1 { throw error("suffix", first, expectedSuffix) }
                throw error("optical element", first, elementExpected)
            }
            element = parsed
            suffixText = Substring(rest.dropFirst().joined(separator: "_"))
        } else if elementRequired {
            throw error("optical element", "", elementExpected)
        }
        guard let suffix = ProductSuffix(rawValue: String(suffixText)) else {
            throw error("suffix", suffixText, expectedSuffix)
        }
        return (element, suffix)
    }

    private func checkExtension(_ fileExtension: Substring?, suffix: ProductSuffix) throws(NamingError) {
        guard fileExtension == Substring(suffix.fileExtension) else {
            throw error("extension", fileExtension.map { ".\($0)" } ?? "",
                        "'.\(suffix.fileExtension)' for _\(suffix.rawValue) files")
        }
    }

    private func token(_ tokens: [Substring], _ index: Int) -> Substring {
        index < tokens.count ? tokens[index] : ""
    }

    private func error(_ component: String, _ found: some StringProtocol, _ expected: String) -> NamingError {
        NamingError(name: input, component: component, found: String(found), expected: expected)
    }
}
