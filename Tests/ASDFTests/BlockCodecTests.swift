import Foundation
import InteropSupport
import Testing

@testable import ASDF

// MARK: - Fixtures

/// Test data for the block codec tests (namespaced so it cannot clash with other test files).
private enum BlockCodecFixture {
    static let mebibyte = 1 << 20
    static let chunk = 1 << 22
    static let compressedCodecs: [BlockCompression] = [.zlib, .bzp2, .lz4]
    /// The most any sink piece may hold: 4 MiB plus lz4's worst-case expansion and chunk header.
    static let maxPiece = 4_299_161  // ~4.1 MiB

    /// Deterministic bytes (SplitMix64), so failures reproduce.
    typealias Generator = SplitMix64

    /// Incompressible bytes.
    static func random(_ count: Int, seed: UInt64 = 1) -> [UInt8] {
        var generator = Generator(seed: seed)
        var bytes = [UInt8](repeating: 0, count: count)
        bytes.withUnsafeMutableBytes { raw in
            let words = raw.count / 8
            for index in 0..<words {
                raw.storeBytes(of: generator.next(), toByteOffset: index * 8, as: UInt64.self)
            }
            for index in (words * 8)..<raw.count { raw[index] = UInt8(truncatingIfNeeded: generator.next()) }
        }
        return bytes
    }

    /// Highly compressible bytes: runs of 48 copies of random byte values (every codec,
    /// bzip2 included, compresses this quickly, and the streams are still far from trivial).
    static func compressible(_ count: Int, seed: UInt64 = 3) -> [UInt8] {
        var generator = Generator(seed: seed)
        var bytes = [UInt8](repeating: 0, count: count)
        bytes.withUnsafeMutableBytes { raw in
            for start in stride(from: 0, to: raw.count, by: 48) {
                let run = UnsafeMutableRawBufferPointer(rebasing: raw[start..<min(start + 48, raw.count)])
                run.initializeMemory(as: UInt8.self, repeating: UInt8(truncatingIfNeeded: generator.next()))
            }
        }
        return bytes
    }

    /// 9 MiB of compressible data: three lz4 chunks (4 MiB, 4 MiB, 1 MiB).
    static let large = compressible(9 * mebibyte)
    /// 1 MiB + 3 bytes of noise.
    static let noise = random(mebibyte + 3, seed: 7)

    static let inputs: [(name: String, bytes: [UInt8])] = [
        ("empty", []), ("one byte", [0x2A]), ("noise", noise), ("9 MiB compressible", large),
    ]
}

/// Helpers shared by the codec suites; members, so they shadow nothing and nothing shadows them.
private protocol BlockCodecTesting {}

extension BlockCodecTesting {
    typealias Fixture = BlockCodecFixture

    /// Compresses `bytes`, returning the stream and the largest piece the sink received.
    func compress(_ compression: BlockCompression, _ bytes: [UInt8]) throws -> (stream: [UInt8], largestPiece: Int) {
        var stream: [UInt8] = []
        var largest = 0
        try bytes.withUnsafeBytes { source in
            try BlockCodec.compress(compression, from: source) { piece in
                largest = max(largest, piece.count)
                stream.append(contentsOf: piece)
            }
        }
        return (stream, largest)
    }

    /// Decompresses `stream` into a fresh buffer of `size` bytes.
    func decompress(
        _ compression: BlockCompression, _ stream: [UInt8], size: Int
    ) -> Result<[UInt8], CompressionError> {
        var output = [UInt8](repeating: 0, count: size)
        let result = stream.withUnsafeBytes { source in
            output.withUnsafeMutableBytes { destination in
                Result { () throws(CompressionError) in
                    try BlockCodec.decompress(compression, from: source, into: destination)
                }
            }
        }
        return result.map { output }
    }

    /// The error `decompress` threw, or nil if it succeeded.
    func decodeError(_ compression: BlockCompression, _ stream: [UInt8], size: Int) -> CompressionError? {
        if case .failure(let error) = decompress(compression, stream, size: size) { return error }
        return nil
    }

