#if canImport(Glibc)
import Glibc
#endif

/// Exact fractional overlap of unit pixels with circles and ellipses, the 'exact' method of
/// photutils' apertures (the area, not a sub-pixel approximation).
///
/// The area of a convex polygon inside a disc centred on the origin is the sum, over the
/// polygon's edges, of the signed area of the disc inside the triangle (origin, edge start,
/// edge end) (the decomposition of e.g. Chen & Tsai, "Area of intersection of a circle and a
/// polygon"). An ellipse is the unit disc after scaling its axes and rotating, so a pixel is
/// mapped into the ellipse's frame (a parallelogram) and measured against the unit disc; the
/// result times a·b is the area.
enum PixelOverlap {
    /// Fraction of the pixel centred at (dx, dy) from a circle's centre that lies within radius r.
    @inline(__always)
    static func circle(dx: Double, dy: Double, radius r: Double) -> Double {
        let (x0, x1, y0, y1) = (dx - 0.5, dx + 0.5, dy - 0.5, dy + 0.5)
        // Farthest corner inside: the whole pixel is.
        let fx = max(abs(x0), abs(x1)), fy = max(abs(y0), abs(y1))
        if fx * fx + fy * fy <= r * r { return 1 }
        // Nearest point outside: none of it is.
        let nx = x0 > 0 ? x0 : (x1 < 0 ? -x1 : 0), ny = y0 > 0 ? y0 : (y1 < 0 ? -y1 : 0)
        if nx * nx + ny * ny >= r * r { return 0 }
        return polygonInDisc([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], radius: r)
    }

    /// Fraction of the pixel centred at (dx, dy) from an ellipse's centre inside the ellipse of
    /// semi-axes a, b whose a axis is at angle theta (radians, counter-clockwise from +x).
    static func ellipse(dx: Double, dy: Double, a: Double, b: Double, cosTheta c: Double, sinTheta s: Double) -> Double {
        let corners = [(dx - 0.5, dy - 0.5), (dx + 0.5, dy - 0.5), (dx + 0.5, dy + 0.5), (dx - 0.5, dy + 0.5)]
        let mapped = corners.map { (x, y) in ((x * c + y * s) / a, (-x * s + y * c) / b) }
        if mapped.allSatisfy({ $0.0 * $0.0 + $0.1 * $0.1 <= 1 }) { return 1 }
        // The pixel's distance from the centre exceeds the semi-major axis: outside.
        let nx = abs(dx) > 0.5 ? abs(dx) - 0.5 : 0, ny = abs(dy) > 0.5 ? abs(dy) - 0.5 : 0
        if nx * nx + ny * ny >= a * a { return 0 }
        return polygonInDisc(mapped, radius: 1) * a * b
    }

    /// Area of a counter-clockwise convex polygon inside the disc of `radius` about the origin.
    static func polygonInDisc(_ vertices: [(Double, Double)], radius: Double) -> Double {
        var area = 0.0
        for i in vertices.indices {
            let a = vertices[i], b = vertices[(i + 1) % vertices.count]
            area += triangleInDisc(a, b, radius)
        }
        return abs(area)
    }

    /// Signed area of the disc ∩ triangle (origin, a, b).
    static func triangleInDisc(_ a: (Double, Double), _ b: (Double, Double), _ r: Double) -> Double {
        func cross(_ u: (Double, Double), _ v: (Double, Double)) -> Double { u.0 * v.1 - u.1 * v.0 }
        func sector(_ u: (Double, Double), _ v: (Double, Double)) -> Double {
            0.5 * r * r * atan2(cross(u, v), u.0 * v.0 + u.1 * v.1)
        }
        let r2 = r * r
        let aIn = a.0 * a.0 + a.1 * a.1 <= r2, bIn = b.0 * b.0 + b.1 * b.1 <= r2
        if aIn && bIn { return 0.5 * cross(a, b) }
        let d = (b.0 - a.0, b.1 - a.1)
        let qa = d.0 * d.0 + d.1 * d.1
        guard qa > 0 else { return 0 }
        let qb = 2 * (a.0 * d.0 + a.1 * d.1)
        let qc = a.0 * a.0 + a.1 * a.1 - r2
        let disc = qb * qb - 4 * qa * qc
        func point(_ t: Double) -> (Double, Double) { (a.0 + t * d.0, a.1 + t * d.1) }
        if disc <= 0 { return sector(a, b) }
        let root = disc.squareRoot()
        let t1 = (-qb - root) / (2 * qa), t2 = (-qb + root) / (2 * qa)
        if aIn { return 0.5 * cross(a, point(t2)) + sector(point(t2), b) }
        if bIn { return sector(a, point(t1)) + 0.5 * cross(point(t1), b) }
        if t1 > 0 && t2 < 1 {
            let p1 = point(t1), p2 = point(t2)
            return sector(a, p1) + 0.5 * cross(p1, p2) + sector(p2, b)
        }
        return sector(a, b)
    }
}
