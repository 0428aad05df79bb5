/// Sigma-clipped statistics of a set of values, as astropy's `SigmaClip` followed by a median
/// and a standard deviation: iteratively drop values below `centre − k·σ` or above
/// `centre + k·σ` (bounds kept), the centre being the median and σ either the standard
/// deviation or the MAD-based one (1.4826·median|x − median|), until nothing changes or
/// `maxIterations` passes.
///
/// The values are sorted once (an LSD radix sort on the float bits); a clipped set is then a
/// contiguous range of the sorted values, so the median is direct and the MAD (Hampel 1974) a
/// selection in the two sorted runs of deviations left and right of the median.
struct SigmaClippedStatistics {
    enum Spread { case standardDeviation, medianAbsoluteDeviation }

    var sigma = 3.0
    var maxIterations = 5
    var spread = Spread.medianAbsoluteDeviation

    /// Median, standard deviation (ddof 0) and count of the values left after clipping `values`
    /// (non-finite values are ignored); nil when none is finite.
    func callAsFunction(_ values: inout [Float]) -> (median: Double, std: Double, count: Int)? {
        var buffers = FloatRadixSort.Buffers()
        return self(&values, buffers: &buffers)
    }

    /// The same, sorting in `buffers` (reused across calls to spare allocations).
    func callAsFunction(_ values: inout [Float], buffers: inout FloatRadixSort.Buffers) -> (median: Double, std: Double, count: Int)? {
        FloatRadixSort.sortFinite(&values, buffers: &buffers)
        guard !values.isEmpty else { return nil }
        return values.withUnsafeBufferPointer { sorted in
            var lo = 0, hi = sorted.count
            for _ in 0..<maxIterations {
                let centre = Self.median(sorted, lo, hi)
                let std: Double
                switch spread {
                case .standardDeviation: std = Self.standardDeviation(sorted, lo, hi)
                case .medianAbsoluteDeviation: std = 1.482602218505602 * Self.medianAbsoluteDeviation(sorted, lo, hi, centre)
                }
                let low = centre - sigma * std, high = centre + sigma * std
                // Keep low <= v <= high (astropy clips strictly outside the bounds).
                let newLo = Self.lowerBound(sorted, lo, hi) { Double($0) < low }
                let newHi = Self.lowerBound(sorted, newLo, hi) { Double($0) <= high }
                if newLo == lo && newHi == hi { break }
                lo = newLo
                hi = newHi
                if lo >= hi { return nil }
            }
            return (Self.median(sorted, lo, hi), Self.standardDeviation(sorted, lo, hi), hi - lo)
        }
    }

    /// numpy's median of sorted[lo..<hi]: the middle value, or the mean of the two middle values.
    static func median(_ s: UnsafeBufferPointer<Float>, _ lo: Int, _ hi: Int) -> Double {
        let n = hi - lo
        let mid = lo + n / 2
        return n % 2 == 1 ? Double(s[mid]) : (Double(s[mid - 1]) + Double(s[mid])) / 2
    }

    static func standardDeviation(_ s: UnsafeBufferPointer<Float>, _ lo: Int, _ hi: Int) -> Double {
        let n = Double(hi - lo)
        var sum = 0.0
        for i in lo..<hi { sum += Double(s[i]) }
        let mean = sum / n
        var squares = 0.0
        for i in lo..<hi { let d = Double(s[i]) - mean; squares += d * d }
        return (squares / n).squareRoot()
    }

    /// The median of |x − centre| over sorted[lo..<hi]: the deviations of the values left and
    /// right of the centre are two sorted runs, so each order statistic is the k-th smallest of
    /// two sorted sequences, found by bisection in O(log n).
    static func medianAbsoluteDeviation(_ s: UnsafeBufferPointer<Float>, _ lo: Int, _ hi: Int, _ centre: Double) -> Double {
        let n = hi - lo
        let split = lowerBound(s, lo, hi) { Double($0) < centre }
        let leftCount = split - lo, rightCount = hi - split
        @inline(__always) func left(_ i: Int) -> Double { centre - Double(s[split - 1 - i]) }
        @inline(__always) func right(_ j: Int) -> Double { Double(s[split + j]) - centre }
        // The k-th smallest (0-based) of the union: take i from the left run and k + 1 − i from the right.
        func kth(_ k: Int) -> Double {
            var a = max(0, k + 1 - rightCount), b = min(k + 1, leftCount)
            while true {
                let i = (a + b) / 2, j = k + 1 - i
                if i > 0 && j < rightCount && left(i - 1) > right(j) {
                    b = i - 1
                } else if j > 0 && i < leftCount && right(j - 1) > left(i) {
                    a = i + 1
                } else {
                    let fromLeft = i > 0 ? left(i - 1) : -Double.infinity
                    let fromRight = j > 0 ? right(j - 1) : -Double.infinity
                    return max(fromLeft, fromRight)
                }
            }
        }
        return n % 2 == 1 ? kth(n / 2) : (kth(n / 2 - 1) + kth(n / 2)) / 2
    }

