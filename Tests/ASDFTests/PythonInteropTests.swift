import Arrays
@testable import ASDF
import Foundation
import InteropSupport
import Testing

/// Files written by Python asdf / roman_datamodels read by us with identical values, and files
/// written by us opened by Python asdf with checksum validation and identical values.
@Suite(.serialized) struct PythonInteropTests {
    /// Runs a fixture maker into a fresh folder and returns the folder and its manifest.
    func fixtures(_ script: String) throws -> (TemporaryDirectory, [String: Any])? {
        let dir = try TemporaryDirectory()
        guard let output = try PythonTools.run([PythonTools.script(script), dir.path]) else { return nil }
        guard output.status == 0 else {
            Issue.record("\(script) failed: \(output.stderr.suffix(2000))")
            return nil
        }
        let manifest = try Canonical.parse(String(contentsOfFile: dir.file("manifest.json"), encoding: .utf8))
        return (dir, try #require(manifest as? [String: Any]))
    }

    /// Our canonical form of a file, normalised through JSON like Python's.
    func ours(_ path: String) throws -> Any {
        let file = try ASDFFile(contentsOf: path, options: ReadOptions(validateChecksums: true))
        return try Canonical.parse(Canonical.jsonText(Canonical.tree(file)))
    }

    @Test func pythonWrittenFilesReadIdentically() throws {
        guard let (dir, manifest) = try fixtures("asdf_make_fixtures.py") else { return }
        #expect(manifest.count >= 11)
        for (name, expected) in manifest.sorted(by: { $0.key < $1.key }) {
            let differences = Canonical.compare(expected, try ours(dir.file(name)))
            #expect(differences.isEmpty, "\(name): \(differences.prefix(10).joined(separator: "\n"))")
        }
        // The fixtures really exercise what they claim.
        let anchors = try String(contentsOfFile: dir.file("anchors.asdf"), encoding: .isoLatin1)
        #expect(anchors.contains("&id") && anchors.contains("*id"))
        let lz4 = try ASDFFile(contentsOf: dir.file("compressed_lz4.asdf"))
        #expect(lz4.blocks.contains { BlockCompression(headerLabel: $0.compressionLabel) == .lz4 && $0.dataSize > 4 << 20 })
        let views = try ASDFFile(contentsOf: dir.file("views.asdf"))
        #expect(views.blocks.count == 1 && views.arrays.count >= 5)
    }

    @Test func romanDatamodelsFilesReadIdentically() throws {
        guard let (dir, manifest) = try fixtures("roman_make_fixtures.py") else { return }
        let names = manifest.keys.sorted()
        #expect(names.contains { $0.hasSuffix("_uncal.asdf") } && names.contains { $0.hasSuffix("_cal.asdf") })
        for name in names {
            let differences = Canonical.compare(try #require(manifest[name]), try ours(dir.file(name)))
            #expect(differences.isEmpty, "\(name): \(differences.prefix(10).joined(separator: "\n"))")
        }
        let uncal = try ASDFFile(contentsOf: dir.file("r0000101001001001001_0001_wfi01_f158_uncal.asdf"))
        #expect(uncal.tree["roman"]?.tag == "asdf://stsci.edu/datamodels/roman/tags/wfi_science_raw-2.1.0")
        let data = try #require(uncal.array(at: "roman/data"))
        #expect(data.dataType == .uint16 && data.shape.count == 3)
    }

    /// A tree covering every datatype, both byte orders, views, inline, masked arrays and tags.
    static func everythingTree() throws -> Node {
        var arrays = OrderedNodes()
        for type in RoundTripTests.allTypes {
            for order in [ByteOrder.little, .big] where order == .little || type.itemSize > 1 {
                let bytes = RoundTripTests.sampleBytes(type, count: 6)
                let native = try bytes.withUnsafeBytes { try NDArray(dataType: type, byteOrder: .native, shape: [2, 3], bytes: $0) }
                let storage = try ByteStorage.allocate(count: bytes.count)
                for (i, value) in try native.elementValues().enumerated() {
                    try ElementEncoder.encode(value, as: type, order, at: storage.baseAddress + i * type.itemSize)
                }
                let name = "\(type.scalarName ?? (type.itemSize == 5 ? "ascii" : type.itemSize == 12 ? "ucs4" : "record"))_\(order)"
                arrays.append(name, .ndarray(ArrayNode(try NDArray(dataType: type, byteOrder: order, shape: [2, 3], storage: DeferredStorage(storage)))))
            }
        }
        let base = try TypedArray<Double>(shape: [4, 6], elements: (0..<24).map { Double($0) / 3 }).ndarray
        arrays.append("view_columns", .ndarray(ArrayNode(try NDArray(dataType: .float64, byteOrder: .native, shape: [4, 2], strides: [48, 8], offset: 8, storage: base.storage))))
        arrays.append("view_reversed", .ndarray(ArrayNode(try NDArray(dataType: .float64, byteOrder: .native, shape: [4, 6], strides: [-48, 8], offset: 144, storage: base.storage))))
        arrays.append("view_base", .ndarray(ArrayNode(base)))
        arrays.append("inline", .ndarray(ArrayNode(try TypedArray<Int16>(shape: [3], elements: [1, -2, 3]).ndarray, storage: .inline)))
        let mask = try NDArray(dataType: .bool8, byteOrder: .big, shape: [2, 2],
                               storage: TypedArray<UInt8>(shape: [2, 2], elements: [0, 1, 1, 0]).ndarray.storage)
        arrays.append("masked", .ndarray(ArrayNode(try TypedArray<Float>(shape: [2, 2], elements: [1, 2, 3, 4]).ndarray, mask: .array(mask))))
        let big = try TypedArray<UInt16>(shape: [3, 1024, 1024], elements: (0..<(3 << 20)).map { UInt16(truncatingIfNeeded: $0 / 7) })
        arrays.append("big_lz4_chunks", .ndarray(ArrayNode(big.ndarray)))
        let rows = try TypedArray<Double>(shape: [7, 5], elements: (0..<35).map { Double($0) * 0.5 })
        arrays.append("streamed", .ndarray(ArrayNode(rows.ndarray, storage: .streamed)))
        return .map([
            "arrays": arrays.node,
            "meta": .map([
                "strings": ["yes", "123", "1:20", "", "Ωμέγα", "line1\nline2", "1e5", "a: b", "#x", "2020-01-01"],
                "floats": [0.1, 1e-300, 1e16, -0.0, .float(.nan), .float(.infinity), .float(.leastNonzeroMagnitude)],
                "ints": [0, -1, .int(Int64.max), .int(Int64.min + 2)],
                "none": nil,
                "time": Time(isot: "2027-06-01T01:02:19.123").node,
                "time_mjd": Time(value: 60000.5, format: "mjd", scale: "tdb").node,
                "unit": Unit("MJy.sr**-1").node,
                "quantity": Quantity(2.5, "deg").node,
                "unknown": .tagged("asdf://example.com/tags/foo-1.0.0", .map(["a": 1])),
            ]),
        ])
    }

    @Test(arguments: BlockCompression.allCases)
    func ourFilesOpenInPython(compression: BlockCompression) throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("ours_\(compression).asdf")
        let tree = try Self.everythingTree()
        try ASDFFile(tree: tree).write(to: path, options: WriteOptions(compression: compression))
        var root = tree.mappingValue ?? [:]
        root["asdf_library"] = nil
        let expected = try Canonical.jsonText(Canonical.node(.mapping(root)))
        try expected.write(toFile: dir.file("expected.json"), atomically: true, encoding: .utf8)
        guard let output = try PythonTools.run([PythonTools.script("asdf_check_file.py"), path, dir.file("expected.json")]) else { return }
        #expect(output.status == 0 && output.stdout.contains("OK"),
                "Python asdf disagrees (\(compression)):\n\(output.stdout.suffix(3000))\n\(output.stderr.suffix(2000))")
    }
}

/// Builds an ordered string-keyed mapping node.
struct OrderedNodes {
    private var pairs: [(String, Node)] = []
    mutating func append(_ key: String, _ value: Node) { pairs.append((key, value)) }
    var node: Node { .mapping(.init(uniqueKeysWithValues: pairs.map { (Node.MappingKey.string($0.0), $0.1) })) }
}
