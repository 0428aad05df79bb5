/// Points of a plane hashed into square cells, for the neighbours of a point within a radius
/// in time proportional to their number (the role of the k-d tree in tweakwcs's matcher).
struct SpatialGrid {
    let cell: Double
    let points: [SIMD2<Double>]
    private var buckets: [Int64: [Int32]] = [:]

    /// `points` (NaN ones left out) in cells of side `cell`.
    init(_ points: [SIMD2<Double>], cell: Double) {
        self.cell = cell
        self.points = points
        for (i, p) in points.enumerated() where p.x.isFinite && p.y.isFinite {
            buckets[key(p), default: []].append(Int32(i))
        }
    }

    private func index(_ v: Double) -> Int64 { Int64((v / cell).rounded(.down)) }
    private func key(_ p: SIMD2<Double>) -> Int64 { combine(index(p.x), index(p.y)) }
    private func combine(_ i: Int64, _ j: Int64) -> Int64 { (i << 32) ^ (j & 0xFFFF_FFFF) }

    /// Calls `body(index, point)` for every point within `radius` of `p` (Euclidean).
    func forEachNeighbour(of p: SIMD2<Double>, within radius: Double, _ body: (Int, SIMD2<Double>) -> Void) {
        guard p.x.isFinite, p.y.isFinite else { return }
        let (x0, x1) = (index(p.x - radius), index(p.x + radius))
        let (y0, y1) = (index(p.y - radius), index(p.y + radius))
        let r2 = radius * radius
        for i in x0...x1 {
            for j in y0...y1 {
                guard let bucket = buckets[combine(i, j)] else { continue }
                for k in bucket {
                    let q = points[Int(k)]
                    let d = q - p
                    if (d * d).sum() <= r2 { body(Int(k), q) }
                }
            }
        }
    }

    /// The nearest point within `radius` of `p` (index and squared distance), nil when none.
    func nearest(to p: SIMD2<Double>, within radius: Double) -> (index: Int, distance2: Double)? {
        var best: (Int, Double)?
        forEachNeighbour(of: p, within: radius) { k, q in
            let d = q - p
            let d2 = (d * d).sum()
            if best == nil || d2 < best!.1 { best = (k, d2) }
        }
        return best.map { (index: $0.0, distance2: $0.1) }
    }

    /// Whether another point lies within `radius` of point `i`.
    func hasNeighbour(_ i: Int, within radius: Double) -> Bool {
        var found = false
        forEachNeighbour(of: points[i], within: radius) { k, _ in if k != i { found = true } }
        return found
    }
}
