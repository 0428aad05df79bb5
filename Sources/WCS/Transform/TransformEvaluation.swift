import Foundation

extension Transform {
    /// The transform at one point: `inputCount` coordinates in, `outputCount` out.
    public func callAsFunction(_ point: [Double]) throws(TransformError) -> [Double] {
        try evaluate(point)
    }

    /// The transform at one point (astropy `model(*point)` without bounding box).
    public func evaluate(_ point: [Double]) throws(TransformError) -> [Double] {
        guard point.count == inputCount else {
            throw .arityMismatch(context: description, expected: inputCount, got: point.count)
        }
        switch kind {
        case .identity: return point
        case .shift(let offset): return [point[0] + offset]
        case .scale(let factor): return [point[0] * factor]
        case .affine(let m, let t):
            return [m[0][0] * point[0] + m[0][1] * point[1] + t[0],
                    m[1][0] * point[0] + m[1][1] * point[1] + t[1]]
        case .mapping(let mapping, _): return mapping.map { point[$0] }
        case .polynomial(let p): return [p(point[0], point[1])]
        case .polynomial1D(let p): return [p(point[0])]
        case .constant(let value, _): return [value]
        case .rotation2D(let angle):
            let (c, s) = Self.cosSin(angle)
            return [c * point[0] - s * point[1], s * point[0] + c * point[1]]
        case .gnomonic(let direction):
            if direction == .pix2sky {
                let (phi, theta) = Gnomonic.native(x: point[0], y: point[1])
                return [phi, theta]
            }
            let (x, y) = Gnomonic.plane(phi: point[0], theta: point[1])
            return [x, y]
        case .skyRotation(let r):
            let (lon, lat) = SkyRotation.apply(r.matrix, lon: point[0], lat: point[1], wrap: r.wrapsLongitude)
            return [lon, lat]
        case .fitsImaging(let f): return try f.expanded.evaluate(point)
        case .rotationSequence(let r): return r.apply(point)
        case .sphericalToCartesian: return SphericalCartesian.toCartesian(lon: point[0], lat: point[1])
        case .cartesianToSpherical(let wrap): return SphericalCartesian.toSpherical(point, wrapLonAt: wrap)
        case .compose(let a, let b): return try b.evaluate(a.evaluate(point))
        case .concatenate(let a, let b):
            let split = a.inputCount
            return try a.evaluate(Array(point[..<split])) + b.evaluate(Array(point[split...]))
        case .arithmetic(let op, let a, let b):
            let (left, right) = (try a.evaluate(point), try b.evaluate(point))
            return zip(left, right).map { op.apply($0, $1) }
        }
    }

    /// The inverse: the explicit one when attached, else the analytic one (astropy
    /// `model.inverse`): Shift(-o), Scale(1/f), the inverse affine, the Mapping that takes each
    /// input from its first occurrence, the reversed negated rotation sequence, the other
    /// spherical/cartesian conversion with the same `wrap_lon_at`, Rotation2D(−angle), the other
    /// gnomonic direction, the opposite sky rotation, `b⁻¹ | a⁻¹` for `a | b`, `a⁻¹ & b⁻¹` for
    /// `a & b`. Polynomials, constants and arithmetic compounds have none (`noInverse`).
    public var inverse: Transform {
        get throws(TransformError) {
            if let explicitInverse { return explicitInverse }
            switch kind {
            case .identity(let n): return .identity(n)
            case .shift(let offset): return .shift(-offset)
            case .scale(let factor):
                guard factor != 0 else { throw .noInverse(description) }
                return .scale(1 / factor)
            case .affine(let m, let t):
                let det = m[0][0] * m[1][1] - m[0][1] * m[1][0]
                guard det != 0 else { throw .noInverse(description) }
                let inv = [[m[1][1] / det, -m[0][1] / det], [-m[1][0] / det, m[0][0] / det]]
                let shift = [-(inv[0][0] * t[0] + inv[0][1] * t[1]), -(inv[1][0] * t[0] + inv[1][1] * t[1])]
                return .affine(matrix: inv, translation: shift)
            case .mapping(let mapping, let n):
                var back: [Int] = []
                for input in 0..<n {
                    guard let k = mapping.firstIndex(of: input) else { throw .noInverse(description) }
                    back.append(k)
                }
                return .mapping(back, inputs: mapping.count)
            case .polynomial, .polynomial1D, .constant, .arithmetic: throw .noInverse(description)
            case .rotation2D(let angle): return .rotation2D(-angle)
            case .gnomonic(let direction): return Transform(.gnomonic(direction.inverse))
            case .skyRotation(let r): return Transform(.skyRotation(r.inverse))
            case .fitsImaging(let f): return try f.expanded.inverse
            case .rotationSequence(let r): return Transform(.rotationSequence(r.inverse))
            case .sphericalToCartesian(let wrap): return Transform(.cartesianToSpherical(wrapLonAt: wrap))
            case .cartesianToSpherical(let wrap): return Transform(.sphericalToCartesian(wrapLonAt: wrap))
            case .compose(let a, let b): return try b.inverse | a.inverse
            case .concatenate(let a, let b): return try a.inverse & b.inverse
            }
        }
    }

    /// (cos, sin) of an angle in degrees (astropy converts to radians with `np.deg2rad`).
    static func cosSin(_ degrees: Double) -> (Double, Double) {
        let a = degrees * (Double.pi / 180)
        return (cos(a), sin(a))
    }
}
