import Arrays
import Testing
import WFI
@testable import Calibration

@Suite struct DQInitializationTests {
    /// §1.3: guide-window columns assigned GW_AFFECTED_DATA, the (expanded) window OR-ed with
    /// DO_NOT_USE | GW_AFFECTED_DATA, the mask OR-ed in, and the border strips copied.
    @Test func flagsMaskAndBorders() throws {
        let size = 32, n = 2
        var ramp = try StepInterop.ramp(resultants: n, size: size, readPattern: [[1], [2]]) { g, y, x in Float(g * 10_000 + y * 100 + x) }
        ramp.pixelDQ.withUnsafeMutableBufferPointer { $0[0 * size + 11] = PixelFlags.hot.rawValue }
        var mask = try TypedArray<UInt32>(shape: [size, size])
        mask.withUnsafeMutableBufferPointer { $0[5] = PixelFlags.dead.rawValue; $0[31 * size + 11] = PixelFlags.referencePixel.rawValue }
        let applied = try DQInitialization.apply(to: &ramp, mask: mask,
                                                 guideWindow: .init(xStart: 10, xStop: 13, yStart: 20, yStop: 22), expandGuideWindow: 1)
        #expect(applied)
        let gw = PixelFlags.guideWindowAffectedData.rawValue, dnu = PixelFlags.doNotUse.rawValue
        ramp.pixelDQ.withUnsafeBufferPointer { dq in
            #expect(dq[0 * size + 11] == gw)                  // assignment replaced HOT
            #expect(dq[31 * size + 11] == gw | PixelFlags.referencePixel.rawValue)
            #expect(dq[19 * size + 9] == gw | dnu && dq[22 * size + 13] == gw | dnu)  // expanded by 1
            #expect(dq[19 * size + 8] == 0 && dq[23 * size + 11] == gw)
            #expect(dq[5] == PixelFlags.dead.rawValue)
        }
        let border = try #require(ramp.borderReference)
        #expect(border.left.shape == [n, size, 4] && border.top.shape == [n, 4, size])
        #expect(border.right[flat: (1 * size + 7) * 4 + 2] == 10_000 + 700 + 30)
        #expect(border.bottom[flat: (1 * 4 + 3) * size + 5] == 10_000 + 3100 + 5)
        #expect(border.dqBottom[flat: 3 * size + 11] == gw | PixelFlags.referencePixel.rawValue)
    }

    @Test func wrongMaskShapeIsSkipped() throws {
        var ramp = try StepInterop.ramp(resultants: 1, size: 32, readPattern: [[1]]) { _, _, _ in 0 }
        #expect(try DQInitialization.apply(to: &ramp, mask: TypedArray<UInt32>(shape: [16, 16])) == false)
    }
}
