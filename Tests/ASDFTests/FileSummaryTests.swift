import Arrays
@testable import ASDF
import Foundation
import InteropSupport
import Testing

/// What `roman info` reports, and the checksum conventions it verifies.
@Suite struct FileSummaryTests {
    @Test func summaryListsArraysTagsAndMetadata() throws {
        let dir = try TemporaryDirectory()
        let base = try TypedArray<Float>(shape: [10, 10], repeating: 2).ndarray
        let view = try NDArray(dataType: .float32, byteOrder: .native, shape: [5], strides: [40], offset: 4, storage: base.storage)
        let small = try TypedArray<Int16>(shape: [3], elements: [1, 2, 3]).ndarray
        let tree: Node = .map([
            "roman": .tagged("asdf://stsci.edu/datamodels/roman/tags/wfi_image-2.1.0", .map([
                "meta": .map(["exposure": .map(["start_time": Time(isot: "2027-01-01T00:00:00.000").node, "nresultants": 6])]),
                "data": .ndarray(ArrayNode(base, compression: .zlib)),
                "column": .ndarray(ArrayNode(view)),
                "small": .ndarray(ArrayNode(small, storage: .inline)),
            ])),
        ])
        let path = dir.file("s.asdf")
        try ASDFFile(tree: tree).write(to: path)
        let file = try ASDFFile(contentsOf: path)
        let summary = FileSummary(file, fileBytes: 1234)
        #expect(summary.formatVersion == "1.0.0" && summary.standardVersion == "1.6.0")
        #expect(summary.tags["tag:stsci.edu:asdf/core/ndarray-1.1.0"] == 3)
        #expect(summary.tags["asdf://stsci.edu/datamodels/roman/tags/wfi_image-2.1.0"] == 1)
        #expect(summary.tags["tag:stsci.edu:asdf/time/time-1.4.0"] == 1)
        let data = try #require(summary.arrays.first { $0.path == "roman/data" })
        #expect(data.datatype == "float32" && data.shape == [10, 10] && data.block == 0 && data.compression == "zlib")
        #expect(data.decodedBytes == 400 && data.storedBytes == Int(file.blocks[0].usedSize) && data.storedBytes < 400)
        let column = try #require(summary.arrays.first { $0.path == "roman/column" })
        #expect(column.block == 0 && column.decodedBytes == 20, "a view shares its base's block")
        let inline = try #require(summary.arrays.first { $0.path == "roman/small" })
        #expect(inline.storage == "inline" && inline.block == nil)
        #expect(summary.metadata.contains { $0.path == "roman/meta/exposure/start_time" && $0.value == "2027-01-01T00:00:00.000" && $0.type == "time-1.4.0" })
        #expect(summary.metadata.contains { $0.path == "roman/meta/exposure/nresultants" && $0.value == "6" })
        #expect(summary.text.contains("roman/data") && summary.text.contains("zlib"))
        let json = String(decoding: try JSONEncoder().encode(summary), as: UTF8.self)
        #expect(json.contains("\"decodedBytes\":400"))
    }

    @Test func bothChecksumConventionsAreAcceptedForCompressedBlocks() throws {
        let dir = try TemporaryDirectory()
        let values = try TypedArray<UInt32>(shape: [4096], elements: (0..<4096).map { UInt32($0 % 100) })
        let path = dir.file("c.asdf")
        try ASDFFile(tree: .map(["a": .ndarray(ArrayNode(values.ndarray, compression: .lz4))])).write(to: path)
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let header = try ASDFFile(contentsOf: path).blocks[0]
        // The asdf < 5.3 convention: MD5 of the decoded bytes.
        let decodedMD5 = values.withUnsafeBufferPointer { MD5.digest(UnsafeRawBufferPointer($0)) }
        bytes.replaceSubrange(header.offset + 38..<header.offset + 54, with: decodedMD5)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let old = try ASDFFile(contentsOf: path, options: ReadOptions(validateChecksums: true))
        #expect(try old.array(at: "a")?.typed(UInt32.self).elements == values.elements)
        // Neither convention: an error.
        bytes[header.offset + 40] ^= 1
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let bad = try ASDFFile(contentsOf: path, options: ReadOptions(validateChecksums: true))
        #expect(throws: ASDFError.self) { try bad.array(at: "a")?.typed(UInt32.self) }
    }

    @Test func openingReadsNoArrayData() throws {
        // A 64 MB uncompressed file opens without loading anything: storage stays deferred for
        // compressed blocks and mapped (untouched) for uncompressed ones.
        let dir = try TemporaryDirectory()
        let big = try TypedArray<UInt16>(shape: [8, 2048, 2048])
        let path = dir.file("big.asdf")
        try ASDFFile(tree: .map(["raw": .ndarray(ArrayNode(big.ndarray)),
                                 "packed": .ndarray(ArrayNode(big.ndarray, compression: .zlib))])).write(to: path)
        let file = try ASDFFile(contentsOf: path, options: ReadOptions(validateChecksums: false))
        #expect(file.tree["packed"]?.arrayValue?.array.storage.isLoaded == false)
        let raw = try #require(file.tree["raw"]?.arrayValue?.array.storage)
        let mapped = try raw.resolve().mappedFile
        #expect(raw.isLoaded && mapped != nil, "uncompressed data is a view of the mapping")
    }
}
