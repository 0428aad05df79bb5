/// A coordinate transform compatible with astropy.modeling (astropy 8, `astropy.modeling.models`)
/// and its ASDF form (asdf-transform-schemas 0.6.0, transform manifest 1.7.0, as written by
/// asdf-astropy 0.11.0): a value-type tree of simple models joined by `|` (compose) and `&`
/// (concatenate).
///
/// Units are whatever the parameters imply (the transforms are unitless, like astropy models
/// without quantities); angles in files are degrees. Evaluation is exact `Double` arithmetic.
/// An explicit inverse (astropy's `model.inverse = other`, the `inverse:` key of the ASDF form)
/// replaces the analytic one.
public struct Transform: Sendable, Equatable {
    /// What the transform computes.
    public indirect enum Kind: Sendable, Equatable {
        /// `Identity(n)`: n inputs passed through (`identity-1.4.0`).
        case identity(Int)
        /// `Shift(offset)`: x + offset (`shift-1.4.0`).
        case shift(Double)
        /// `Scale(factor)`: x · factor (`scale-1.4.0`).
        case scale(Double)
        /// `AffineTransformation2D`: (x', y') = M·(x, y) + t, `matrix` row-major 2x2 (`affine-1.5.0`).
        case affine(matrix: [[Double]], translation: [Double])
        /// `Mapping(mapping, n_inputs)`: out[k] = in[mapping[k]] (`remap_axes-1.5.0`).
        case mapping([Int], inputs: Int)
        /// `Polynomial2D` (`polynomial-1.3.0` with a 2-D coefficient array).
        case polynomial(Polynomial2D)
        /// `RotationSequence3D` / `SphericalRotationSequence` (`rotate_sequence_3d-1.2.0`).
        case rotationSequence(RotationSequence3D)
        /// gwcs `SphericalToCartesian(wrap_lon_at)`: (lon, lat) deg -> unit (x, y, z)
        /// (`gwcs/spherical_cartesian-1.3.0`, `transform_type: spherical_to_cartesian`).
        case sphericalToCartesian(wrapLonAt: Int)
        /// gwcs `CartesianToSpherical(wrap_lon_at)`: (x, y, z) -> (lon, lat) deg, lon in
        /// [0, 360) (wrap 360) or [−180, 180] (wrap 180).
        case cartesianToSpherical(wrapLonAt: Int)
        /// `left | right`: right(left(x)) (`compose-1.4.0`).
        case compose(Transform, Transform)
        /// `left & right`: inputs split between the two, outputs appended (`concatenate-1.4.0`).
        case concatenate(Transform, Transform)
        /// `left op right` (`add`, `subtract`, `multiply`, `divide`, `power-1.4.0`): both take the
        /// same inputs; output k is left's output k op right's output k.
        case arithmetic(ArithmeticOperator, Transform, Transform)
        /// `Const1D` / `Const2D(amplitude)` (`constant-1.6.0`): `dimensions` inputs, one output,
        /// always `value`.
        case constant(Double, dimensions: Int)
        /// `Polynomial1D` (`polynomial-1.3.0` with a 1-D coefficient array).
        case polynomial1D(Polynomial1D)
        /// `Rotation2D(angle)`, angle in degrees, counter-clockwise (`rotate2d-1.5.0`).
        case rotation2D(Double)
        /// `Pix2Sky_Gnomonic` / `Sky2Pix_Gnomonic`, the TAN projection (`gnomonic-1.4.0`).
        case gnomonic(Gnomonic.Direction)
        /// `RotateNative2Celestial`, `RotateCelestial2Native`, `EulerAngleRotation` (`rotate3d-1.5.0`).
        case skyRotation(SkyRotation)
        /// gwcs `FITSImagingWCSTransform` (`gwcs/fitswcs_imaging-1.0.0`), the L3 skycell WCS.
        case fitsImaging(FITSImaging)
    }

    public var kind: Kind
    /// astropy's `model.name` (nil when unnamed).
    public var name: String?
    /// Input and output names as astropy labels them (`x`, `y`, `x0`...); defaults follow astropy.
    public var inputNames: [String]
    public var outputNames: [String]
    /// Valid input range per input, in input order (astropy `bounding_box`, pixel edges such as
    /// (-0.5, 4087.5)); nil when none. Evaluation does not apply it; gwcs does.
    public var boundingBox: [ClosedRange<Double>]?
    /// The explicit inverse, if one was attached (stored in an array for indirection).
    private var explicitInverseStorage: [Transform]

