import Foundation

extension GWCS {
    /// World coordinates of a pixel (gwcs `wcs(x, y)` with `with_bounding_box=True`): NaN for
    /// every output when the pixel is outside the bounding box (edges included in the box).
    /// For the Roman L2 WCS: (x, y) pixels -> (RA, Dec) degrees, RA in [0, 360).
    public func evaluate(_ pixel: [Double]) throws(GWCSError) -> [Double] {
        let forward = try forwardTransform
        guard pixel.count == forward.inputCount else { throw .arityMismatch(step: 0, expected: pixel.count, got: forward.inputCount) }
        if !Self.inside(pixel, boundingBox) { return Array(repeating: .nan, count: forward.outputCount) }
        do { return try forward.evaluate(pixel) } catch { throw .transform(error) }
    }

    /// Pixels -> world for many points (each as `evaluate`).
    public func evaluate(_ pixels: [[Double]]) throws(GWCSError) -> [[Double]] {
        guard let first = pixels.first else { return [] }
        let columns = try evaluate(columns: (0..<first.count).map { i in pixels.map { $0[i] } })
        return pixels.indices.map { k in columns.map { $0[k] } }
    }

    /// Pixels -> world with one array per coordinate (`columns[0]` all x, `columns[1]` all y):
    /// the fast path for catalogs (each model runs once over all points). NaN outside the box.
    public func evaluate(columns: [[Double]]) throws(GWCSError) -> [[Double]] {
        let forward = try forwardTransform
        var out: [[Double]]
        do { out = try forward.evaluate(columns: columns) } catch { throw .transform(error) }
        if let box = boundingBox {
            for k in 0..<(columns.first?.count ?? 0) where !Self.inside(columns.map { $0[k] }, box) {
                for o in out.indices { out[o][k] = .nan }
            }
        }
        return out
    }

    /// The pixel of world coordinates (gwcs `wcs.invert(ra, dec)`, with_bounding_box=True):
    /// world coordinates outside the range of the footprint's corners become NaN first (gwcs
    /// `outside_footprint`, minding RA wrap-around), then the step transforms are inverted in
    /// reverse order (explicit inverses where attached, else analytic; when some step has
    /// neither, `NumericalInverse` iterates on the forward transform as gwcs's
    /// `numerical_inverse` does), and each pixel coordinate outside its bounding-box interval
    /// becomes NaN on its own (gwcs `out_of_bounds`).
    public func invert(_ world: [Double]) throws(GWCSError) -> [Double] {
        let out = try invert(columns: world.map { [$0] })
        return out.map { $0[0] }
    }

    /// World -> pixels for many points, one array per coordinate (each as `invert`).
    public func invert(columns world: [[Double]]) throws(GWCSError) -> [[Double]] {
        let forward = try forwardTransform
        guard world.count == forward.outputCount else {
            throw .arityMismatch(step: steps.count - 1, expected: forward.outputCount, got: world.count)
        }
        let box = boundingBox
        var world = world
        if let box, let footprint = try footprint(box) { world = Self.outsideFootprint(world, footprint, frame: outputFrame) }
        var pixels: [[Double]]
        do {
            if let backward = try? forward.inverse {
                pixels = try backward.evaluate(columns: world)
            } else {
                pixels = try NumericalInverse(forward: forward, celestial: outputFrame.isCelestial, box: box).solve(columns: world)
            }
        } catch { throw .transform(error) }
        if let box {
            for (i, range) in zip(pixels.indices, box) {
                pixels[i] = pixels[i].map { range.contains($0) ? $0 : .nan }
            }
        }
        return pixels
    }

    /// World coordinates of the bounding box's corners (gwcs `footprint()`): (x0, y0), (x0, y1),
    /// (x1, y1), (x1, y0), each the forward transform without the box; nil without a box.
    public var footprint: [[Double]]? {
        get throws(GWCSError) { try boundingBox.flatMap { (box: [ClosedRange<Double>]) throws(GWCSError) -> [[Double]]? in try footprint(box) } }
    }

    func footprint(_ box: [ClosedRange<Double>]) throws(GWCSError) -> [[Double]]? {
        guard box.count == 2 else { return nil }
        let (x, y) = (box[0], box[1])
        let corners = [[x.lowerBound, y.lowerBound], [x.lowerBound, y.upperBound], [x.upperBound, y.upperBound], [x.upperBound, y.lowerBound]]
        let forward = try forwardTransform
        do { return try forward.evaluate(points: corners) } catch { throw .transform(error) }
    }

    /// gwcs `outside_footprint`: per world axis, values outside [min, max] of the corners become
    /// NaN; on a longitude axis (`pos.eq.ra`, `*.lon`) whose corners span more than 180° the
    /// footprint straddles 0/360 and the excluded range is the gap between the two groups.
    static func outsideFootprint(_ world: [[Double]], _ footprint: [[Double]], frame: Frame) -> [[Double]] {
        var out = world
        for axis in world.indices where axis < (footprint.first?.count ?? 0) {
            let values = footprint.map { $0[axis] }
            guard var low = values.min(), var high = values.max() else { continue }
            let physical = axis < frame.axisPhysicalTypes.count ? frame.axisPhysicalTypes[axis] : ""
            let isLongitude = physical.hasSuffix(".ra") || physical.hasSuffix(".lon")
            if isLongitude, high - low > 180 {
                let middle = 0.5 * (low + high)
                low = values.filter { $0 <= middle }.max() ?? low
                high = values.filter { $0 > middle }.min() ?? high
                out[axis] = out[axis].map { $0 > low && $0 < high ? .nan : $0 }
            } else {
                out[axis] = out[axis].map { $0 < low || $0 > high ? .nan : $0 }
            }
        }
        return out
    }

    /// Whether every coordinate lies in its interval (no box: always).
    static func inside(_ point: [Double], _ box: [ClosedRange<Double>]?) -> Bool {
        guard let box else { return true }
        return zip(point, box).allSatisfy { $1.contains($0) }
    }
}

extension GWCS {
    /// romancal's `meta.wcsinfo.s_region` (assign_wcs `add_s_region`, stcal
    /// `compute_s_region_keyword`): `POLYGON ICRS  ra dec ...` (two spaces, `%.9f`) of the
    /// footprint's corners in gwcs order, RA made positive; nil without a box or with NaNs.
    public var sRegion: String? {
        guard let corners = try? footprint, corners.count == 4, corners.allSatisfy({ $0.count >= 2 }) else { return nil }
        return Self.sRegion(corners: corners.map { ($0[0], $0[1]) })
    }

    /// `s_region` as romancal writes it for a footprint's corners (RA, Dec in degrees, in gwcs'
    /// footprint order): `POLYGON ICRS  ` and the `%.9f` values, RA made positive; nil if any
    /// is not finite.
    public static func sRegion(corners: [(ra: Double, dec: Double)]) -> String? {
        let values = corners.flatMap { [$0.ra < 0 ? $0.ra + 360 : $0.ra, $0.dec] }
        guard values.allSatisfy(\.isFinite) else { return nil }
        return "POLYGON ICRS  " + values.map { String(format: "%.9f", $0) }.joined(separator: " ")
    }
}
