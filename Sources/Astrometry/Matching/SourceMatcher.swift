/// One-to-one matching of image sources to reference sources in a common plane (the role of
/// `xyxymatch` in tweakwcs's `XYXYMatch`): a source is paired with the reference nearest to its
/// predicted position when that reference is within `tolerance` and the source is in turn the
/// nearest to it; sources or references with a neighbour of their own list closer than
/// `separation` are left out as confused.
struct SourceMatcher {
    /// Matching radius and minimum separation, in the plane's units (arcsec).
    let tolerance: Double
    let separation: Double

    /// The index pairs (image, reference) matched after mapping each image point by `predict`.
    func match(image: [SIMD2<Double>], reference: SpatialGrid,
               predict: (SIMD2<Double>) -> SIMD2<Double>) -> [(image: Int, reference: Int)] {
        let predicted = image.map(predict)
        let imageGrid = SpatialGrid(predicted, cell: max(tolerance, separation))
        var pairs: [(image: Int, reference: Int)] = []
        for (i, p) in predicted.enumerated() where p.x.isFinite && p.y.isFinite {
            guard !imageGrid.hasNeighbour(i, within: separation),
                  let (j, _) = reference.nearest(to: p, within: tolerance),
                  !reference.hasNeighbour(j, within: separation),
                  imageGrid.nearest(to: reference.points[j], within: tolerance)?.index == i else { continue }
            pairs.append((i, j))
        }
        return pairs
    }
}