    func isSizeMismatch(_ error: CompressionError?) -> Bool {
        if case .sizeMismatch = error { return true }
        return false
    }

    func isCorrupt(_ error: CompressionError?) -> Bool {
        if case .corruptStream = error { return true }
        return false
    }

    /// The chunks of an asdf lz4 stream: (length_of_rest, decoded size, offset of the LZ4 block).
    func lz4Chunks(_ stream: [UInt8]) -> [(rest: Int, size: Int, blockOffset: Int)]? {
        var chunks: [(Int, Int, Int)] = []
        var offset = 0
        while offset < stream.count {
            guard stream.count - offset >= 8 else { return nil }
            let rest = stream[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            let size = stream[offset + 4..<offset + 8].reversed().reduce(0) { $0 << 8 | Int($1) }
            guard rest >= 4, offset + 4 + rest <= stream.count else { return nil }
            chunks.append((rest, size, offset + 8))
            offset += 4 + rest
        }
        return chunks
    }

    func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
}

// MARK: - Labels

@Suite("Block compression labels")
struct BlockCompressionLabelTests: BlockCodecTesting {
    @Test("header labels are the bytes asdf writes")
    func labels() {
        #expect(BlockCompression.none.headerLabel == [0, 0, 0, 0])
        #expect(BlockCompression.zlib.headerLabel == Array("zlib".utf8))
        #expect(BlockCompression.bzp2.headerLabel == Array("bzp2".utf8))
        #expect(BlockCompression.lz4.headerLabel == [0x6C, 0x7A, 0x34, 0x00])
    }

    @Test("labels parse back, unknown labels are rejected")
    func parse() {
        for compression in BlockCompression.allCases {
            #expect(BlockCompression(headerLabel: compression.headerLabel) == compression)
            #expect(BlockCompression(headerLabel: compression.headerLabel[...]) == compression)
        }
        #expect(BlockCompression(headerLabel: Array("lz4 ".utf8)) == nil)
        #expect(BlockCompression(headerLabel: Array("lz4".utf8)) == nil)
        #expect(BlockCompression(headerLabel: Array("zlib\0".utf8)) == nil)
        #expect(BlockCompression(headerLabel: Array("blsc".utf8)) == nil)
        #expect(BlockCompression(headerLabel: [UInt8]()) == nil)
    }
}

// MARK: - Round trips and formats

@Suite("Block codecs")
struct BlockCodecTests: BlockCodecTesting {
    @Test("round trip", arguments: BlockCompression.allCases)
    func roundTrip(_ compression: BlockCompression) throws {
        for (name, input) in Fixture.inputs {
            let (stream, largest) = try compress(compression, input)
            #expect(largest <= Fixture.maxPiece, "\(compression) \(name): sink piece of \(largest) bytes")
            let decoded = try decompress(compression, stream, size: input.count).get()
            #expect(decoded == input, "\(compression) \(name): decoded bytes differ")
        }
    }

    @Test("none hands the source to the sink unchanged, in 4 MiB pieces")
    func storedPieces() throws {
        var pieces: [Int] = []
        try Fixture.large.withUnsafeBytes { source in
            try BlockCodec.compress(.none, from: source) { pieces.append($0.count) }
        }
        #expect(pieces == [Fixture.chunk, Fixture.chunk, Fixture.mebibyte])
        #expect(try compress(.none, Fixture.noise).stream == Fixture.noise)
    }

    @Test("zlib writes a standard zlib stream at level 6")
    func zlibHeader() throws {
        for (name, input) in Fixture.inputs {
            let stream = try compress(.zlib, input).stream
            #expect(Array(stream.prefix(2)) == [0x78, 0x9C], "\(name)")
        }
    }

    @Test("bzip2 writes a standard bzip2 stream with 900k blocks")
    func bzip2Header() throws {
        for (name, input) in Fixture.inputs {
            let stream = try compress(.bzp2, input).stream
            #expect(Array(stream.prefix(4)) == Array("BZh9".utf8), "\(name)")
        }
    }

