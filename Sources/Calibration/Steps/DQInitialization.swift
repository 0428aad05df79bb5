import Arrays
import WFI

/// romancal's `dq_init` (algorithms.md §1.3; RC `romancal/dq_init/dq_initialization.py`,
/// `dq_init_step.py`) on a ramp already in float32 DN: guide-window flagging, the `mask`
/// reference's flags OR-ed into `pixelDQ`, and the copies of the border reference pixels.
public enum DQInitialization {
    /// The guide window, `meta.guide_star.window_{x,y}{start,stop}` (detector pixels, stop exclusive).
    public struct GuideWindow: Sendable, Hashable {
        public var xStart: Int, xStop: Int, yStart: Int, yStop: Int
        public init(xStart: Int, xStop: Int, yStart: Int, yStop: Int) {
            self.xStart = xStart
            self.xStop = xStop
            self.yStart = yStart
            self.yStop = yStop
        }
    }

    /// Applies dq_init. `mask` is the mask reference's dq, (rows, columns); when its shape
    /// differs, romancal skips it (returns false, `cal_step.dq_init = SKIPPED`), otherwise true.
    /// `guideWindow` is used only when xStart and yStart lie in [0, 4096) (romancal's test);
    /// `expandGuideWindow` grows it on every side (clipped), romancal's `expand_gw_flagging`.
    @discardableResult
    public static func apply(to ramp: inout Ramp, mask: TypedArray<UInt32>?, guideWindow: GuideWindow? = nil,
                             expandGuideWindow: Int = 0) throws(CalibrationError) -> Bool {
        let step = "dq_init"
        try StepSupport.checkRamp(step, ramp)
        let (rows, columns) = (ramp.rows, ramp.columns)
        if let gw = guideWindow, (0..<4096).contains(gw.xStart), (0..<4096).contains(gw.yStart) {
            let x0 = max(0, gw.xStart), x1 = min(columns, gw.xStop)
            let ex0 = max(0, gw.xStart - expandGuideWindow), ex1 = min(columns, gw.xStop + expandGuideWindow)
            let ey0 = max(0, gw.yStart - expandGuideWindow), ey1 = min(rows, gw.yStop + expandGuideWindow)
            let affected = PixelFlags.guideWindowAffectedData.rawValue
            let window = (PixelFlags.doNotUse.union(.guideWindowAffectedData)).rawValue
            ramp.pixelDQ.withUnsafeMutableBufferPointer { dq in
                // romancal assigns (not ORs) GW_AFFECTED_DATA to whole columns xstart..<xstop.
                if x0 < x1 { for y in 0..<rows { for x in x0..<x1 { dq[y * columns + x] = affected } } }
                if ex0 < ex1, ey0 < ey1 { for y in ey0..<ey1 { for x in ex0..<ex1 { dq[y * columns + x] |= window } } }
            }
        }
        var applied = false
        if let mask, mask.shape == [rows, columns] {
            mask.withUnsafeBufferPointer { m in
                ramp.pixelDQ.withUnsafeMutableBufferPointer { dq in for i in 0..<dq.count { dq[i] |= m[i] } }
            }
            applied = true
        }
        ramp.borderReference = try borderCopies(of: ramp)
        return applied
    }

    /// The border strips of `data` and `pixelDQ`: left/right (n, rows, b), top/bottom (n, b, columns).
    public static func borderCopies(of ramp: Ramp) throws(CalibrationError) -> BorderReferencePixels {
        let (n, rows, columns, b) = (ramp.resultants, ramp.rows, ramp.columns, ramp.border)
        guard b > 0, 2 * b <= min(rows, columns) else { throw .unsupported(step: "dq_init", reason: "border \(b) does not fit the frame") }
        do {
            var left = try TypedArray<Float>(shape: [n, rows, b]), right = left
            var top = try TypedArray<Float>(shape: [n, b, columns]), bottom = top
            var dqLeft = try TypedArray<UInt32>(shape: [rows, b]), dqRight = dqLeft
            var dqTop = try TypedArray<UInt32>(shape: [b, columns]), dqBottom = dqTop
            ramp.data.withUnsafeBufferPointer { d in
                left.withUnsafeMutableBufferPointer { l in right.withUnsafeMutableBufferPointer { r in
                    top.withUnsafeMutableBufferPointer { t in bottom.withUnsafeMutableBufferPointer { bo in
                        for g in 0..<n {
                            for y in 0..<rows {
                                let src = (g * rows + y) * columns, dst = (g * rows + y) * b
                                for k in 0..<b { l[dst + k] = d[src + k]; r[dst + k] = d[src + columns - b + k] }
                            }
                            for y in 0..<b {
                                for x in 0..<columns {
                                    t[(g * b + y) * columns + x] = d[(g * rows + y) * columns + x]
                                    bo[(g * b + y) * columns + x] = d[(g * rows + rows - b + y) * columns + x]
                                }
                            }
                        }
                    } }
                } }
            }
            ramp.pixelDQ.withUnsafeBufferPointer { d in
                dqLeft.withUnsafeMutableBufferPointer { l in dqRight.withUnsafeMutableBufferPointer { r in
                    dqTop.withUnsafeMutableBufferPointer { t in dqBottom.withUnsafeMutableBufferPointer { bo in
                        for y in 0..<rows { for k in 0..<b { l[y * b + k] = d[y * columns + k]; r[y * b + k] = d[y * columns + columns - b + k] } }
                        for y in 0..<b { for x in 0..<columns { t[y * columns + x] = d[y * columns + x]; bo[y * columns + x] = d[(rows - b + y) * columns + x] } }
                    } }
                } }
            }
            return BorderReferencePixels(left: left, right: right, top: top, bottom: bottom,
                                         dqLeft: dqLeft, dqRight: dqRight, dqTop: dqTop, dqBottom: dqBottom)
        } catch {
            throw .unsupported(step: "dq_init", reason: "cannot allocate the border copies: \(error)")
        }
    }
}
