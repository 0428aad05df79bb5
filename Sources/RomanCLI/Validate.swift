import ArgumentParser
import WFI

/// `roman validate FILE...`: check Roman products against the rad schemas.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check Roman data products against the Roman Attribute Dictionary (rad) schemas.",
        discussion: """
            Each file must hold a tagged Roman data model under its 'roman' key. Every problem is \
            listed (missing required fields, wrong types or enum values, wrong array datatypes or \
            dimensions), the way roman_datamodels would reject the file on open. Exits with status \
            1 if any file is invalid or unreadable.
            """
    )

    @Argument(help: "Roman ASDF files.", completion: .file())
    var files: [String]

    @Flag(help: "Also verify every block's MD5 checksum.")
    var validateChecksums = false

    func run() throws {
        var failures = 0
        for file in files {
            do {
                let model = try RomanDataModel(contentsOf: file, validate: false,
                                               options: .init(validateChecksums: validateChecksums))
                if validateChecksums {
                    for entry in model.file.arrays { _ = try entry.array.array.storage.resolve() }
                }
                let problems = model.problems()
                if problems.isEmpty {
                    print("\(file): valid \(model.kind)")
                } else {
                    failures += 1
                    print("\(file): INVALID \(model.kind), \(problems.count) problem(s):")
                    for problem in problems { print("  - \(problem)") }
                }
            } catch {
                failures += 1
                print("\(file): \(error)")
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }
}
