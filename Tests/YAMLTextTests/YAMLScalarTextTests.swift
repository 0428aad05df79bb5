import Testing
import Yams
import YAMLText

/// Double-quoted scalars read back by a YAML parser (libyaml through Yams) as the same text.
@Suite struct YAMLScalarTextTests {
    static let samples = [
        "plain", "it's", "quote \" and backslash \\", "tab\tnew\nline\rcr", "nul \u{0} del \u{7F}",
        "c1 \u{85} bom \u{FEFF} nonchar \u{FFFE}", "separators \u{2028}\u{2029}", "ünïcödé ✓ 𝛼", "",
    ]

    @Test(arguments: samples)
    func doubleQuotedReadsBackUnchanged(text: String) throws {
        let quoted = YAMLScalarText.doubleQuoted(text)
        #expect(quoted.unicodeScalars.allSatisfy { YAMLScalarText.isPrintable($0) }, "\(quoted.debugDescription)")
        let node = try #require(try Yams.compose(yaml: "value: " + quoted))
        #expect(node["value"]?.string == text)
    }

    @Test func printableRules() {
        #expect(YAMLScalarText.isPrintable("ordinary text, ünïcödé"))
        for bad: Unicode.Scalar in ["\u{0}", "\u{1F}", "\u{7F}", "\u{85}", "\u{9F}", "\u{FEFF}", "\u{FFFE}", "\u{2028}"] {
            #expect(!YAMLScalarText.isPrintable(bad), "U+\(String(bad.value, radix: 16))")
        }
        #expect(YAMLScalarText.doubleQuoted("a\u{1}b\u{2028}") == "\"a\\x01b\\u2028\"")
    }
}
