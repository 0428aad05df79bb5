extension Transform {
    /// Many points at once: `columns[i]` holds input i of every point (all columns the same
    /// length); returns one column per output. The arithmetic is `evaluate(_:)`'s, but each model
    /// runs once over all points (matrices built once, one array per model rather than per
    /// point), which is what catalogs of thousands of sources need.
    public func evaluate(columns: [[Double]]) throws(TransformError) -> [[Double]] {
        guard columns.count == inputCount else {
            throw .arityMismatch(context: description, expected: inputCount, got: columns.count)
        }
        let n = columns.first?.count ?? 0
        guard columns.allSatisfy({ $0.count == n }) else {
            throw .malformed(path: description, reason: "input columns of different lengths")
        }
        switch kind {
        case .identity: return columns
        case .shift(let offset): return [columns[0].map { $0 + offset }]
        case .scale(let factor): return [columns[0].map { $0 * factor }]
        case .affine(let m, let t):
            return Self.pairs(columns) { x, y in (m[0][0] * x + m[0][1] * y + t[0], m[1][0] * x + m[1][1] * y + t[1]) }
        case .mapping(let mapping, _): return mapping.map { columns[$0] }
        case .polynomial(let p):
            let (x, y) = (columns[0], columns[1])
            return [(0..<n).map { p(x[$0], y[$0]) }]
        case .polynomial1D(let p): return [columns[0].map { p($0) }]
        case .constant(let value, _): return [Array(repeating: value, count: n)]
        case .rotation2D(let angle):
            let (c, s) = Self.cosSin(angle)
            return Self.pairs(columns) { x, y in (c * x - s * y, s * x + c * y) }
        case .gnomonic(let direction):
            return direction == .pix2sky
                ? Self.pairs(columns) { x, y in Gnomonic.native(x: x, y: y) }
                : Self.pairs(columns) { phi, theta in Gnomonic.plane(phi: phi, theta: theta) }
        case .skyRotation(let r):
            let (m, wrap) = (r.matrix, r.wrapsLongitude)
            return Self.pairs(columns) { lon, lat in SkyRotation.apply(m, lon: lon, lat: lat, wrap: wrap) }
        case .fitsImaging(let f): return try f.expanded.evaluate(columns: columns)
        case .rotationSequence(let r):
            let m = r.matrix
            if r.spherical { return Self.pairs(columns) { lon, lat in SkyRotation.apply(m, lon: lon, lat: lat, wrap: false) } }
            return Self.points(columns, outputs: 3) { RotationSequence3D.multiply(m, $0) }
        case .sphericalToCartesian:
            return Self.points(columns, outputs: 3) { SphericalCartesian.toCartesian(lon: $0[0], lat: $0[1]) }
        case .cartesianToSpherical(let wrap):
            return Self.points(columns, outputs: 2) { SphericalCartesian.toSpherical($0, wrapLonAt: wrap) }
        case .compose(let a, let b): return try b.evaluate(columns: a.evaluate(columns: columns))
        case .concatenate(let a, let b):
            let split = a.inputCount
            return try a.evaluate(columns: Array(columns[..<split])) + b.evaluate(columns: Array(columns[split...]))
        case .arithmetic(let op, let a, let b):
            let (left, right) = (try a.evaluate(columns: columns), try b.evaluate(columns: columns))
            return zip(left, right).map { l, r in zip(l, r).map { op.apply($0, $1) } }
        }
    }

    /// Points as rows ([x, y] each) -> outputs as rows, through `evaluate(columns:)`.
    public func evaluate(points: [[Double]]) throws(TransformError) -> [[Double]] {
        guard !points.isEmpty else { return [] }
        guard points.allSatisfy({ $0.count == inputCount }) else {
            throw .arityMismatch(context: description, expected: inputCount, got: points.first { $0.count != inputCount }?.count ?? 0)
        }
        let out = try evaluate(columns: (0..<inputCount).map { i in points.map { $0[i] } })
        return points.indices.map { k in out.map { $0[k] } }
    }

    /// A two-column map.
    static func pairs(_ columns: [[Double]], _ f: (Double, Double) -> (Double, Double)) -> [[Double]] {
        let (x, y) = (columns[0], columns[1])
        var a = [Double](repeating: 0, count: x.count), b = a
        for i in x.indices { (a[i], b[i]) = f(x[i], y[i]) }
        return [a, b]
    }

    /// A map of whole points (small vectors), for the 3-D models.
    static func points(_ columns: [[Double]], outputs: Int, _ f: ([Double]) -> [Double]) -> [[Double]] {
        let n = columns.first?.count ?? 0
        var out = [[Double]](repeating: [Double](repeating: 0, count: n), count: outputs)
        var point = [Double](repeating: 0, count: columns.count)
        for i in 0..<n {
            for c in columns.indices { point[c] = columns[c][i] }
            let r = f(point)
            for o in 0..<outputs { out[o][i] = r[o] }
        }
        return out
    }
}
