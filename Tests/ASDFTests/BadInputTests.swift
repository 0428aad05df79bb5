import Arrays
@testable import ASDF
import Foundation
import InteropSupport
import Testing

/// Corrupt, truncated and forged files give a typed error that names the file and the place,
/// never a crash; a failed write never replaces a good file.
@Suite struct BadInputTests {
    /// A valid file with one zlib block and one uncompressed block, as bytes.
    static func goodFile(in dir: TemporaryDirectory) throws -> (path: String, bytes: [UInt8]) {
        let a = try TypedArray<Float>(shape: [16, 16], elements: (0..<256).map { Float($0) * 0.5 })
        let b = try TypedArray<UInt16>(shape: [8, 8], elements: (0..<64).map { UInt16($0) })
        let path = dir.file("good.asdf")
        try ASDFFile(tree: .map([
            "a": .ndarray(ArrayNode(a.ndarray, compression: .zlib)),
            "b": .ndarray(ArrayNode(b.ndarray)),
        ])).write(to: path)
        return (path, Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    /// Writes `bytes`, opens them and loads every array; returns the error.
    func failure(_ bytes: [UInt8], in dir: TemporaryDirectory, validate: Bool = true, name: String = "bad.asdf") -> ASDFError? {
        let path = dir.file(name)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        do {
            let file = try ASDFFile(contentsOf: path, options: ReadOptions(validateChecksums: validate))
            for entry in file.arrays { _ = try entry.array.array.storage.resolve() }
            return nil
        } catch let error as ASDFError {
            #expect(error.file == path, "error must name the file")
            return error
        } catch {
            Issue.record("untyped error \(error)")
            return nil
        }
    }

    func loadAll(_ path: String, validate: Bool = true) throws {
        let file = try ASDFFile(contentsOf: path, options: ReadOptions(validateChecksums: validate))
        for entry in file.arrays { _ = try entry.array.array.storage.resolve() }
    }

    func offset(of text: String, in bytes: [UInt8]) -> Int {
        let needle = Array(text.utf8)
        return (0...(bytes.count - needle.count)).first { bytes[$0..<$0 + needle.count].elementsEqual(needle) }!
    }

    @Test func badMagicNamesWhatWasFound() throws {
        let dir = try TemporaryDirectory()
        var (_, bytes) = try Self.goodFile(in: dir)
        bytes[1] = UInt8(ascii: "X")
        guard let error = failure(bytes, in: dir) else { Issue.record("expected an error"); return }
        guard case .notASDF = error.problem else { Issue.record("got \(error)"); return }
        #expect(error.location == .byteOffset(0))
        #expect(error.description.contains("bad.asdf"))
    }

    @Test func truncationAnywhereIsAnError() throws {
        let dir = try TemporaryDirectory()
        let (_, bytes) = try Self.goodFile(in: dir)
        let treeEnd = offset(of: "\n...\n", in: bytes) + 5
        // Cut inside the tree, inside a block header, inside block data, before the index.
        for cut in [10, treeEnd - 20, treeEnd + 20, treeEnd + 80, bytes.count - 300] {
            let truncated = Array(bytes.prefix(cut))
            #expect(failure(truncated, in: dir) != nil, "cut at \(cut) of \(bytes.count) must fail")
        }
    }

    @Test func checksumMismatchIsDetected() throws {
        let dir = try TemporaryDirectory()
        var (_, bytes) = try Self.goodFile(in: dir)
        let file = try ASDFFile(contentsOf: dir.file("good.asdf"))
        // Flip a byte in the uncompressed block's data.
        bytes[file.blocks[1].dataOffset + 3] ^= 0xFF
        guard let error = failure(bytes, in: dir) else { Issue.record("expected an error"); return }
        guard case .checksumMismatch(let block, _, _) = error.problem else { Issue.record("got \(error)"); return }
        #expect(block == 1)
        #expect(error.location == .byteOffset(file.blocks[1].offset))
    }

    @Test func corruptCompressedBlockIsAnError() throws {
        let dir = try TemporaryDirectory()
        var (_, bytes) = try Self.goodFile(in: dir)
        let file = try ASDFFile(contentsOf: dir.file("good.asdf"))
        for i in 0..<8 { bytes[file.blocks[0].dataOffset + 10 + i] ^= 0x5A }
        guard let error = failure(bytes, in: dir, validate: false) else { Issue.record("expected an error"); return }
        guard case .decompression(block: 0, _) = error.problem else { Issue.record("got \(error)"); return }
    }

    @Test func invalidYAMLGivesALine() throws {
        let dir = try TemporaryDirectory()
        var (_, bytes) = try Self.goodFile(in: dir)
        let at = offset(of: "a: !core", in: bytes)
        bytes.replaceSubrange(at..<at + 2, with: Array("a: [".utf8))
        guard let error = failure(bytes, in: dir) else { Issue.record("expected an error"); return }
        guard case .invalidYAML(let message) = error.problem else { Issue.record("got \(error)"); return }
        #expect(message.contains("line"))
    }

    @Test func missingTreeEnd() throws {
        let dir = try TemporaryDirectory()
        let text = "#ASDF 1.0.0\n%YAML 1.1\n--- !core/asdf-1.1.0\na: 1\n"
        guard let error = failure(Array(text.utf8), in: dir) else { Issue.record("expected an error"); return }
        guard case .missingTreeEnd = error.problem else { Issue.record("got \(error)"); return }
    }

    @Test func danglingBlockReference() throws {
        let dir = try TemporaryDirectory()
        var (_, bytes) = try Self.goodFile(in: dir)
        let at = offset(of: "source: 1", in: bytes)
        bytes[at + 8] = UInt8(ascii: "7")
        guard let error = failure(bytes, in: dir) else { Issue.record("expected an error"); return }
        guard case .danglingBlockReference(source: 7, blockCount: 2) = error.problem else { Issue.record("got \(error)"); return }
        #expect(error.location == .treePath("b"))
    }

    @Test func shapeLargerThanBlock() throws {
        let dir = try TemporaryDirectory()
        var (_, bytes) = try Self.goodFile(in: dir)
        let at = offset(of: "shape: [8, 8]", in: bytes)
        bytes[at + 8] = UInt8(ascii: "9")
        guard let error = failure(bytes, in: dir) else { Issue.record("expected an error"); return }
        guard case .shapeMismatch = error.problem else { Issue.record("got \(error)"); return }
        #expect(error.location == .treePath("b"))
    }

    @Test func forgedHugeSizesAllocateNothing() throws {
        let dir = try TemporaryDirectory()
        var (_, bytes) = try Self.goodFile(in: dir)
        let file = try ASDFFile(contentsOf: dir.file("good.asdf"))
        let header = file.blocks[0].offset + 6
        // data_size of the zlib block = 2^50 bytes (1 PiB).
        var forged = bytes
        forged.replaceSubrange(header + 24..<header + 32, with: bigEndianBytes(UInt64(1) << 50))
        guard let error = failure(forged, in: dir) else { Issue.record("expected an error"); return }
        guard case .tooLarge = error.problem else { Issue.record("got \(error)"); return }
        // allocated_size beyond the file end.
        bytes.replaceSubrange(header + 8..<header + 16, with: bigEndianBytes(UInt64(1) << 40))
        guard let error2 = failure(bytes, in: dir) else { Issue.record("expected an error"); return }
        guard case .truncated = error2.problem else { Issue.record("got \(error2)"); return }
    }

    @Test func absurdShapeIsRejectedBeforeAllocation() throws {
        let dir = try TemporaryDirectory()
        let text = "#ASDF 1.0.0\n%YAML 1.1\n%TAG ! tag:stsci.edu:asdf/\n--- !core/asdf-1.1.0\na: !core/ndarray-1.1.0 {data: [1], shape: [2147483647, 2147483647, 2147483647]}\n...\n"
        guard let error = failure(Array(text.utf8), in: dir) else { Issue.record("expected an error"); return }
        guard case .invalidNDArray = error.problem else { Issue.record("got \(error)"); return }
    }

    @Test func unknownCompressionLabel() throws {
        let dir = try TemporaryDirectory()
        var (_, bytes) = try Self.goodFile(in: dir)
        let file = try ASDFFile(contentsOf: dir.file("good.asdf"))
        let label = file.blocks[0].offset + 10
        bytes.replaceSubrange(label..<label + 4, with: Array("zzzz".utf8))
        guard let error = failure(bytes, in: dir) else { Issue.record("expected an error"); return }
        guard case .unknownCompression(block: 0, _) = error.problem else { Issue.record("got \(error)"); return }
    }

    @Test func brokenBlockIndexFallsBackToWalking() throws {
        let dir = try TemporaryDirectory()
        var (_, bytes) = try Self.goodFile(in: dir)
        let at = offset(of: "#ASDF BLOCK INDEX", in: bytes)
        let listStart = offset(of: "---\n- ", in: Array(bytes[at...])) + at + 6
        bytes[listStart] = UInt8(ascii: "9")   // first offset now wrong
        let path = dir.file("walked.asdf")
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        let file = try ASDFFile(contentsOf: path, options: ReadOptions(validateChecksums: true))
        #expect(!file.usedBlockIndex)
        #expect(file.blocks.count == 2)
        #expect(try file.array(at: "b")?.typed(UInt16.self).elements == (0..<64).map { UInt16($0) })
        let good = try ASDFFile(contentsOf: dir.file("good.asdf"))
        #expect(good.usedBlockIndex)
    }

    @Test func failedWriteKeepsTheGoodFile() throws {
        let dir = try TemporaryDirectory()
        let (path, bytes) = try Self.goodFile(in: dir)
        // An array whose data cannot be produced makes the write fail midway.
        let broken = DeferredStorage(count: 64) { throw StorageError.deferredLoadFailed("source vanished") }
        let array = try NDArray(dataType: .uint8, byteOrder: .native, shape: [64], storage: broken)
        #expect(throws: ASDFError.self) {
            try ASDFFile(tree: .map(["x": .ndarray(ArrayNode(array))])).write(to: path)
        }
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == bytes, "the good file must be untouched")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty, "no temporary file may be left behind")
    }

    @Test func missingFileIsAnIOError() throws {
        #expect {
            try ASDFFile(contentsOf: "/nonexistent/x.asdf")
        } throws: { error in
            guard let e = error as? ASDFError, case .io = e.problem else { return false }
            return e.description.contains("/nonexistent/x.asdf")
        }
    }
}
