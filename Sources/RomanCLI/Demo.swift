import Arrays
import ArgumentParser
import ASDF
import Foundation
import WFI

/// `roman demo`: the main job on built-in defaults.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a full-size example L1 product, read it back, validate it and summarise it.",
        discussion: """
            Writes DIR/r0000101001001001001_0001_wfi01_f158_uncal.asdf: a Roman L1 science-raw \
            product (rad wfi_science_raw-2.1.0) holding a synthetic uint16 ramp cube \
            (resultants x 4096 x 4096, a slope image plus noise) and its 128-column amp33 strip, \
            lz4-compressed, named by the Roman conventions from its own metadata. It then reopens \
            the file with checksum and schema validation, checks every value and prints what \
            `roman info` shows. (A realistic simulator replaces the synthetic ramps in a later \
            release.)
            """
    )

    @Option(help: "Output folder.")
    var out = "demo"

    @Option(help: "Detector size in pixels (square).")
    var size = 4096

    @Option(help: "Number of resultants.")
    var resultants = 6

    @Option(help: "Block compression: none, zlib, bzp2 or lz4.")
    var compression: BlockCompression = .lz4

    func run() throws {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let clock = ContinuousClock()
        let start = clock.now
        let cube = try SyntheticRamp.cube(resultants: resultants, size: size)
        let amp33 = try SyntheticRamp.cube(resultants: resultants, size: size, columns: 128)
        var model = try ModelFactory.make(.scienceRaw, arrays: ["data": cube.ndarray, "amp33": amp33.ndarray])
        // Two reads averaged per resultant: [[1, 2], [3, 4], ...].
        var resultantReads: [Node] = []
        for r in 0..<resultants {
            let first = Int64(2 * r + 1)
            resultantReads.append(.sequence([.int(first), .int(first + 1)]))
        }
        let readPattern = Node.sequence(resultantReads)
        let observation: [(String, Int64)] = [
            ("program", 1), ("execution_plan", 1), ("pass", 1), ("segment", 1), ("observation", 1), ("visit", 1), ("exposure", 1),
        ]
        for (key, value) in observation { model.set("meta/observation/" + key, .int(value)) }
        model.set("meta/observation/visit_id", "0000101001001001001")
        model.set("meta/instrument/detector", "WFI01")
        model.set("meta/instrument/optical_element", "F158")
        model.set("meta/exposure/type", "WFI_IMAGE")
        model.set("meta/exposure/nresultants", .int(Int64(resultants)))
        model.set("meta/exposure/read_pattern", readPattern)
        model.set("meta/exposure/frame_time", 3.04)
        model.set("meta/exposure/start_time", Time(isot: "2027-06-01T00:00:00.000").node)
        var product = try ScienceRawProduct(model)
        guard let name = product.fileName(suffix: .uncal) else { throw ValidationError("metadata does not give a file name") }
        product.model.set("meta/filename", .string(name))
        let path = out + "/" + name
        var options = RomanDataModel.defaultWriteOptions
        options.compression = compression
        try product.model.write(to: path, options: options)
        let written = clock.now

        let file = try ASDFFile(contentsOf: path, options: ReadOptions(validateChecksums: true))
        let reread = try ScienceRawProduct(contentsOf: path, options: ReadOptions(validateChecksums: true))
        guard try reread.data().elements == cube.elements, try reread.amp33().elements == amp33.elements else {
            throw ValidationError("read-back of \(path) does not match what was written")
        }
        let read = clock.now
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        if let info = RomanProductInfo(file: file) { print(info.text + "\n") }
        print(FileSummary(file, fileBytes: size).text)
        print("\nwrote \(path) in \(written - start); read back, validated and verified in \(read - written)")
    }
}

/// Deterministic ramp-like test data: value = bias + slope(y, x) * (resultant + 1) + noise.
enum SyntheticRamp {
    static func cube(resultants: Int, size: Int, columns: Int? = nil) throws -> TypedArray<UInt16> {
        let width = columns ?? size
        var cube = try TypedArray<UInt16>(shape: [resultants, size, width])
        cube.withUnsafeMutableBufferPointer { buffer in
            var state: UInt64 = 0x9E37_79B9_7F4A_7C15
            for r in 0..<resultants {
                for y in 0..<size {
                    let row = (r * size + y) * width
                    for x in 0..<width {
                        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                        let noise = Int(state >> 61)
                        let slope = 20 + (x ^ y) & 63
                        buffer[row + x] = UInt16(truncatingIfNeeded: 1000 + slope * (r + 1) + noise)
                    }
                }
            }
        }
        return cube
    }
}
