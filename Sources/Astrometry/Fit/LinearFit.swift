import Foundation

/// A fitted linear map of the plane, p' = matrix·p + shift (arcsec in the alignment's tangent
/// plane), with its quality, and the derived quantities tweakwcs reports (`linearfit._build_fit`):
/// rotation angles in its convention (matrix = s·[[cos θ, sin θ], [−sin θ, cos θ]], so θ > 0
/// turns the image clockwise), scales and skew.
public struct LinearFit: Sendable, Equatable {
    public var geometry: FitGeometry
    /// Row-major 2x2.
    public var matrix: [[Double]]
    public var shift: SIMD2<Double>
    /// The mean image position of the fitted pairs (tweakwcs `center`), arcsec.
    public var center: SIMD2<Double>
    /// Root-mean-square and mean absolute residual of the pairs used, arcsec.
    public var rmse: Double
    public var mae: Double
    /// Pairs used after clipping, and clipping iterations that removed pairs.
    public var used: Int
    public var clipIterations: Int

    /// The map applied to one point.
    public func apply(_ p: SIMD2<Double>) -> SIMD2<Double> {
        SIMD2(matrix[0][0] * p.x + matrix[0][1] * p.y, matrix[1][0] * p.x + matrix[1][1] * p.y) + shift
    }

    var determinant: Double { matrix[0][0] * matrix[1][1] - matrix[0][1] * matrix[1][0] }

    /// tweakwcs `proper_rot`: the rotation as if proper, degrees.
    public var properRotation: Double {
        let s = abs(determinant).squareRoot()
        let sign: Double = determinant < 0 ? -1 : 1
        return atan2((matrix[0][1] - sign * matrix[1][0]) / s, (matrix[0][0] + sign * matrix[1][1]) / s) * 180 / .pi
    }

    /// tweakwcs `<scale>`: √|det|.
    public var scale: Double { abs(determinant).squareRoot() }

    /// The turn of the sky this fit applies, as the change of position angles (east of north
    /// positive), arcsec. With ξ east and η north a position-angle increase is a clockwise turn of
    /// the plane, which is tweakwcs's positive `proper_rot`.
    public var rotationArcsec: Double { properRotation * 3600 }
}
