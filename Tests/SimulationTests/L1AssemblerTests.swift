import Arrays
import ASDF
import Foundation
import InteropSupport
import Testing
@testable import Simulation
import WFI

@Suite struct L1AssemblerTests {
    @Test func simulatedRampsBecomeAValidNamedL1File() throws {
        let size = 40
        var simulator = RampSimulator(table: .table6, seed: 11)
        simulator.referenceBorder = 4
        let rate = try TypedArray<Float>(shape: [size, size], repeating: 30)
        let (cube, _) = try simulator.simulate(rate: rate)
        var amp33Simulator = RampSimulator(table: .table6, seed: 12)
        amp33Simulator.referenceBorder = 64          // all reference: no light at all
        let (amp33, _) = try amp33Simulator.simulate(rate: TypedArray<Float>(shape: [size, 128]))
        let description = ExposureDescription(
            visit: try VisitID(program: 123, executionPlan: 1, pass: 8, segment: 2, observation: 13, visit: 5),
            exposure: 5, detector: try Detector(number: 6), element: .f184, startTime: "2027-06-01T00:00:00.000",
            ra: 270, dec: 66, paV3: 10)
        let product = try L1Assembler.product(cube: cube, amp33: amp33, table: .table6, description: description)
        let name = try #require(product.fileName(suffix: .uncal))
        #expect(name == "r0012301008002013005_0005_wfi06_f184_uncal.asdf")
        #expect(product.model.meta("filename")?.stringValue == name)
        let dir = NSTemporaryDirectory() + "l1-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try product.write(to: dir + "/" + name)
        let back = try ScienceRawProduct(contentsOf: dir + "/" + name)
        #expect(back.readPattern == MATable.table6.readPattern && back.frameTime == 3.04)
        #expect(back.model.meta("exposure/end_time").flatMap(Time.init(node:))?.value.stringValue == "2027-06-01T00:01:06.880")
        // Reference pixels saw no light: the border stays at the bias, the science area ramps up.
        let data = try back.data()
        let plane = size * size
        let last = (MATable.table6.resultantCount - 1) * plane
        let border = Double(data[flat: last + 1 * size + 1]), science = Double(data[flat: last + 20 * size + 20])
        #expect(abs(border - 10_000) < 30 && science > 10_000 + 30 * 66 / 2 * 0.9)
        #expect(throws: SimulationError.self) { _ = try L1Assembler.time("yesterday") }
        // roman_datamodels opens it (schema validation on) with the same read pattern and data.
        let check = """
            import sys, numpy as np, roman_datamodels.datamodels as rdd
            m = rdd.open(sys.argv[1])
            assert type(m).__name__ == 'ScienceRawModel', type(m)
            assert [list(r) for r in m.meta.exposure.read_pattern] == [[1], [2, 3], [4, 5, 6, 7], [8, 9, 10, 11, 12, 13], [14, 15, 16, 17, 18, 19, 20, 21], [22]]
            print(int(np.asarray(m.data, dtype=np.uint64).sum()), m.meta.instrument.detector, m.meta.instrument.optical_element)
            """
        guard let output = try PythonTools.run(["-c", check, dir + "/" + name]) else { return }
        let ourSum = data.withUnsafeBufferPointer { $0.reduce(UInt64(0)) { $0 + UInt64($1) } }
        #expect(output.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "\(ourSum) WFI06 F184", "\(output.stderr.suffix(1500))")
    }
}