    /// The first index in [lo, hi) whose value fails `isBefore` (values satisfying it come first).
    static func lowerBound(_ s: UnsafeBufferPointer<Float>, _ lo: Int, _ hi: Int, _ isBefore: (Float) -> Bool) -> Int {
        var a = lo, b = hi
        while a < b {
            let m = (a + b) / 2
            if isBefore(s[m]) { a = m + 1 } else { b = m }
        }
        return a
    }
}

/// Least-significant-digit radix sort of 32-bit floats (11-bit digits, 3 passes) on their
/// order-preserving integer keys; non-finite values are removed first. The three digit
/// histograms are counted in one pass, and a pass whose digit is the same for every key is skipped.
enum FloatRadixSort {
    /// Keys and scratch space, kept between sorts so that repeated sorts allocate nothing.
    struct Buffers {
        var keys: [UInt32] = []
        var scratch: [UInt32] = []
    }

    static func sortFinite(_ values: inout [Float], buffers: inout Buffers) {
        if buffers.keys.count < values.count {
            buffers.keys = [UInt32](repeating: 0, count: values.count)
            buffers.scratch = [UInt32](repeating: 0, count: values.count)
        }
        var n = 0
        buffers.keys.withUnsafeMutableBufferPointer { k in
            buffers.scratch.withUnsafeMutableBufferPointer { s in
                let (keys, scratch) = (k.baseAddress!, s.baseAddress!)
                values.withUnsafeBufferPointer { v in
                    for x in v where x.isFinite {
                        let bits = x.bitPattern
                        keys[n] = bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
                        n += 1
                    }
                }
                let sorted = n < 256 ? Self.sortSmall(keys, n) : Self.radixSort(keys, scratch, n)
                values.removeLast(values.count - n)
                values.withUnsafeMutableBufferPointer { out in
                    for i in 0..<n {
                        let key = sorted[i]
                        out[i] = Float(bitPattern: key & 0x8000_0000 != 0 ? key & 0x7FFF_FFFF : ~key)
                    }
                }
            }
        }
    }

    private static func sortSmall(_ keys: UnsafeMutablePointer<UInt32>, _ n: Int) -> UnsafeMutablePointer<UInt32> {
        var buffer = UnsafeMutableBufferPointer(start: keys, count: n)
        buffer.sort()
        return keys
    }

    /// Sorts keys[0..<n] using scratch[0..<n]; returns whichever of the two holds the result.
    private static func radixSort(_ keys: UnsafeMutablePointer<UInt32>, _ scratch: UnsafeMutablePointer<UInt32>,
                                  _ n: Int) -> UnsafeMutablePointer<UInt32> {
        var counts = [Int](repeating: 0, count: 3 * 2048)
        counts.withUnsafeMutableBufferPointer { c in
            for i in 0..<n {
                let key = keys[i]
                c[Int(key & 0x7FF)] += 1
                c[2048 + Int((key >> 11) & 0x7FF)] += 1
                c[4096 + Int(key >> 22)] += 1
            }
        }
        var (source, target) = (keys, scratch)
        var offsets = [Int](repeating: 0, count: 2048)
        offsets.withUnsafeMutableBufferPointer { o in
            for pass in 0..<3 {
                let base = pass * 2048
                // Skip a digit that every key shares.
                if counts[base..<(base + 2048)].contains(n) { continue }
                var running = 0
                for d in 0..<2048 { o[d] = running; running += counts[base + d] }
                let shift = UInt32(pass * 11)
                for i in 0..<n {
                    let key = source[i]
                    let d = Int((key >> shift) & 0x7FF)
                    target[o[d]] = key
                    o[d] += 1
                }
                swap(&source, &target)
            }
        }
        return source
    }
}
