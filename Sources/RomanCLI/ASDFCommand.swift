import ArgumentParser
import ASDF

/// `roman asdf ...`: generic ASDF operations.
struct ASDFCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "asdf",
        abstract: "Generic ASDF file operations.",
        subcommands: [Convert.self]
    )

    /// `roman asdf convert IN OUT --compression lz4`.
    struct Convert: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rewrite an ASDF file with another block compression, keeping the tree.",
            discussion: """
                Every array block is decoded and written again with the chosen compression \
                (none, zlib, bzp2 or lz4 in asdf's framing). Views that shared a block keep \
                sharing it. The output is written to a temporary file and renamed into place, so \
                an existing OUT is replaced only by a complete file.
                """
        )

        @Argument(help: "Input ASDF file.", completion: .file())
        var input: String

        @Argument(help: "Output ASDF file.", completion: .file())
        var output: String

        @Option(help: "Block compression: none, zlib, bzp2 or lz4.")
        var compression: BlockCompression = .lz4

        @Flag(help: "Verify the input's block checksums while reading.")
        var validateChecksums = false

        func run() throws {
            let file = try ASDFFile(contentsOf: input, options: ReadOptions(validateChecksums: validateChecksums))
            try file.write(to: output, options: WriteOptions(compression: compression, overrideArrayCompression: true))
            let arrays = file.arrays.count
            print("wrote \(output): \(arrays) array(s), compression \(compression.rawValue)")
        }
    }
}

extension BlockCompression: ExpressibleByArgument {}
