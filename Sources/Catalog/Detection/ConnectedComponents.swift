/// 8-connected component labelling in one raster pass with a union-find of provisional labels
/// (Rosenfeld & Pfaltz 1966; Wu, Otoo & Suzuki 2009), then a second pass giving final labels
/// 1, 2, … in the raster order of each component's first pixel (as scipy's `ndimage.label`).
struct ConnectedComponents {
    /// Labels of a width x height grid (0 for pixels that are off) and the number of components.
    static func label(width: Int, height: Int, isOn: (Int) -> Bool) -> (labels: [UInt32], count: Int) {
        var labels = [UInt32](repeating: 0, count: width * height)
        var parent: [UInt32] = [0]
        func find(_ a: UInt32) -> UInt32 {
            var r = a
            while parent[Int(r)] != r { r = parent[Int(r)] }
            var c = a
            while parent[Int(c)] != r { let next = parent[Int(c)]; parent[Int(c)] = r; c = next }
            return r
        }
        func union(_ a: UInt32, _ b: UInt32) -> UInt32 {
            let ra = find(a), rb = find(b)
            if ra == rb { return ra }
            let (low, high) = ra < rb ? (ra, rb) : (rb, ra)
            parent[Int(high)] = low
            return low
        }
        for y in 0..<height {
            let row = y * width
            for x in 0..<width where isOn(row + x) {
                var current: UInt32 = 0
                // Already-visited neighbours: W, NW, N, NE.
                if x > 0, labels[row + x - 1] != 0 { current = labels[row + x - 1] }
                if y > 0 {
                    let up = row - width
                    for nx in max(0, x - 1)...min(width - 1, x + 1) where labels[up + nx] != 0 {
                        current = current == 0 ? labels[up + nx] : union(current, labels[up + nx])
                    }
                }
                if current == 0 {
                    current = UInt32(parent.count)
                    parent.append(current)
                }
                labels[row + x] = current
            }
        }
        // Final labels in order of first appearance.
        var final = [UInt32](repeating: 0, count: parent.count)
        var count: UInt32 = 0
        for i in labels.indices where labels[i] != 0 {
            let root = Int(find(labels[i]))
            if final[root] == 0 { count += 1; final[root] = count }
            labels[i] = final[root]
        }
        return (labels, Int(count))
    }
}
