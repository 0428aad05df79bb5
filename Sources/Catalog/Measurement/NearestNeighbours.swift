/// The nearest other source of each source (romancal `_neighbors.py`, a k-d tree there; here a
/// uniform grid of cells searched ring by ring): its index and distance in pixels. Sources with
/// a non-finite position take part at (−1000, −1000), as romancal places them, and get no
/// neighbour; fewer than two sources give none.
enum NearestNeighbours {
    static func find(_ positions: [(x: Double, y: Double)]) -> [(index: Int, distance: Double)?] {
        let n = positions.count
        guard n > 1 else { return Array(repeating: nil, count: n) }
        let points = positions.map { $0.x.isFinite && $0.y.isFinite ? $0 : (x: -1000.0, y: -1000.0) }
        let minX = points.map(\.x).min()!, minY = points.map(\.y).min()!
        let maxX = points.map(\.x).max()!, maxY = points.map(\.y).max()!
        let cell = max(1.0, ((maxX - minX) * (maxY - minY) / Double(n)).squareRoot())
        let columns = Int((maxX - minX) / cell) + 1, rows = Int((maxY - minY) / cell) + 1
        var grid = [[Int]](repeating: [], count: columns * rows)
        func cellOf(_ p: (x: Double, y: Double)) -> (Int, Int) { (Int((p.x - minX) / cell), Int((p.y - minY) / cell)) }
        for (i, p) in points.enumerated() { let (cx, cy) = cellOf(p); grid[cy * columns + cx].append(i) }
        return (0..<n).map { i -> (index: Int, distance: Double)? in
            guard positions[i].x.isFinite, positions[i].y.isFinite else { return nil }
            let p = points[i]
            let (cx, cy) = cellOf(p)
            var best: (index: Int, distance: Double)?
            var ring = 0
            while ring <= max(columns, rows) {
                for gy in (cy - ring)...(cy + ring) where gy >= 0 && gy < rows {
                    for gx in (cx - ring)...(cx + ring) where gx >= 0 && gx < columns {
                        guard max(abs(gx - cx), abs(gy - cy)) == ring else { continue }
                        for j in grid[gy * columns + gx] where j != i {
                            let d = ((points[j].x - p.x) * (points[j].x - p.x) + (points[j].y - p.y) * (points[j].y - p.y)).squareRoot()
                            if best == nil || d < best!.distance { best = (j, d) }
                        }
                    }
                }
                // Every point in a farther ring is at least ring·cell away.
                if let b = best, b.distance <= Double(ring) * cell { break }
                ring += 1
            }
            return best
        }
    }
}