    @Test("lz4 writes asdf's chunk framing")
    func lz4Framing() throws {
        let stream = try compress(.lz4, Fixture.large).stream
        let chunks = try #require(lz4Chunks(stream), "lz4 output does not parse as asdf framing")
        #expect(chunks.map(\.size) == [Fixture.chunk, Fixture.chunk, Fixture.mebibyte])
        #expect(chunks.first?.size == 4_194_304)
        #expect(try compress(.lz4, []).stream.isEmpty, "empty input has no chunks, as in asdf")

        let two = try compress(.lz4, Fixture.random(2000)).stream
        #expect(Array(two.prefix(8)) == [0x00, 0x00, 0x07, 0xDD, 0xD0, 0x07, 0x00, 0x00])
        #expect(two.count == 2017)
    }

    @Test("incompressible lz4 chunks stay within the bound")
    func lz4Incompressible() throws {
        let input = Fixture.random(Fixture.chunk + 5, seed: 3)
        let (stream, largest) = try compress(.lz4, input)
        #expect(largest <= Fixture.maxPiece)
        #expect(lz4Chunks(stream)?.map(\.size) == [Fixture.chunk, 5])
        #expect(try decompress(.lz4, stream, size: input.count).get() == input)
    }

    @Test("errors thrown by the sink propagate", arguments: BlockCompression.allCases)
    func sinkErrors(_ compression: BlockCompression) {
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try Fixture.large.withUnsafeBytes { source in
                try BlockCodec.compress(compression, from: source) { _ in throw Stop() }
            }
        }
    }
}

// MARK: - Hostile input

@Suite("Block codec errors")
struct BlockCodecErrorTests: BlockCodecTesting {
    @Test("a destination of the wrong size is a size mismatch", arguments: BlockCompression.allCases)
    func wrongSize(_ compression: BlockCompression) throws {
        for input in [Fixture.noise, Fixture.large, [0x2A]] {
            let stream = try compress(compression, input).stream
            for size in [0, input.count - 1, input.count + 1, input.count * 2] where size != input.count {
                let error = decodeError(compression, stream, size: size)
                #expect(isSizeMismatch(error), "\(compression) \(input.count) -> \(size): \(error.map { "\($0)" } ?? "no error")")
            }
        }
    }

