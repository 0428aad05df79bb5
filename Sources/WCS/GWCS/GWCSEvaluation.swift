extension GWCS {
    /// World coordinates of a pixel (gwcs `wcs(x, y)` with `with_bounding_box=True`): NaN for
    /// every output when the pixel is outside the bounding box (edges included in the box).
    /// For the Roman L2 WCS: (x, y) pixels -> (RA, Dec) degrees, RA in [0, 360).
    public func evaluate(_ pixel: [Double]) throws(GWCSError) -> [Double] {
        var point = pixel
        for (i, step) in steps.dropLast().enumerated() {
            guard let t = step.transform else { continue }
            guard point.count == t.inputCount else { throw .arityMismatch(step: i, expected: point.count, got: t.inputCount) }
            if i == 0, !Self.inside(point, boundingBox) {
                return Array(repeating: .nan, count: try forwardTransform.outputCount)
            }
            do { point = try t.evaluate(point) } catch { throw .transform(error) }
        }
        return point
    }

    /// The pixel of world coordinates (gwcs `wcs.invert(ra, dec)`): the step transforms
    /// inverted in reverse order (explicit inverses where attached, else analytic); NaN when
    /// the pixel falls outside the bounding box. Throws `.transform(.noInverse)` when a step has
    /// no inverse (gwcs would then iterate numerically).
    public func invert(_ world: [Double]) throws(GWCSError) -> [Double] {
        let backward: Transform
        let forward = try forwardTransform
        do { backward = try forward.inverse } catch { throw .transform(error) }
        let pixel: [Double]
        do { pixel = try backward.evaluate(world) } catch { throw .transform(error) }
        return Self.inside(pixel, boundingBox) ? pixel : Array(repeating: .nan, count: pixel.count)
    }

    /// Pixels -> world for many points (each as `evaluate`).
    public func evaluate(_ pixels: [[Double]]) throws(GWCSError) -> [[Double]] {
        var out: [[Double]] = []
        out.reserveCapacity(pixels.count)
        for p in pixels { out.append(try evaluate(p)) }
        return out
    }

    /// Whether every coordinate lies in its interval (no box: always).
    static func inside(_ point: [Double], _ box: [ClosedRange<Double>]?) -> Bool {
        guard let box else { return true }
        return zip(point, box).allSatisfy { $1.contains($0) }
    }
}
