/// Comparing lists of points (pixels, sky positions) from two implementations.
public enum PointComparison {
    /// Largest coordinate difference, NaN equal to NaN and NaN against a number infinite (as are
    /// lists of different shapes or empty ones).
    public static func maxDifferenceNaN(_ a: [[Double]], _ b: [[Double]]) -> Double {
        guard a.count == b.count, !a.isEmpty else { return .infinity }
        var worst = 0.0
        for (p, q) in zip(a, b) {
            guard p.count == q.count else { return .infinity }
            for (x, y) in zip(p, q) {
                if x.isNaN && y.isNaN { continue }
                if x.isNaN || y.isNaN { return .infinity }
                worst = max(worst, abs(x - y))
            }
        }
        return worst
    }

    /// A (steps + 1)² grid of 0-based pixels over a `size` x `size` array, edges (±0.5) included.
    public static func pixelGrid(size: Double = 4088, steps: Int = 20) -> [[Double]] {
        let values = (0...steps).map { -0.5 + size * Double($0) / Double(steps) }
        return values.flatMap { y in values.map { x in [x, y] } }
    }
}