    @Test("size mismatches report the real decoded size")
    func mismatchSizes() throws {
        for compression in BlockCompression.allCases {
            let stream = try compress(compression, Fixture.noise).stream
            let count = Fixture.noise.count
            #expect(decodeError(compression, stream, size: 10)
                == .sizeMismatch(compression, expected: 10, actual: count))
            #expect(decodeError(compression, stream, size: count + 10)
                == .sizeMismatch(compression, expected: count + 10, actual: count))
        }
    }

    @Test("the empty stream is truncated for zlib and bzip2 and empty data for lz4")
    func emptyStream() {
        #expect(isCorrupt(decodeError(.zlib, [], size: 0)))
        #expect(isCorrupt(decodeError(.bzp2, [], size: 0)))
        #expect(decodeError(.lz4, [], size: 0) == nil)
        #expect(decodeError(.lz4, [], size: 5) == .sizeMismatch(.lz4, expected: 5, actual: 0))
        #expect(decodeError(.none, [], size: 0) == nil)
        // A chunk of zero decoded bytes (a 1-byte empty LZ4 block) fits an empty destination.
        #expect(decodeError(.lz4, [0, 0, 0, 5, 0, 0, 0, 0, 0x00], size: 0) == nil)
        #expect(isCorrupt(decodeError(.lz4, [0, 0, 0, 5, 0, 0, 0, 0, 0x10], size: 0)))
    }

    @Test("a stream far larger than its destination stops early with a lower bound",
          arguments: [BlockCompression.zlib, .bzp2])
    func farOverrun(_ compression: BlockCompression) throws {
        let input = [UInt8](repeating: 0, count: 80 * Fixture.mebibyte)
        let stream = try compress(compression, input).stream
        let error = try #require(decodeError(compression, stream, size: Fixture.mebibyte))
        guard case let .sizeMismatch(codec, expected, actual) = error else {
            Issue.record("expected a size mismatch, got \(error)")
            return
        }
        #expect(codec == compression && expected == Fixture.mebibyte)
        #expect(actual > 65 * Fixture.mebibyte && actual <= input.count, "reported \(actual)")
    }

    @Test("truncated streams throw", arguments: BlockCodecFixture.compressedCodecs)
    func truncated(_ compression: BlockCompression) throws {
        for input in [Fixture.noise, Fixture.compressible(300_000), [0x2A]] {
            let stream = try compress(compression, input).stream
            let cuts = Set([0, 1, 2, 4, 7, 8, 9, stream.count / 3, stream.count / 2, stream.count - 4,
                            stream.count - 2, stream.count - 1].filter { $0 >= 0 && $0 < stream.count })
            for cut in cuts.sorted() {
                let error = decodeError(compression, Array(stream.prefix(cut)), size: input.count)
                #expect(error != nil, "\(compression): stream cut to \(cut) of \(stream.count) bytes decoded")
            }
        }
    }

    @Test("trailing bytes after the stream throw", arguments: BlockCodecFixture.compressedCodecs)
    func trailing(_ compression: BlockCompression) throws {
        let input = Fixture.compressible(100_000)
        let stream = try compress(compression, input).stream
        for garbage: [UInt8] in [[0], [1, 2, 3], Array(repeating: 0xFF, count: 100)] {
            #expect(isCorrupt(decodeError(compression, stream + garbage, size: input.count)))
        }
        // A second copy of the stream is trailing data too (only one stream per block).
        #expect(decodeError(compression, stream + stream, size: input.count) != nil)
    }

    /// zlib (Adler-32) and bzip2 (CRCs) checksum their output, so a flipped bit either throws or
    /// (when it lands in redundant bits, such as an unused Huffman code length) decodes correctly.
    @Test("bit flips in checksummed streams throw or decode correctly",
          arguments: [BlockCompression.zlib, .bzp2])
    func bitFlipsChecksummed(_ compression: BlockCompression) throws {
        let input = Fixture.compressible(200_000)
        let stream = try compress(compression, input).stream
        var generator = Fixture.Generator(seed: 11)
        var detected = 0
        for _ in 0..<200 {
            var damaged = stream
            let index = Int.random(in: 0..<stream.count, using: &generator)
            damaged[index] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &generator)
            switch decompress(compression, damaged, size: input.count) {
            case .failure: detected += 1
            case .success(let decoded):
                #expect(decoded == input, "\(compression): flipped byte \(index) decoded to wrong data silently")
            }
        }
        #expect(detected > 150, "\(compression): only \(detected) of 200 bit flips detected")
    }

    @Test("bit flips in lz4 chunk headers throw, elsewhere never crash")
    func bitFlipsLZ4() throws {
        let input = Fixture.compressible(Fixture.chunk + 1000)
        let stream = try compress(.lz4, input).stream
        let chunks = try #require(lz4Chunks(stream))
        let headerBytes = chunks.flatMap { ($0.blockOffset - 8)..<$0.blockOffset }
        for index in headerBytes {
            for bit in 0..<8 {
                var damaged = stream
                damaged[index] ^= UInt8(1) << UInt8(bit)
                #expect(decodeError(.lz4, damaged, size: input.count) != nil, "header byte \(index) bit \(bit)")
            }
        }
        var generator = Fixture.Generator(seed: 5)
        for _ in 0..<300 {
            var damaged = stream
            let index = Int.random(in: 0..<stream.count, using: &generator)
            damaged[index] ^= UInt8.random(in: 1...255, using: &generator)
            // This may decode (lz4 has no checksum), but must not crash or overrun.
            _ = decompress(.lz4, damaged, size: input.count)
        }
    }

    @Test("garbage is not a stream", arguments: BlockCodecFixture.compressedCodecs)
    func garbage(_ compression: BlockCompression) {
        let junk = Fixture.random(5000, seed: 99)
        #expect(decodeError(compression, junk, size: 5000) != nil)
        #expect(decodeError(compression, Array("not a stream at all".utf8), size: 100) != nil)
    }

    @Test("a forged lz4 chunk claiming 2^31 bytes is rejected without writing")
    func forgedGiantChunk() throws {
        let real = try compress(.lz4, Fixture.random(64, seed: 2)).stream
        var forged = real
        forged.replaceSubrange(4..<8, with: [0x00, 0x00, 0x00, 0x80])  // LE 2^31
        let error = decodeError(.lz4, forged, size: 64)
        #expect(error == .sizeMismatch(.lz4, expected: 64, actual: 1 << 31))

        // All-ones sizes and lengths.
        #expect(decodeError(.lz4, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], size: 64) != nil)
        #expect(isCorrupt(decodeError(.lz4, [0x00, 0x00, 0x00, 0x03, 0x01, 0x00, 0x00, 0x00], size: 1)))
    }

    @Test("an lz4 block that decodes past its declared size never writes past the destination")
    func lz4NoOverrun() throws {
        let input = Fixture.compressible(10_000)
        var forged = try compress(.lz4, input).stream
        forged.replaceSubrange(4..<8, with: [0xF4, 0x01, 0x00, 0x00])  // declares 500 bytes
        let canary: UInt8 = 0xA5
        var memory = [UInt8](repeating: canary, count: 1000)
        let result = forged.withUnsafeBytes { source in
            memory.withUnsafeMutableBytes { raw in
                Result { () throws(CompressionError) in
                    let destination = UnsafeMutableRawBufferPointer(rebasing: raw[..<500])
                    try BlockCodec.decompress(.lz4, from: source, into: destination)
                }
            }
        }
        #expect(throws: CompressionError.self) { try result.get() }
        #expect(memory[500...].allSatisfy { $0 == canary }, "bytes past the destination were written")
    }

    @Test("streams that overrun never write past the destination",
          arguments: BlockCodecFixture.compressedCodecs)
    func streamNoOverrun(_ compression: BlockCompression) throws {
        let input = Fixture.compressible(50_000)
        let stream = try compress(compression, input).stream
        let canary: UInt8 = 0x5A
        var memory = [UInt8](repeating: canary, count: input.count)
        let result = stream.withUnsafeBytes { source in
            memory.withUnsafeMutableBytes { raw in
                Result { () throws(CompressionError) in
                    let destination = UnsafeMutableRawBufferPointer(rebasing: raw[..<1000])
                    try BlockCodec.decompress(compression, from: source, into: destination)
                }
            }
        }
        #expect(throws: CompressionError.self) { try result.get() }
        #expect(memory[1000...].allSatisfy { $0 == canary })
    }

    @Test("error descriptions name the codec")
    func descriptions() {
        #expect(CompressionError.sizeMismatch(.lz4, expected: 4, actual: 5).description.contains("lz4"))
        #expect(CompressionError.corruptStream(.zlib, detail: "x").description.contains("zlib"))
        #expect(CompressionError.library(.bzp2, function: "f", code: -2).description.contains("-2"))
    }
}

