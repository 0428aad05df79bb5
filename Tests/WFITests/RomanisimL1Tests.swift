import Arrays
import ASDF
import Foundation
import InteropSupport
import Testing
@testable import WFI

/// An L1 file made by STScI's simulator `romanisim` opens in our L1 model with the read pattern
/// and arrays romanisim wrote.
@Suite struct RomanisimL1Tests {
    struct Summary: Decodable {
        let path: String
        let read_pattern: [[Int]]
        let file_read_pattern: [[Int]]
        let frame_time: Double
        let data_shape: [Int]
        let amp33_shape: [Int]
        let data_first_sum: String
        let data_last_sum: String
        let amp33_sum: String
        let detector: String
        let optical_element: String
    }

    @Test func romanisimL1OpensInOurModel() throws {
        let dir = try TemporaryDirectory()
        guard let output = try PythonTools.run([PythonTools.script("romanisim_make_l1.py"), dir.path, "--resultants", "4"]) else { return }
        try #require(output.status == 0, "romanisim failed: \(output.stderr.suffix(3000))")
        let line = try #require(output.stdout.split(separator: "\n").last.map(String.init))
        let expected = try JSONDecoder().decode(Summary.self, from: Data(line.utf8))

        let product = try ScienceRawProduct(contentsOf: expected.path, options: ReadOptions(validateChecksums: true))
        #expect(product.readPattern == expected.read_pattern)
        #expect(product.readPattern == expected.file_read_pattern)
        #expect(product.resultantCount == 4)
        #expect(product.frameTime == expected.frame_time)
        #expect(product.detector?.name == expected.detector)
        #expect(product.opticalElement?.rawValue == expected.optical_element)
        let data = try product.data()
        let amp33 = try product.amp33()
        #expect(data.shape == expected.data_shape && data.shape == [4, 4096, 4096])
        #expect(amp33.shape == expected.amp33_shape)
        let plane = 4096 * 4096
        let sums = data.withUnsafeBufferPointer { buffer -> (UInt64, UInt64) in
            var first: UInt64 = 0, last: UInt64 = 0
            for i in 0..<plane { first &+= UInt64(buffer[i]) }
            for i in (3 * plane)..<(4 * plane) { last &+= UInt64(buffer[i]) }
            return (first, last)
        }
        #expect(String(sums.0) == expected.data_first_sum)
        #expect(String(sums.1) == expected.data_last_sum)
        #expect(String(amp33.withUnsafeBufferPointer { $0.reduce(UInt64(0)) { $0 &+ UInt64($1) } }) == expected.amp33_sum)
        // The name the conventions give it from its own metadata.
        #expect(product.fileName(suffix: .uncal)?.hasSuffix("_wfi01_f158_uncal.asdf") == true)
    }
}
