@testable import ASDF
import InteropSupport
import Testing

/// YAML 1.1 scalar rules as pyyaml applies them, and the emitter's safety.
@Suite struct YAMLTests {
    @Test(arguments: [
        ("1.0e+5", ASDF.Node.float(1e5)), ("1.e+5", .float(1e5)), ("1.5E+10", .float(1.5e10)), (".5", .float(0.5)),
        ("5.", .float(5)), ("3.0", .float(3)), ("-1.5", .float(-1.5)), ("1_000.5", .float(1000.5)),
        ("1e5", .string("1e5")), ("1e+5", .string("1e+5")), ("1.0e5", .string("1.0e5")), ("-.5e-3", .string("-.5e-3")),
        (".nan", .float(.nan)), (".NaN", .float(.nan)), (".inf", .float(.infinity)), ("-.inf", .float(-.infinity)),
        ("NaN", .string("NaN")), ("1:20", .int(80)), ("190:20:30", .int(685_230)), ("0x1F", .int(31)), ("010", .int(8)),
        ("1_000", .int(1000)), ("0b101", .int(5)), ("0", .int(0)), ("-7", .int(-7)), ("09", .string("09")),
        ("~", .null), ("null", .null), ("", .null), ("y", .string("y")), ("yes", .bool(true)), ("Off", .bool(false)),
        ("TRUE", .bool(true)), ("2026-11-21 18:59:54+00:00", .timestamp("2026-11-21 18:59:54+00:00")),
        ("2001-12-14t21:59:43.10-05:00", .timestamp("2001-12-14t21:59:43.10-05:00")), ("2002-12-14", .timestamp("2002-12-14")),
        ("2002-1-14", .string("2002-1-14")), ("12345678901234567890", .string("12345678901234567890")),
        ("-9223372036854775808", .int(Int64.min)), ("WFI01", .string("WFI01")),
    ])
    func plainScalarResolution(text: String, expected: ASDF.Node) {
        let got = ScalarResolver.resolvePlain(text)
        switch (got, expected) {
        case (.float(let a), .float(let b)): #expect(a == b || (a.isNaN && b.isNaN), "\(text)")
        case (.int(let a), .int(let b)): #expect(a == b, "\(text)")
        case (.string(let a), .string(let b)), (.timestamp(let a), .timestamp(let b)): #expect(a == b, "\(text)")
        case (.bool(let a), .bool(let b)): #expect(a == b, "\(text)")
        case (.null, .null): break
        default: Issue.record("\(text.debugDescription) resolved to \(got), expected \(expected)")
        }
    }

    @Test func floatsAreWrittenAsPythonReadsThem() {
        #expect(TreeEmitter.formatFloat(1e-5) == "1.0e-05")
        #expect(TreeEmitter.formatFloat(1e16) == "1.0e+16")
        #expect(TreeEmitter.formatFloat(1e-300) == "1.0e-300")
        #expect(TreeEmitter.formatFloat(2.5e+20) == "2.5e+20")
        #expect(TreeEmitter.formatFloat(3) == "3.0")
        #expect(TreeEmitter.formatFloat(-0.0) == "-0.0")
        #expect(TreeEmitter.formatFloat(.nan) == ".nan")
        #expect(TreeEmitter.formatFloat(-.infinity) == "-.inf")
        for value in [1e-5, 1e16, 1e-300, 2.5e20, 0.1, 123456.789, 1.7976931348623157e308, .leastNonzeroMagnitude] {
            guard case .float(let back) = ScalarResolver.resolvePlain(TreeEmitter.formatFloat(value)) else {
                Issue.record("\(value) written as \(TreeEmitter.formatFloat(value)) is not read back as a float"); continue
            }
            #expect(back == value)
        }
    }

    @Test(arguments: ["yes", "No", "on", "null", "~", "123", "1.5", "1:20", "0x1F", "", "?", "- x", "a: b", "#x", "x #y",
                      "line1\nline2", "Ωμέγα", " x ", "1e5", "it's", "tab\there", "2020-01-01", "[a]", "{b}", "a,b", "*x",
                      "&y", "!z", "%p", "@q", "`r", "'s'", "\"t\"", "http://x.org/a", "\u{7}bell", "<<", "=", "-", ".inf"])
    func stringsSurviveTheEmitter(text: String) throws {
        let yaml = "k: " + TreeEmitter.formatString(text) + "\n"
        let parsed = try TreeParser(file: nil) { _, _ throws(ASDFError) in
            throw ASDFError(file: nil, .none, .unsupported("no arrays"))
        }.parse(yaml)
        #expect(parsed["k"]?.stringValue == text, "\(text.debugDescription) written as \(yaml.debugDescription)")
        if case .timestamp = parsed["k"] { Issue.record("\(text) came back as a timestamp") }
    }

    @Test func anchorsAliasesAndMergeKeys() throws {
        let yaml = """
            a: &id001 [1, 2]
            b: *id001
            base: &base {x: 1, y: 2}
            derived:
              <<: *base
              y: 3
            """
        let tree = try TreeParser(file: nil) { _, _ throws(ASDFError) in
            throw ASDFError(file: nil, .none, .unsupported("no arrays"))
        }.parse(yaml)
        #expect(tree["b"]?.sequenceValue?.compactMap(\.intValue) == [1, 2])
        #expect(tree["derived"]?["x"]?.intValue == 1)
        #expect(tree["derived"]?["y"]?.intValue == 3)
    }

    @Test func tagShorthands() {
        #expect(TreeEmitter.formatTag("tag:stsci.edu:asdf/core/ndarray-1.1.0") == "!core/ndarray-1.1.0")
        #expect(TreeEmitter.formatTag("asdf://stsci.edu/datamodels/roman/tags/wfi_image-2.1.0")
                == "!<asdf://stsci.edu/datamodels/roman/tags/wfi_image-2.1.0>")
    }
}

