import Arrays
import ArgumentParser
import ASDF
import Foundation

/// `roman demo`: the main job on built-in defaults.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a full-size example ramp file, read it back and summarise it.",
        discussion: """
            Writes DIR/r0000101001001001001_0001_wfi01_f158_uncal.asdf: a synthetic uint16 ramp \
            cube (resultants x 4096 x 4096, a slope image plus noise) and its 128-column amp33 \
            strip, lz4-compressed, then reopens it, checks every value and prints `roman info`. \
            (A realistic simulator replaces the synthetic ramps in a later release.)
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
        let path = out + "/r0000101001001001001_0001_wfi01_f158_uncal.asdf"
        let clock = ContinuousClock()
        let start = clock.now
        let cube = try SyntheticRamp.cube(resultants: resultants, size: size)
        let amp33 = try SyntheticRamp.cube(resultants: resultants, size: size, columns: 128)
        let tree: Node = .map([
            "roman": .map([
                "meta": .map([
                    "exposure": .map([
                        "nresultants": .int(Int64(resultants)),
                        "start_time": Time(isot: "2027-06-01T00:00:00.000").node,
                        "frame_time": .float(3.04),
                    ]),
                    "instrument": .map(["name": "WFI", "detector": "WFI01", "optical_element": "F158"]),
                ]),
                "data": .ndarray(ArrayNode(cube.ndarray)),
                "amp33": .ndarray(ArrayNode(amp33.ndarray)),
            ]),
        ])
        try ASDFFile(tree: tree).write(to: path, options: WriteOptions(compression: compression))
        let written = clock.now
        let file = try ASDFFile(contentsOf: path, options: ReadOptions(validateChecksums: true))
        guard let data = file.array(at: "roman/data"), try data.typed(UInt16.self).elements == cube.elements else {
            throw ValidationError("read-back of \(path) does not match what was written")
        }
        let read = clock.now
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        print(FileSummary(file, fileBytes: size).text)
        print("\nwrote in \(written - start), read back and verified in \(read - written)")
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
