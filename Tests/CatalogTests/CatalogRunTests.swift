import Foundation
import InteropSupport
import Testing
@testable import Catalog

/// A run writes both products or neither: the segmentation map is staged on its own thread
/// while the sources are measured, and put in place only once the catalog is too.
@Suite struct CatalogRunTests {
    static let name = "r0000101001001001001_0001_wfi01_f158"

    static func run(in directory: TemporaryDirectory) throws(CatalogError) -> CatalogRun.Summary {
        var synthetic = SyntheticImage()
        synthetic.sources = [(40, 50, 400, 1.5), (90, 70, 250, 2.0)]
        let input = directory.file(name + "_cal.asdf")
        do { try synthetic.l2Model().write(to: input) } catch { Issue.record("fixture: \(error)") }
        var options = CatalogOptions()
        options.backgroundBoxSize = 32
        return try CatalogRun(options: options).run(path: input, outputDirectory: directory.path + "/out")
    }

    @Test func writesBothProductsAndNoTemporaryFile() throws {
        let directory = try TemporaryDirectory()
        let summary = try Self.run(in: directory)
        #expect(summary.sources == 2)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path + "/out").sorted()
        #expect(files == [Self.name + "_cat.parquet", Self.name + "_segm.asdf"])
    }

    @Test func aFailedCatalogLeavesTheOldProducts() throws {
        let directory = try TemporaryDirectory()
        let out = directory.path + "/out"
        try FileManager.default.createDirectory(atPath: out + "/" + Self.name + "_cat.parquet/blocker", withIntermediateDirectories: true)
        let oldSegmentation = out + "/" + Self.name + "_segm.asdf"
        try Data("old product".utf8).write(to: URL(fileURLWithPath: oldSegmentation))
        // The catalog cannot be renamed over a non-empty folder: the run fails after the
        // segmentation map was staged, which must then be dropped.
        #expect(throws: CatalogError.self) { try Self.run(in: directory) }
        #expect(try String(contentsOfFile: oldSegmentation, encoding: .utf8) == "old product")
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(files == [Self.name + "_cat.parquet", Self.name + "_segm.asdf"], "no temporary file is left: \(files)")
    }
}
