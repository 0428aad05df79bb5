import Arrays
@testable import ASDF
import FileIO
import Foundation
import InteropSupport
import Testing

/// How blocks are written and read for speed: lz4 blocks that would not shrink stored raw,
/// files staged under a temporary name and committed later, arrays decoded straight into Swift
/// arrays.
@Suite struct WritePolicyTests {
    /// Float noise (lz4 cannot shrink it) and a smooth ramp (lz4 shrinks it many times), each
    /// 3 MiB, 1 000 x 768 float32.
    static let shape = [1_000, 768]
    static let noise: [Float] = {
        var generator = SplitMix64(seed: 11)
        return (0..<(shape[0] * shape[1])).map { _ in Float(Double(generator.next() >> 11) / Double(1 << 53)) }
    }()
    static let smooth: [Float] = (0..<(shape[0] * shape[1])).map { Float($0 / 4096) }

    static func tree() throws -> Node {
        .mapping([
            "noise": .ndarray(ArrayNode(try TypedArray<Float>(shape: shape, elements: noise).ndarray)),
            "smooth": .ndarray(ArrayNode(try TypedArray<Float>(shape: shape, elements: smooth).ndarray)),
        ])
    }

    static var rawWhenIncompressible: WriteOptions {
        var options = WriteOptions(compression: .lz4)
        options.minimumCompressionGain = 0.03
        return options
    }

    func compressions(_ path: String) throws -> [String: String] {
        let summary = FileSummary(try ASDFFile(contentsOf: path), fileBytes: nil)
        return Dictionary(uniqueKeysWithValues: summary.arrays.map { ($0.path, $0.compression) })
    }

    @Test(arguments: [true, false])
    func incompressibleLZ4BlocksAreStoredRaw(concurrent: Bool) throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("policy.asdf")
        var options = Self.rawWhenIncompressible
        options.concurrent = concurrent
        try ASDFFile(tree: try Self.tree()).write(to: path, options: options)
        #expect(try compressions(path) == ["noise": "none", "smooth": "lz4"])
        let file = try ASDFFile(contentsOf: path, options: ReadOptions(validateChecksums: true))
        #expect(try #require(file.array(at: "noise")).elements(Float.self) == Self.noise)
        #expect(try #require(file.array(at: "smooth")).elements(Float.self) == Self.smooth)
        // Without the option every block is lz4, as asked.
        try ASDFFile(tree: try Self.tree()).write(to: path, options: WriteOptions(compression: .lz4))
        #expect(try compressions(path) == ["noise": "lz4", "smooth": "lz4"])
    }

    @Test func rawBlocksOpenInPythonAsdf() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("policy.asdf")
        try ASDFFile(tree: try Self.tree()).write(to: path, options: Self.rawWhenIncompressible)
        let check = """
        import sys, asdf, numpy as np
        with asdf.open(sys.argv[1], validate_checksums=True) as f:
            n, s = np.asarray(f['noise']), np.asarray(f['smooth'])
            print(n.dtype, n.shape, float(n.sum(dtype=np.float64)), float(s[-1, -1]))
        """
        guard let output = try PythonTools.run(["-c", check, path]) else { return }
        #expect(output.status == 0, "\(output.stderr.suffix(2000))")
        let fields = output.stdout.split(separator: " ").map(String.init)
        #expect(fields.prefix(3) == ["float32", "(1000,", "768)"], "\(output.stdout)")
        let sum = Double(fields.count > 3 ? fields[3] : "") ?? .nan
        #expect(abs(sum - Self.noise.reduce(0.0) { $0 + Double($1) }) < 1e-6, "\(output.stdout)")
        #expect(Double(fields.count > 4 ? fields[4].trimmingCharacters(in: .whitespacesAndNewlines) : "") == Double(Self.smooth.last!))
    }

    @Test func stagedFilesAppearOnlyWhenCommitted() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("staged.asdf")
        try ASDFFile(tree: .mapping(["old": .int(1)])).write(to: path)
        let staged = try ASDFFile(tree: try Self.tree()).stage(to: path, options: Self.rawWhenIncompressible)
        // The old file is untouched until the commit; the new one is complete beside it.
        #expect(try ASDFFile(contentsOf: path).tree["old"]?.intValue == 1)
        #expect(FileManager.default.fileExists(atPath: staged.temporaryPath))
        try staged.commit()
        #expect(try ASDFFile(contentsOf: path).array(at: "noise")?.elements(Float.self) == Self.noise)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["staged.asdf"])
    }

    @Test func droppedStagedFilesLeaveNothing() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("dropped.asdf")
        var temporary = ""
        do {
            let staged = try ASDFFile(tree: try Self.tree()).stage(to: path)
            temporary = staged.temporaryPath
            #expect(FileManager.default.fileExists(atPath: temporary))
        }
        #expect(!FileManager.default.fileExists(atPath: temporary))
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test(arguments: [BlockCompression.lz4, .zlib, .none])
    func elementsDecodeStraightIntoArrays(compression: BlockCompression) throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("direct.asdf")
        try ASDFFile(tree: try Self.tree()).write(to: path, options: WriteOptions(compression: compression))
        let file = try ASDFFile(contentsOf: path, options: ReadOptions(validateChecksums: true))
        let smooth = try #require(file.array(at: "smooth"))
        #expect(try smooth.elements(Float.self) == Self.smooth)
        // Decoding into the caller's array keeps nothing: the block is still unloaded.
        #expect(smooth.storage.isLoaded == (compression == .none))
        #expect(try smooth.typed(Float.self).elements == Self.smooth)
        #expect(try smooth.elements(Float.self) == Self.smooth, "after loading, a copy of the loaded bytes")
    }

    @Test func directDecodingVerifiesChecksums() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("corrupt.asdf")
        try ASDFFile(tree: try Self.tree()).write(to: path, options: WriteOptions(compression: .zlib))
        // Flip one byte inside the second block's stored data: it still inflates (zlib's own
        // check aside, which may catch it first), and the MD5 no longer matches.
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let file = try ASDFFile(contentsOf: path)
        let summary = FileSummary(file, fileBytes: bytes.count)
        let block = try #require(summary.blocks.last)
        bytes[block.offset + 6 + 48 + Int(block.usedBytes) / 2] ^= 0x40
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let reread = try ASDFFile(contentsOf: path, options: ReadOptions(validateChecksums: true))
        #expect(throws: ASDFError.self) { _ = try reread.array(at: "smooth")?.elements(Float.self) }
    }
}