    public init(_ kind: Kind, name: String? = nil) {
        self.kind = kind
        self.name = name
        let names = Self.defaultNames(kind)
        inputNames = names.inputs
        outputNames = names.outputs
        boundingBox = nil
        explicitInverseStorage = []
    }

    /// The inverse attached by the user (astropy `model.inverse = ...`), used in place of the
    /// analytic one.
    public var explicitInverse: Transform? {
        get { explicitInverseStorage.first }
        set { explicitInverseStorage = newValue.map { [$0] } ?? [] }
    }

    /// This transform with `inverse` attached as its explicit inverse.
    public func withInverse(_ inverse: Transform) throws(TransformError) -> Transform {
        guard inverse.inputCount == outputCount, inverse.outputCount == inputCount else {
            throw .arityMismatch(context: "inverse of \(description)", expected: outputCount, got: inverse.inputCount)
        }
        var copy = self
        copy.explicitInverse = inverse
        return copy
    }

    /// This transform with a bounding box (one closed interval per input, in input order).
    public func withBoundingBox(_ box: [ClosedRange<Double>]) throws(TransformError) -> Transform {
        guard box.count == inputCount else {
            throw .arityMismatch(context: "bounding box of \(description)", expected: inputCount, got: box.count)
        }
        var copy = self
        copy.boundingBox = box
        return copy
    }

    /// This transform named `name`.
    public func named(_ name: String) -> Transform {
        var copy = self
        copy.name = name
        return copy
    }

    // MARK: Constructors

    public static func identity(_ n: Int) -> Transform { Transform(.identity(n)) }
    public static func shift(_ offset: Double) -> Transform { Transform(.shift(offset)) }
    public static func scale(_ factor: Double) -> Transform { Transform(.scale(factor)) }
    /// astropy `Mapping(mapping, n_inputs=inputs)`; `inputs` defaults to max(mapping) + 1.
    public static func mapping(_ mapping: [Int], inputs: Int? = nil) -> Transform {
        Transform(.mapping(mapping, inputs: inputs ?? ((mapping.max() ?? -1) + 1)))
    }
    /// astropy `AffineTransformation2D(matrix, translation)`.
    public static func affine(matrix: [[Double]], translation: [Double] = [0, 0]) -> Transform {
        Transform(.affine(matrix: matrix, translation: translation))
    }
    public static func polynomial(_ p: Polynomial2D) -> Transform { Transform(.polynomial(p)) }
    /// astropy `RotationSequence3D(angles, axes_order)`, angles in degrees.
    public static func rotationSequence(_ angles: [Double], axesOrder: String) throws(TransformError) -> Transform {
        Transform(.rotationSequence(try RotationSequence3D(angles: angles, axesOrder: axesOrder)))
    }
    /// gwcs `SphericalToCartesian(wrap_lon_at=wrapLonAt)`; `wrapLonAt` is 180 or 360.
    public static func sphericalToCartesian(wrapLonAt: Int = 360) throws(TransformError) -> Transform {
        try checkWrap(wrapLonAt)
        return Transform(.sphericalToCartesian(wrapLonAt: wrapLonAt))
    }
    /// gwcs `CartesianToSpherical(wrap_lon_at=wrapLonAt)`; `wrapLonAt` is 180 or 360.
    public static func cartesianToSpherical(wrapLonAt: Int = 360) throws(TransformError) -> Transform {
        try checkWrap(wrapLonAt)
        return Transform(.cartesianToSpherical(wrapLonAt: wrapLonAt))
    }

    static func checkWrap(_ wrap: Int) throws(TransformError) {
        guard SphericalCartesian.allowedWraps.contains(wrap) else {
            throw .invalidParameter("wrap_lon_at must be 180 or 360, not \(wrap)")
        }
    }

