/// The read-out clocking of a WFI detector as romancal's reference-pixel correction sees it
/// (algorithms.md §1.5, RC `romancal/refpix/_data.py`): 32 science channels of `channelWidth`
/// columns side by side, plus amp33 as a 33rd channel, each read one row at a time with
/// `padClocks` idle pixel clocks at the end of every row. Odd channels read right to left.
///
/// Full size: 4096 rows, 128-column channels, 12 pad clocks, so one channel frame is a time
/// series of L = 4096 * 140 = 573440 pixel clocks and its rfft has 286721 bins. Smaller test
/// frames (a multiple of 32) scale the same geometry: 32 channels of N/32 columns, an amp33 of
/// N/32 columns, the same 12 pad clocks and a 4-pixel reference border.
public struct ReadoutGeometry: Sendable, Hashable {
    /// Rows (= columns) of the full frame including the reference border.
    public let size: Int
    /// Columns per channel (128 at full size).
    public let channelWidth: Int
    /// Idle pixel clocks appended to each channel row (romancal's PAD).
    public let padClocks: Int
    public static let channels = 32

    public init(size: Int, padClocks: Int = 12) throws(SimulationError) {
        guard size > 0, size % Self.channels == 0 else {
            throw .geometry(size: size, reason: "the frame size must be a positive multiple of 32 channels")
        }
        self.size = size
        self.channelWidth = size / Self.channels
        self.padClocks = padClocks
    }

    /// Pixel clocks per channel row, pads included.
    public var rowClocks: Int { channelWidth + padClocks }
    /// Length L of one channel frame's time series (pads included).
    public var frameClocks: Int { size * rowClocks }
    /// Number of rfft bins of a channel frame, L/2 + 1 (286721 at full size).
    public var rfftBins: Int { frameClocks / 2 + 1 }

    /// The channel frame clock (0..<L) at which detector pixel (row, column) is read.
    @inline(__always)
    public func clock(row: Int, column: Int) -> Int {
        let channel = column / channelWidth
        let within = column - channel * channelWidth
        let inTime = channel & 1 == 1 ? channelWidth - 1 - within : within
        return row * rowClocks + inTime
    }

    /// The clock at which amp33 pixel (row, column) is read (amp33 is channel 32: not reversed).
    @inline(__always)
    public func amp33Clock(row: Int, column: Int) -> Int { row * rowClocks + column }
}
