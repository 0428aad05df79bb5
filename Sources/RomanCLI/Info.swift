import ArgumentParser
import ASDF
import Foundation
import WFI

/// `roman info FILE`: what an ASDF file holds.
struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Summarise an ASDF file: versions, tags, arrays and metadata.",
        discussion: """
            Reads only the header, the tree and the block headers, so it is instant even for \
            multi-GB files. Arrays are listed with their datatype, shape, block, compression, \
            bytes on disk and bytes decoded. With --validate-checksums every block is read and \
            its MD5 checked.
            """
    )

    @Argument(help: "The ASDF file.", completion: .file())
    var file: String

    @Flag(help: "Print the summary as JSON.")
    var json = false

    @Flag(help: "Read every block and verify its MD5 checksum.")
    var validateChecksums = false

    func run() throws {
        let asdf = try ASDFFile(contentsOf: file, options: ReadOptions(validateChecksums: validateChecksums))
        if validateChecksums {
            for entry in asdf.arrays { _ = try entry.array.array.storage.resolve() }
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? nil
        let summary = FileSummary(asdf, fileBytes: size)
        let product = RomanProductInfo(file: asdf)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            print(String(decoding: try encoder.encode(InfoReport(file: summary, product: product)), as: UTF8.self))
        } else {
            if let product { print(product.text + "\n") }
            print(summary.text)
            if validateChecksums { print("\nAll block checksums verified.") }
        }
    }
}

/// The JSON form of `roman info`.
struct InfoReport: Encodable {
    var file: FileSummary
    var product: RomanProductInfo?
}