    /// astropy `left | right`.
    public static func | (left: Transform, right: Transform) -> Transform { Transform(.compose(left, right)) }
    /// astropy `left & right`.
    public static func & (left: Transform, right: Transform) -> Transform { Transform(.concatenate(left, right)) }
    /// astropy `left / right` (element-wise on outputs; both take the same inputs).
    public static func / (left: Transform, right: Transform) -> Transform { Transform(.arithmetic(.divide, left, right)) }
    /// astropy `Const1D(value)`.
    public static func constant(_ value: Double) -> Transform { Transform(.constant(value, dimensions: 1)) }
    /// astropy `Rotation2D(angle)`, degrees.
    public static func rotation2D(_ angle: Double) -> Transform { Transform(.rotation2D(angle)) }

    // MARK: Arity

    /// Number of inputs (astropy `n_inputs`).
    public var inputCount: Int {
        switch kind {
        case .identity(let n): n
        case .shift, .scale, .polynomial1D: 1
        case .affine, .polynomial, .sphericalToCartesian, .rotation2D, .gnomonic, .skyRotation, .fitsImaging: 2
        case .cartesianToSpherical: 3
        case .rotationSequence(let r): r.spherical ? 2 : 3
        case .mapping(_, let inputs): inputs
        case .constant(_, let dimensions): dimensions
        case .compose(let a, _), .arithmetic(_, let a, _): a.inputCount
        case .concatenate(let a, let b): a.inputCount + b.inputCount
        }
    }

    /// Number of outputs (astropy `n_outputs`).
    public var outputCount: Int {
        switch kind {
        case .identity(let n): n
        case .shift, .scale, .polynomial, .polynomial1D, .constant: 1
        case .affine, .cartesianToSpherical, .rotation2D, .gnomonic, .skyRotation, .fitsImaging: 2
        case .sphericalToCartesian: 3
        case .rotationSequence(let r): r.spherical ? 2 : 3
        case .mapping(let m, _): m.count
        case .compose(_, let b): b.outputCount
        case .arithmetic(_, let a, _): a.outputCount
        case .concatenate(let a, let b): a.outputCount + b.outputCount
        }
    }
}

extension Transform: CustomStringConvertible {
    /// astropy-like notation: `(Shift(-2043.5) & Shift(-2043.5)) | Mapping([0, 1, 0, 1])`.
    public var description: String {
        switch kind {
        case .identity(let n): "Identity(\(n))"
        case .shift(let o): "Shift(\(o))"
        case .scale(let f): "Scale(\(f))"
        case .affine(let m, let t): "AffineTransformation2D(\(m), \(t))"
        case .mapping(let m, let n): "Mapping(\(m), n_inputs=\(n))"
        case .polynomial(let p): "Polynomial2D(\(p.degree))"
        case .rotationSequence(let r):
            "\(r.spherical ? "SphericalRotationSequence" : "RotationSequence3D")(\(r.angles), axes_order='\(r.axesOrder)')"
        case .sphericalToCartesian(let w): "SphericalToCartesian(wrap_lon_at=\(w))"
        case .cartesianToSpherical(let w): "CartesianToSpherical(wrap_lon_at=\(w))"
        case .compose(let a, let b): "(\(a) | \(b))"
        case .concatenate(let a, let b): "(\(a) & \(b))"
        case .arithmetic(let op, let a, let b): "(\(a) \(op.symbol) \(b))"
        case .constant(let v, let n): "Const\(n)D(\(v))"
        case .polynomial1D(let p): "Polynomial1D(\(p.degree))"
        case .rotation2D(let angle): "Rotation2D(\(angle))"
        case .gnomonic(let d): d == .pix2sky ? "Pix2Sky_Gnomonic()" : "Sky2Pix_Gnomonic()"
        case .skyRotation(let r):
            switch r.direction {
            case .nativeToCelestial: "RotateNative2Celestial(\(r.phi), \(r.theta), \(r.psi))"
            case .celestialToNative: "RotateCelestial2Native(\(r.phi), \(r.theta), \(r.psi))"
            case .euler(let axes): "EulerAngleRotation(\(r.phi), \(r.theta), \(r.psi), '\(axes)')"
            }
        case .fitsImaging(let f): "FITSImagingWCSTransform(crpix=\(f.crpix), crval=\(f.crval))"
        }
    }
}