// MARK: - MD5

@Suite("MD5")
struct MD5Tests: BlockCodecTesting {
    static let vectors: [(String, String)] = [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("The quick brown fox jumps over the lazy dog", "9e107d9d372bb6826bd81d3542a419d6"),
    ]

    @Test("known vectors")
    func knownVectors() {
        for (text, expected) in Self.vectors {
            let digest = Array(text.utf8).withUnsafeBytes { MD5.digest($0) }
            #expect(digest.count == 16)
            #expect(hex(digest) == expected, "MD5(\"\(text)\")")
        }
    }

    @Test("incremental updates equal one shot")
    func incremental() {
        let data = Fixture.random(1_000_003, seed: 21)
        let oneShot = data.withUnsafeBytes { MD5.digest($0) }
        for pieceSize in [1, 63, 64, 65, 4096, 333_333] {
            var md5 = MD5()
            data.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let end = min(offset + (offset < 200 ? 1 : pieceSize), raw.count)
                    md5.update(UnsafeRawBufferPointer(rebasing: raw[offset..<end]))
                    offset = end
                }
            }
            md5.update(UnsafeRawBufferPointer(start: nil, count: 0))
            #expect(md5.finalize() == oneShot, "pieces of \(pieceSize)")
        }
    }

    @Test("pieces of the fox vector")
    func foxPieces() {
        var md5 = MD5()
        for piece in ["The quick ", "brown fox jumps", "", " over the lazy dog"] {
            Array(piece.utf8).withUnsafeBytes { md5.update($0) }
        }
        #expect(hex(md5.finalize()) == "9e107d9d372bb6826bd81d3542a419d6")
    }
}

