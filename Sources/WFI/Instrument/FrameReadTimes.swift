/// romancal's provisional per-pixel read-time model (algorithms.md §1.6; RC
/// `romancal/lib/basic_utils.py::frame_read_times`), used by `dark_decay` and `wfi18_transient`
/// and by the simulator that injects what those steps remove.
///
/// At 4096 this is romancal's model exactly: 4096 rows × 128 columns per channel, a 14-clock
/// line pad, 4.915263 µs pixel clock, 16 guide-window excursions inflated ×1.5, times scaled so
/// the last pixel plus one excursion is the frame time, even channels left→right and odd ones
/// right→left, then columns flipped for sca % 3 == 0 and rows flipped otherwise. Smaller frames
/// (size = 32·W) scale the channel width to W and the guide-window stride to size/16.
public struct FrameReadTimes: Sendable {
    public enum Error: Swift.Error, Sendable, CustomStringConvertible {
        case size(Int)
        public var description: String { "frame read times: size \(self) is not a positive multiple of 32" }
    }

    public let size: Int, sca: Int
    @usableFromInline let width: Int, stride: Int, pad = 14
    @usableFromInline let perExcursion: Double, scale: Double
    public let frameTime: Double

    public init(frameTime: Double, sca: Int, size: Int = 4096) throws(Error) {
        guard size % 32 == 0, size >= 32 else { throw .size(size) }
        let pixelTime = 4.915263e-06, pseudotimeFactor = 1.5
        self.size = size
        self.sca = sca
        self.frameTime = frameTime
        width = size / 32
        stride = max(size / 16, 1)
        let excursions = size / stride
        let maxClock = Double(width - 1 + (size - 1) * (width + pad))
        let guideClocks = frameTime / pixelTime - maxClock
        perExcursion = guideClocks / Double(excursions) * pseudotimeFactor
        scale = frameTime / (maxClock + Double(excursions - 1) * perExcursion + perExcursion)
    }

    /// Read time of detector pixel (row, column) in frame 0, seconds
    /// (`frame_read_times(frame_time, sca, 0)[row, column]`).
    @inlinable @inline(__always)
    public func time(row y: Int, column x: Int) -> Double {
        // Position in romancal's array before the science-to-detector flip.
        let row = sca % 3 == 0 ? y : size - 1 - y
        let column = sca % 3 == 0 ? size - 1 - x : x
        let channel = column / width
        var within = column - channel * width
        if channel & 1 == 1 { within = width - 1 - within }
        return (Double(within + row * (width + pad)) + Double(row / stride) * perExcursion) * scale
    }

    /// `frame_read_times(frame_time, sca, n)`: the frame-0 time plus n frame times.
    @inlinable @inline(__always)
    public func time(row: Int, column: Int, frame n: Double) -> Double {
        time(row: row, column: column) + n * frameTime
    }
}
