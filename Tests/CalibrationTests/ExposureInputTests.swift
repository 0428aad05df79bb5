import Arrays
import ASDF
import Foundation
import InteropSupport
import Testing
@testable import Calibration
import WFI

@Suite struct ExposureInputTests {
    static let fixture = try! SimulatedExposureFixture(size: 64)

    @Test func rampHoldsTheL1CountsAsFloat() throws {
        let input = try ExposureInput(path: Self.fixture.l1)
        #expect(input.detector.number == 3 && input.element == .f158)
        let ramp = try input.ramp()
        let counts = try input.product.data()
        #expect(ramp.data.shape == counts.shape && ramp.resultants == 10)
        #expect(ramp.data.elements == counts.elements.map(Float.init))
        #expect(ramp.amp33.shape == [10, 64, 2])
        #expect(ramp.readPattern == input.product.readPattern && abs(ramp.frameTime - 3.16247) < 1e-12)
        #expect(ramp.pixelDQ.elements.allSatisfy { $0 == 0 } && ramp.groupDQ.elements.allSatisfy { $0 == 0 })
    }

    @Test func inconsistentOrDamagedInputIsRefused() throws {
        let dir = try TemporaryDirectory()
        let model = try RomanDataModel(contentsOf: Self.fixture.l1)
        func refused(_ change: (inout RomanDataModel) -> Void, _ text: String) throws {
            var copy = model
            change(&copy)
            let path = dir.path + "/bad.asdf"
            try copy.write(to: path)
            do {
                _ = try ExposureInput(path: path)
                Issue.record("accepted: \(text)")
            } catch let error as CalibrationError {
                #expect("\(error)".contains(text), "\(error)")
            }
        }
        try refused({ $0.set("meta/exposure/read_pattern", .sequence([.sequence([.int(1)]), .sequence([.int(2)])])) }, "2 resultants but data has 10")
        try refused({ $0.set("meta/exposure/read_pattern", .sequence((0..<10).map { _ in .sequence([.int(3)]) })) }, "not increasing")
        try refused({ $0.set("meta/exposure/frame_time", .float(0)) }, "frame_time")
        try refused({ $0.set("meta/exposure/nresultants", .int(7)) }, "7 but data has 10")

        // A truncated file names the file.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.fixture.l1))
        let truncated = dir.path + "/truncated.asdf"
        try bytes.prefix(bytes.count * 2 / 3).write(to: URL(fileURLWithPath: truncated))
        do {
            _ = try ExposureInput(path: truncated)
            Issue.record("accepted a truncated file")
        } catch let error as CalibrationError {
            guard case .unreadableInput(let file, _) = error else { Issue.record("\(error)"); return }
            #expect(file == truncated)
        }
    }
}
