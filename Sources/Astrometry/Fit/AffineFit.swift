/// The least-squares 6-parameter affine map q' = matrix·q + translation between two point
/// lists (normal equations on centred coordinates), and its largest residual: how the one
/// focal-plane correction is expressed in each detector's own tangent plane, where it is affine
/// to microarcseconds.
struct AffineFit {
    let matrix: [[Double]]
    let translation: SIMD2<Double>
    /// Largest |q' − (matrix·q + translation)| over the points.
    let maximumResidual: Double

    init?(from q: [SIMD2<Double>], to target: [SIMD2<Double>]) {
        guard q.count >= 3, q.count == target.count else { return nil }
        let n = Double(q.count)
        let qm = q.reduce(SIMD2<Double>(0, 0), +) / n, tm = target.reduce(SIMD2<Double>(0, 0), +) / n
        var sxx = 0.0, sxy = 0.0, syy = 0.0
        var bx = SIMD2<Double>(0, 0), by = SIMD2<Double>(0, 0)
        for (p, t) in zip(q, target) {
            let (a, b) = (p - qm, t - tm)
            sxx += a.x * a.x; sxy += a.x * a.y; syy += a.y * a.y
            bx += SIMD2(a.x * b.x, a.y * b.x)
            by += SIMD2(a.x * b.y, a.y * b.y)
        }
        let det = sxx * syy - sxy * sxy
        guard det != 0, det.isFinite else { return nil }
        func solve(_ rhs: SIMD2<Double>) -> [Double] { [(syy * rhs.x - sxy * rhs.y) / det, (sxx * rhs.y - sxy * rhs.x) / det] }
        let matrix = [solve(bx), solve(by)]
        let translation = tm - SIMD2(matrix[0][0] * qm.x + matrix[0][1] * qm.y, matrix[1][0] * qm.x + matrix[1][1] * qm.y)
        var worst = 0.0
        for (p, t) in zip(q, target) {
            let fitted = SIMD2(matrix[0][0] * p.x + matrix[0][1] * p.y, matrix[1][0] * p.x + matrix[1][1] * p.y) + translation
            worst = max(worst, hypotOf(t - fitted))
        }
        self.matrix = matrix
        self.translation = translation
        maximumResidual = worst
    }
}
