/// A multi-accumulation (MA) table: which detector reads are averaged into each resultant, and
/// the time between reads. Resultants may be unevenly spaced and average different numbers of
/// reads; reads not listed are skipped (read numbers are 1-based, as in
/// `meta.exposure.read_pattern`).
public struct MATable: Sendable, Hashable {
    /// The table number (`meta.exposure.ma_table_number`).
    public var number: Int
    /// The table name (`meta.exposure.ma_table_name`).
    public var name: String
    /// Seconds between consecutive reads.
    public var frameTime: Double
    /// For each resultant, the read numbers averaged.
    public var readPattern: [[Int]]

    public init(number: Int, name: String, frameTime: Double, readPattern: [[Int]]) {
        self.number = number
        self.name = name
        self.frameTime = frameTime
        self.readPattern = readPattern
    }

    /// Number of resultants.
    public var resultantCount: Int { readPattern.count }
    /// The last read of the exposure.
    public var lastRead: Int { readPattern.last?.last ?? 0 }
    /// Mean time of each resultant, seconds from the reset (read k is at k * frameTime).
    public var resultantTimes: [Double] {
        readPattern.map { reads in Double(reads.reduce(0, +)) / Double(max(reads.count, 1)) * frameTime }
    }
    /// Exposure time to the last read, seconds.
    public var exposureTime: Double { Double(lastRead) * frameTime }

    /// The first `count` resultants only (as romanisim's `--truncate`).
    public func truncated(to count: Int) -> MATable {
        var table = self
        table.readPattern = Array(readPattern.prefix(count))
        return table
    }

    /// Checks that read numbers are positive and strictly increasing across the table.
    public var isValid: Bool {
        let reads = readPattern.flatMap { $0 }
        return !readPattern.isEmpty && readPattern.allSatisfy { !$0.isEmpty } && reads.first.map { $0 >= 1 } == true
            && zip(reads, reads.dropFirst()).allSatisfy { $0 < $1 } && frameTime > 0
    }

    /// DMS-like table 109: 10 uneven resultants over 44 reads, frame time 3.16247 s (the table
    /// romanisim and romancal's regression data use).
    public static let table109 = MATable(number: 109, name: "C2A_IMG_HLWAS", frameTime: 3.16247, readPattern: [
        [1], [2, 3], [5, 6, 7], [10, 11, 12, 13], [15, 16, 17, 18, 19, 20], [21, 22, 23, 24, 25, 26],
        [27, 28, 29, 30, 31, 32], [33, 34, 35, 36, 37, 38], [39, 40, 41, 42, 43], [44],
    ])

    /// DMS-like table 110: 16 resultants over 44 reads, frame time 3.16247 s.
    public static let table110 = MATable(number: 110, name: "C2A_IMG_GAL", frameTime: 3.16247, readPattern: [
        [1], [2, 3, 4], [5, 6, 7], [8, 9, 10], [11, 12, 13], [14, 15, 16], [17, 18, 19], [20, 21, 22],
        [23, 24, 25], [26, 27, 28], [29, 30, 31], [32, 33, 34], [35, 36, 37], [38, 39, 40], [41, 42, 43], [44],
    ])

    /// A short 6-resultant table over 22 reads at 3.04 s per read (fast tests, shallow surveys).
    public static let table6 = MATable(number: 6, name: "SIM_6RES", frameTime: 3.04, readPattern: [
        [1], [2, 3], [4, 5, 6, 7], [8, 9, 10, 11, 12, 13], [14, 15, 16, 17, 18, 19, 20, 21], [22],
    ])

    /// The built-in tables by number.
    public static let builtIn: [Int: MATable] = [6: table6, 109: table109, 110: table110]
}
