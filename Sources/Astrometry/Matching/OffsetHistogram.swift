/// The initial offset between two source lists of one plane: every (image, reference) pair closer
/// than the search radius in both coordinates votes for its offset in a 2-D histogram and the
/// fullest bin wins (tweakwcs `matchutils._estimate_2dhist_shift`, after the "zero-point"
/// histogram of IRAF's `xyxymatch`/DrizzlePac `tweakreg`). True pairs pile up at the pointing
/// error; false pairs spread evenly. The peak is refined by the vote-weighted centroid of the
/// 3 x 3 bins around it.
struct OffsetHistogram {
    /// Half-width of the searched offsets (arcsec) and the bin size.
    let searchRadius: Double
    let bin: Double

    /// The offset reference − image that most pairs share, and the votes in the peak's 3 x 3
    /// bins; nil when no pair is close enough. Points are in the plane's units (arcsec).
    func peak(image: [SIMD2<Double>], reference points: [SIMD2<Double>]) -> (offset: SIMD2<Double>, votes: Int)? {
        // Cells as large as the search: each source looks at a few of them only.
        let reference = SpatialGrid(points, cell: searchRadius)
        let n = Int((searchRadius / bin).rounded(.up))
        let side = 2 * n + 1
        var counts = [Int](repeating: 0, count: side * side)
        var any = false
        let reach = searchRadius * 2.0.squareRoot()
        for p in image {
            reference.forEachNeighbour(of: p, within: reach) { _, q in
                let d = q - p
                guard abs(d.x) <= searchRadius, abs(d.y) <= searchRadius else { return }
                let i = min(side - 1, max(0, Int(((d.x + searchRadius) / bin).rounded(.down))))
                let j = min(side - 1, max(0, Int(((d.y + searchRadius) / bin).rounded(.down))))
                counts[j * side + i] += 1
                any = true
            }
        }
        guard any, let best = counts.indices.max(by: { counts[$0] < counts[$1] }) else { return nil }
        let (pi, pj) = (best % side, best / side)
        var sum = SIMD2<Double>(0, 0), votes = 0
        for j in max(0, pj - 1)...min(side - 1, pj + 1) {
            for i in max(0, pi - 1)...min(side - 1, pi + 1) {
                let c = counts[j * side + i]
                sum += SIMD2(Double(i), Double(j)) * Double(c)
                votes += c
            }
        }
        let centre = sum / Double(votes)
        return ((centre + 0.5) * bin - searchRadius, votes)
    }
}