// MARK: - Python interop

@Suite("Block codec interop with Python asdf's codecs")
struct BlockCodecPythonInteropTests: BlockCodecTesting {
    /// Checks our streams in `directory` and writes Python's own; exits nonzero on a mismatch.
    static let script = """
        import bz2, os, struct, sys, zlib
        import lz4.block
        d = sys.argv[1]
        CHUNK = 1 << 22
        def lz4_decode(b):
            out, i = bytearray(), 0
            while i < len(b):
                n = struct.unpack('>I', b[i:i + 4])[0]
                out += lz4.block.decompress(b[i + 4:i + 4 + n])
                i += 4 + n
            return bytes(out)
        def lz4_encode(b):
            parts = []
            for i in range(0, len(b), CHUNK):
                c = lz4.block.compress(b[i:i + CHUNK])
                parts.append(struct.pack('>I', len(c)) + c)
            return b''.join(parts)
        decoders = {'zlib': zlib.decompress, 'bzp2': bz2.decompress, 'lz4': lz4_decode}
        encoders = {'zlib': zlib.compress, 'bzp2': bz2.compress, 'lz4': lz4_encode}
        for name in sys.argv[2:]:
            raw = open(os.path.join(d, name + '.raw'), 'rb').read()
            for codec, decode in decoders.items():
                ours = open(os.path.join(d, name + '.swift.' + codec), 'rb').read()
                if decode(ours) != raw:
                    sys.exit(f'{name}: python {codec} decodes our stream to different bytes')
                open(os.path.join(d, name + '.py.' + codec), 'wb').write(encoders[codec](raw))
        print('ok')
        """

    @Test("Python decodes our streams and we decode Python's")
    func interop() throws {
        let temporary = try TemporaryDirectory()
        let directory = URL(fileURLWithPath: temporary.path)

        let datasets: [(String, [UInt8])] = [
            ("empty", []), ("byte", [0x2A]),
            ("mixed", Fixture.large + Fixture.noise),  // 10 MiB + 3: three lz4 chunks
        ]
        for (name, bytes) in datasets {
            try Data(bytes).write(to: directory.appendingPathComponent("\(name).raw"))
            for codec in BlockCodecFixture.compressedCodecs {
                let stream = try compress(codec, bytes).stream
                try Data(stream).write(to: directory.appendingPathComponent("\(name).swift.\(codec.rawValue)"))
            }
        }

        let result = try #require(try PythonTools.run(["-c", Self.script, directory.path] + datasets.map(\.0)))
        try #require(result.status == 0, "python interop script failed (\(result.status)): \(result.stdout)\(result.stderr)")

        for (name, bytes) in datasets {
            for codec in BlockCodecFixture.compressedCodecs {
                let file = directory.appendingPathComponent("\(name).py.\(codec.rawValue)")
                let theirs = try [UInt8](Data(contentsOf: file))
                let decoded = decompress(codec, theirs, size: bytes.count)
                #expect((try? decoded.get()) == bytes, "\(name): decoding Python's \(codec) stream: \(decoded)")
            }
        }
    }
}
