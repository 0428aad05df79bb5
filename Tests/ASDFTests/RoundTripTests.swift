import Arrays
@testable import ASDF
import Foundation
import InteropSupport
import Testing

/// Arrays and tagged values written by our writer and read back by our reader.
@Suite struct RoundTripTests {
    /// Deterministic bytes for an array of `count` elements of `type` (valid for every type:
    /// strings get printable characters, bools 0/1).
    static func sampleBytes(_ type: DataType, count: Int, seed: UInt64 = 7) -> [UInt8] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        var bytes = [UInt8](repeating: 0, count: count * type.itemSize)
        for i in bytes.indices {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes[i] = UInt8(truncatingIfNeeded: state >> 56)
        }
        switch type {
        case .bool8: return bytes.map { $0 & 1 }
        case .ascii: return bytes.map { 0x41 + $0 % 26 }
        case .ucs4:
            // Code points below 0x3000 in little-endian order.
            return bytes.enumerated().map { i, b in i % 4 == 0 ? 0x41 + b % 26 : i % 4 == 1 ? b % 0x30 : 0 }
        case .float16, .float32, .float64, .complex64, .complex128:
            // Random bit patterns include NaNs with payloads; use finite values instead.
            return finiteFloats(type, count: count, seed: seed)
        default: return bytes
        }
    }

    static func finiteFloats(_ type: DataType, count: Int, seed: UInt64) -> [UInt8] {
        var values: [Double] = []
        let n = count * (type == .complex64 || type == .complex128 ? 2 : 1)
        for i in 0..<n { values.append(Double(i) * 0.37 - Double(seed) + (i % 5 == 0 ? 1e-3 : 12.5)) }
        switch type {
        case .float16: return values.flatMap { withUnsafeBytes(of: Float16($0)) { Array($0) } }
        case .float32, .complex64: return values.flatMap { withUnsafeBytes(of: Float($0)) { Array($0) } }
        default: return values.flatMap { withUnsafeBytes(of: $0) { Array($0) } }
        }
    }

    static let recordType = DataType.record([
        RecordField(name: "x", dataType: .float32),
        RecordField(name: "flag", dataType: .uint8),
        RecordField(name: "id", dataType: .int64, byteOrder: .big),
        RecordField(name: "pos", dataType: .float64, shape: [2]),
    ])

    static let allTypes: [DataType] = DataType.scalarTypes + [.ascii(length: 5), .ucs4(length: 3), recordType]

    func roundTrip(_ tree: Node, options: WriteOptions = WriteOptions()) throws -> ASDFFile {
        let dir = try TemporaryDirectory()
        let path = dir.file("t.asdf")
        try ASDFFile(tree: tree).write(to: path, options: options)
        let file = try ASDFFile(contentsOf: path, options: ReadOptions(validateChecksums: true))
        // Force every block to load while the directory exists (mapped files survive unlinking).
        for entry in file.arrays { _ = try entry.array.array.storage.resolve() }
        return file
    }

    @Test(arguments: allTypes, [ByteOrder.little, .big])
    func everyDatatypeAndByteOrder(type: DataType, order: ByteOrder) throws {
        let shape = [3, 4]
        let bytes = Self.sampleBytes(type, count: 12)
        // Build in native order, then store in `order` by swapping through the decoder/encoder.
        let native = try bytes.withUnsafeBytes { try NDArray(dataType: type, byteOrder: .native, shape: shape, bytes: $0) }
        let expected = try native.elementValues()
        let storage = try ByteStorage.allocate(count: bytes.count)
        for (i, value) in expected.enumerated() {
            try ElementEncoder.encode(value, as: type, order, at: storage.baseAddress + i * type.itemSize)
        }
        let stored = try NDArray(dataType: type, byteOrder: order, shape: shape, storage: DeferredStorage(storage))
        for compression in BlockCompression.allCases {
            let file = try roundTrip(.map(["a": .ndarray(ArrayNode(stored, compression: compression))]))
            let read = try #require(file.tree["a"]?.arrayValue)
            #expect(read.array.dataType == type)
            #expect(read.array.shape == shape)
            if type.itemSize > 1, type.swapUnit != 1 { #expect(read.array.byteOrder == order) }
            #expect(read.compression == compression)
            #expect(try read.array.elementValues() == expected, "\(type.displayName) \(order) \(compression)")
        }
    }

    @Test func viewsShareOneBlockWithOffsetsAndStrides() throws {
        let base = try TypedArray<Float>(shape: [4, 6], elements: (0..<24).map(Float.init))
        let full = base.ndarray
        let storage = full.storage
        let columns = try NDArray(dataType: .float32, byteOrder: .native, shape: [4, 2], strides: [24, 4], offset: 4, storage: storage)
        let transposed = try NDArray(dataType: .float32, byteOrder: .native, shape: [6, 4], strides: [4, 24], storage: storage)
        let reversed = try NDArray(dataType: .float32, byteOrder: .native, shape: [4, 6], strides: [-24, 4], offset: 72, storage: storage)
        let sparse = try NDArray(dataType: .float32, byteOrder: .native, shape: [2, 2], strides: [48, 12], storage: storage)
        let tree: Node = .map([
            "base": .ndarray(ArrayNode(full)), "columns": .ndarray(ArrayNode(columns)),
            "transposed": .ndarray(ArrayNode(transposed)), "reversed": .ndarray(ArrayNode(reversed)),
            "sparse": .ndarray(ArrayNode(sparse)),
        ])
        for compression in [BlockCompression.none, .zlib] {
            let file = try roundTrip(tree, options: WriteOptions(compression: compression))
            #expect(file.blocks.count == 1, "all views must share the base's block")
            func values(_ key: String) throws -> [Float] { try #require(file.array(at: key)).typed(Float.self).elements }
            #expect(try values("columns") == [1, 2, 7, 8, 13, 14, 19, 20])
            #expect(try values("transposed").prefix(5) == [0, 6, 12, 18, 1])
            #expect(try values("reversed").prefix(7) == [18, 19, 20, 21, 22, 23, 12])
            #expect(try values("sparse") == [0, 3, 12, 15])
            #expect(file.tree["reversed"]?.arrayValue?.array.strides == [-24, 4])
        }
    }

    @Test func inlineArraysAndThreshold() throws {
        let small = try TypedArray<Int32>(shape: [2, 3], elements: [1, -2, 3, 4, 5, -6]).ndarray
        let strings = try ["ab", "Ωx", ""].flatMap { s -> [UInt8] in
            var scalars = s.unicodeScalars.map(\.value)
            scalars += [UInt32](repeating: 0, count: 2 - scalars.count)
            return scalars.flatMap { withUnsafeBytes(of: $0) { Array($0) } }
        }.withUnsafeBytes { try NDArray(dataType: .ucs4(length: 2), shape: [3], bytes: $0) }
        let big = try TypedArray<Double>(shape: [1000], repeating: 1.5).ndarray
        let file = try roundTrip(.map([
            "explicit": .ndarray(ArrayNode(small, storage: .inline)),
            "strings": .ndarray(ArrayNode(strings)),
            "big": .ndarray(ArrayNode(big)),
        ]), options: WriteOptions(inlineThreshold: 512))
        #expect(file.blocks.count == 1, "only the 1000-element array goes to a block")
        #expect(file.tree["explicit"]?.arrayValue?.storage == .inline)
        #expect(try file.array(at: "explicit")?.typed(Int32.self).elements == [1, -2, 3, 4, 5, -6])
        #expect(try file.array(at: "strings")?.elementValues() == [.string("ab"), .string("Ωx"), .string("")])
        #expect(try file.array(at: "big")?.typed(Double.self).elements.allSatisfy { $0 == 1.5 } == true)
    }

    @Test func maskedArray() throws {
        let data = try TypedArray<Double>(shape: [2, 2], elements: [1, 2, 3, 4]).ndarray
        let mask = try TypedArray<UInt8>(shape: [2, 2], elements: [0, 1, 0, 1]).ndarray
        let maskNode = try NDArray(dataType: .bool8, byteOrder: .big, shape: [2, 2], storage: mask.storage)
        let file = try roundTrip(.map(["m": .ndarray(ArrayNode(data, mask: .array(maskNode)))]))
        let read = try #require(file.tree["m"]?.arrayValue)
        guard case .array(let readMask) = read.mask else { Issue.record("mask lost"); return }
        #expect(try readMask.elementValues() == [.bool(false), .bool(true), .bool(false), .bool(true)])
    }

    @Test func scalarsTagsAndKeysSurvive() throws {
        let unknown: Node = .tagged("asdf://example.org/tags/thing-9.9.9", .map(["k": [1, 2.5, "x"]]))
        var tree: Node = .map([
            "ints": [0, -1, .int(Int64.max), .int(Int64.min)],
            "floats": [0.1, 1e-300, 1e16, -0.0, .float(.nan), .float(.infinity), .float(-.infinity), 1.100000023841858],
            "strings": ["yes", "no", "on", "null", "~", "123", "1.5", "1:20", "0x1F", "", "?", "- x", "a: b", "#x",
                        "line1\nline2", "Ωμέγα", " x ", "1e5", "it's", "tab\there", "2020-01-01"],
            "bools": [true, false],
            "nothing": nil,
            "timestamp": .timestamp("2026-11-21 18:59:54+00:00"),
            "time": Time(isot: "2027-06-01T01:02:19.123").node,
            "mjd": Time(value: 60000.5, format: "mjd", scale: "tdb").node,
            "unit": Unit("MJy / sr").node,
            "quantity": Quantity(3.5, "arcsec").node,
            "software": Software(name: "x", version: "1.0").node,
            "unknown": unknown,
            "empty_map": .mapping([:]),
            "empty_list": [],
            "nested": [.map(["a": 1, "b": [.map(["c": nil])]]), [[1, 2], [3]]],
        ])
        tree["int_keys"] = .mapping([.int(1): "one", .bool(true): "yes"])
        let file = try roundTrip(tree)
        let expected = try Canonical.jsonText(Canonical.node(tree))
        var read = file.tree
        read["asdf_library"] = nil
        #expect(try Canonical.jsonText(Canonical.node(read)) == expected)
        #expect(file.tree["unknown"]?.tag == "asdf://example.org/tags/thing-9.9.9")
        #expect(Time(node: file.tree["mjd"]!)?.scale == "tdb")
    }

    @Test func streamedBlockIsRead() throws {
        // Hand-made file: a tree with shape ['*', 3] and a streamed block of 4 rows.
        let tree = "#ASDF 1.0.0\n#ASDF_STANDARD 1.6.0\n%YAML 1.1\n%TAG ! tag:stsci.edu:asdf/\n--- !core/asdf-1.1.0\n"
            + "s: !core/ndarray-1.1.0 {source: -1, datatype: float64, byteorder: little, shape: ['*', 3]}\n...\n"
        var bytes = Array(tree.utf8)
        var header = BlockHeader(offset: bytes.count, compression: .none, allocatedSize: 0, usedSize: 0, dataSize: 0,
                                 checksum: [UInt8](repeating: 0, count: 16), flags: BlockHeader.streamedFlag)
        header.offset = bytes.count
        bytes += header.serialized
        for v in 0..<12 { bytes += withUnsafeBytes(of: Double(v).bitPattern.littleEndian) { Array($0) } }
        let dir = try TemporaryDirectory()
        try Data(bytes).write(to: URL(fileURLWithPath: dir.file("s.asdf")))
        let file = try ASDFFile(contentsOf: dir.file("s.asdf"))
        let array = try #require(file.tree["s"]?.arrayValue)
        #expect(array.storage == .streamed)
        #expect(array.array.shape == [4, 3])
        #expect(try array.array.typed(Double.self).elements == (0..<12).map(Double.init))
    }

    @Test func streamedArraysAreWrittenAsTheLastBlock() throws {
        let rows = try TypedArray<Double>(shape: [5, 3], elements: (0..<15).map(Double.init))
        let other = try TypedArray<Int32>(shape: [4], elements: [1, 2, 3, 4])
        let file = try roundTrip(.map([
            "stream": .ndarray(ArrayNode(rows.ndarray, storage: .streamed)),
            "other": .ndarray(ArrayNode(other.ndarray)),
        ]))
        #expect(file.blocks.count == 2 && file.blocks.last?.isStreamed == true && !file.usedBlockIndex)
        let stream = try #require(file.tree["stream"]?.arrayValue)
        #expect(stream.storage == .streamed && stream.array.shape == [5, 3])
        #expect(try stream.array.typed(Double.self).elements == rows.elements)
        #expect(try file.array(at: "other")?.typed(Int32.self).elements == [1, 2, 3, 4])
    }

    @Test func convertKeepsTreeAndChangesCompression() throws {
        let dir = try TemporaryDirectory()
        let cube = try TypedArray<UInt16>(shape: [3, 64, 64], elements: (0..<(3 * 64 * 64)).map { UInt16($0 % 977) })
        let tree: Node = .map(["meta": .map(["n": 3]), "data": .ndarray(ArrayNode(cube.ndarray))])
        try ASDFFile(tree: tree).write(to: dir.file("a.asdf"))
        for compression in BlockCompression.allCases {
            let original = try ASDFFile(contentsOf: dir.file("a.asdf"))
            try original.write(to: dir.file("b.asdf"), options: WriteOptions(compression: compression, overrideArrayCompression: true))
            let converted = try ASDFFile(contentsOf: dir.file("b.asdf"), options: ReadOptions(validateChecksums: true))
            #expect(converted.tree["meta"]?["n"]?.intValue == 3)
            #expect(converted.tree["data"]?.arrayValue?.compression == compression)
            #expect(BlockCompression(headerLabel: converted.blocks[0].compressionLabel) == compression)
            #expect(try converted.array(at: "data")?.typed(UInt16.self).elements == cube.elements)
        }
    }
}
