import Arrays
import ASDF
import Foundation
import InteropSupport
import Testing
@testable import WFI

/// Every Roman model kind, both ways: files made by roman_datamodels read and validated by us
/// with identical values, and files made by us opened by roman_datamodels with validation on.
@Suite(.serialized) struct ProductInteropTests {
    /// roman_datamodels' own fake files for every model of the current manifest.
    static func pythonProducts() throws -> (TemporaryDirectory, manifest: [String: Any], models: [String: [String: String]])? {
        let dir = try TemporaryDirectory()
        guard let output = try PythonTools.run([PythonTools.script("roman_make_products.py"), dir.path]) else { return nil }
        guard output.status == 0 else {
            Issue.record("roman_make_products.py failed: \(output.stderr.suffix(3000))")
            return nil
        }
        let manifest = try Canonical.parse(String(contentsOfFile: dir.file("manifest.json"), encoding: .utf8)) as? [String: Any] ?? [:]
        let models = try JSONDecoder().decode([String: [String: String]].self, from: Data(contentsOf: URL(fileURLWithPath: dir.file("models.json"))))
        return (dir, manifest, models)
    }

    @Test func romanDatamodelsProductsValidateAndReadIdentically() throws {
        guard let (dir, manifest, models) = try Self.pythonProducts() else { return }
        #expect(models.count >= 30, "expected every model of the manifest, got \(models.count)")
        for (name, info) in models.sorted(by: { $0.key < $1.key }) {
            let path = dir.file(name)
            let model: RomanDataModel
            do {
                model = try RomanDataModel(contentsOf: path, options: ReadOptions(validateChecksums: true))
            } catch {
                Issue.record("\(name): \(error)")
                continue
            }
            #expect(model.kind.tag == info["tag"], "\(name): kind \(model.kind.tag)")
            let ours = try Canonical.parse(Canonical.jsonText(Canonical.tree(model.file)))
            let differences = Canonical.compare(try #require(manifest[name]), ours)
            #expect(differences.isEmpty, "\(name): \(differences.prefix(8).joined(separator: "\n"))")
        }
    }

    @Test func ourProductsOpenInRomanDatamodels() throws {
        guard let (_, _, models) = try Self.pythonProducts() else { return }
        let dir = try TemporaryDirectory()
        var pairs: [String] = []
        for (_, info) in models.sorted(by: { $0.key < $1.key }) {
            guard let tag = info["tag"], let kind = ProductKind(tag: tag) else { continue }
            let model = try ModelFactory.make(kind, defaultArrayExtent: 4)
            let problems = model.problems()
            #expect(problems.isEmpty, "\(kind): our own model is invalid: \(problems.prefix(5))")
            let path = dir.file("\(kind.name.replacingOccurrences(of: "/", with: "_")).asdf")
            try model.write(to: path)
            var root = model.file.tree.mappingValue ?? [:]
            root["roman"] = .tagged(kind.tag, model.node)
            try Canonical.jsonText(Canonical.node(.mapping(root))).write(toFile: path + ".json", atomically: true, encoding: .utf8)
            pairs += [path, path + ".json"]
        }
        #expect(pairs.count >= 60)
        // One interpreter for all files: roman_datamodels takes seconds to import.
        guard let output = try PythonTools.run([PythonTools.script("asdf_check_file.py"), "--roman"] + pairs) else { return }
        let verdicts = output.stdout.components(separatedBy: "== ").dropFirst()
        #expect(verdicts.count == pairs.count / 2)
        for verdict in verdicts where !verdict.contains("\nOK") {
            Issue.record("roman_datamodels rejects our file \(verdict.prefix(3000))")
        }
        #expect(output.status == 0, "\(output.stderr.suffix(2000))")
    }
}
