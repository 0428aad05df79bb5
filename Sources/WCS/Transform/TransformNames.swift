extension Transform {
    /// astropy's default input and output labels: `Shift`/`Scale` (x) -> (y), `Polynomial2D`
    /// (x, y) -> (z), `AffineTransformation2D` (x, y) -> (x, y), `Mapping`/`Identity` x0, x1...,
    /// `RotationSequence3D` (x, y, z), gwcs spherical <-> cartesian (lon, lat) <-> (x, y, z),
    /// the projections and sky rotations as astropy names them; `a | b` takes a's inputs and b's
    /// outputs, `a / b` (arithmetic) a's; `a & b` appends them, suffixing `0`/`1` when they
    /// collide (astropy `modeling.core.CompoundModel`, `combine_labels`).
    static func defaultNames(_ kind: Kind) -> (inputs: [String], outputs: [String]) {
        func numbered(_ n: Int) -> [String] { (0..<n).map { "x\($0)" } }
        switch kind {
        case .identity(let n): return (numbered(n), numbered(n))
        case .shift, .scale: return (["x"], ["y"])
        case .affine: return (["x", "y"], ["x", "y"])
        case .polynomial: return (["x", "y"], ["z"])
        case .mapping(let m, let n): return (numbered(n), numbered(m.count))
        case .rotationSequence(let r): return r.spherical ? (["lon", "lat"], ["lon", "lat"]) : (["x", "y", "z"], ["x", "y", "z"])
        case .sphericalToCartesian: return (["lon", "lat"], ["x", "y", "z"])
        case .cartesianToSpherical: return (["x", "y", "z"], ["lon", "lat"])
        case .polynomial1D: return (["x"], ["y"])
        case .constant(_, let n): return n == 1 ? (["x"], ["y"]) : (["x", "y"], ["z"])
        case .rotation2D: return (["x", "y"], ["x", "y"])
        case .gnomonic(let d): return d == .pix2sky ? (["x", "y"], ["phi", "theta"]) : (["phi", "theta"], ["x", "y"])
        case .skyRotation(let r):
            switch r.direction {
            case .nativeToCelestial: return (["phi_N", "theta_N"], ["alpha_C", "delta_C"])
            case .celestialToNative: return (["alpha_C", "delta_C"], ["phi_N", "theta_N"])
            case .euler: return (["alpha", "delta"], ["alpha", "delta"])
            }
        case .fitsImaging: return (["x", "y"], ["lon", "lat"])
        case .arithmetic(_, let a, _): return (a.inputNames, a.outputNames)
        case .compose(let a, let b): return (a.inputNames, b.outputNames)
        case .concatenate(let a, let b):
            return (combine(a.inputNames, b.inputNames), combine(a.outputNames, b.outputNames))
        }
    }

    private static func combine(_ left: [String], _ right: [String]) -> [String] {
        guard !Set(left).isDisjoint(with: right) else { return left + right }
        return left.map { $0 + "0" } + right.map { $0 + "1" }
    }
}
