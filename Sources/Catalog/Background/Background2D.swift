import Arrays
/// The background and background-RMS images of photutils' `Background2D` as romancal's
/// source catalog configures it (algorithms.md §5 step 2; photutils 3.0
/// `background/background_2d.py`):
///
/// 1. The image is cut into boxes of `boxSize` (the last row and column of boxes may be
///    partial). In each, the unmasked finite values are sigma-clipped (3σ, MAD-based σ, 5
///    iterations); the background is their median, the RMS their standard deviation. A box
///    with no more than (1 − excludePercentile/100)·boxSize² values left is void.
/// 2. Void boxes get the inverse-distance-weighted mean of the 10 nearest good boxes
///    (Shepard 1968, photutils `ShepardIDWInterpolator`, power 1).
/// 3. Both meshes are median-filtered over 3 x 3 boxes (ignoring what lies outside).
/// 4. The meshes are resized to the image by cubic B-spline interpolation, box centres as
///    samples, half-sample symmetric edges (scipy `zoom(order=3, mode='reflect',
///    grid_mode=True)`), clipped to the mesh range; masked pixels get 0.
public struct Background2D: Sendable {
    public var boxSize: Int
    public var excludePercentile = 10.0
    public var filterSize = 3

    public init(boxSize: Int) { self.boxSize = boxSize }

    /// The estimated background and RMS, each the size of `data`.
    public struct Estimate: Sendable {
        /// The background mesh, resampled on demand (`background`, `subtract(from:mask:)`).
        let level: MeshGrid
        /// The background RMS mesh, resampled on demand (`rms(mask:)`, `pixelsAbove`).
        let noise: MeshGrid
        /// The image's size.
        public var width: Int
        public var height: Int
        /// Mesh boxes along y and x and the box size used.
        public var meshShape: (rows: Int, columns: Int)
        public var boxSize: (y: Int, x: Int)

        /// The background image, 0 at masked pixels.
        public func background(mask: [Bool]) -> Raster<Float> {
            level.resized(height: height, width: width, box: boxSize, mask: mask)
        }

        /// The background RMS image, 0 at masked pixels.
        public func rms(mask: [Bool]) -> Raster<Float> {
            noise.resized(height: height, width: width, box: boxSize, mask: mask)
        }

        /// Whether each pixel of `image` is unmasked and strictly above `scale` × the background
        /// RMS (photutils' detection threshold), computed row by row without the RMS image.
        public func pixelsAbove(_ image: Raster<Float>, scale: Float, mask: [Bool]) -> [Bool] {
            let resampler = noise.resampler(width: width, box: boxSize)
            let width = width
            var above = [Bool](repeating: false, count: width * height)
            above.withUnsafeMutableBufferPointer { a in
                nonisolated(unsafe) let a = a
                image.pixels.withUnsafeBufferPointer { d in
                    nonisolated(unsafe) let d = d
                    mask.withUnsafeBufferPointer { m in
                        nonisolated(unsafe) let m = m
                        resampler.forEachRow(height: height) { y, t in
                            let base = y * width
                            for x in 0..<width { a[base + x] = !m[base + x] && d[base + x] > scale * t[x] }
                        }
                    }
                }
            }
            return above
        }

        /// Subtracts the background from the unmasked pixels of `data` (row by row, without
        /// making the full background image).
        public func subtract(from data: inout Raster<Float>, mask: [Bool]) {
            let resampler = level.resampler(width: data.width, box: boxSize)
            let width = data.width
            data.pixels.withUnsafeMutableBufferPointer { p in
                nonisolated(unsafe) let p = p
                mask.withUnsafeBufferPointer { m in
                    nonisolated(unsafe) let m = m
                    resampler.forEachRow(height: height) { y, b in
                        let base = y * width
                        for x in 0..<width where !m[base + x] { p[base + x] -= b[x] }
                    }
                }
            }
        }
    }

    /// romancal's `RomanBackground`: the estimate with square boxes of `boxSize`, or, when that
    /// fails (a box larger than the image, or every box void), one box covering the whole image
    /// with nothing excluded. nil when no pixel is usable.
    public static func romancal(_ data: Raster<Float>, mask: [Bool], boxSize: Int) -> Estimate? {
        var estimator = Background2D(boxSize: boxSize)
        if boxSize <= min(data.width, data.height), let estimate = estimator.estimate(data, mask: mask) {
            return estimate
        }
        estimator.excludePercentile = 100
        return estimator.estimate(data, mask: mask, box: (data.height, data.width))
    }

    /// The estimate with square boxes (nil when every box is void).
    public func estimate(_ data: Raster<Float>, mask: [Bool]) -> Estimate? {
        estimate(data, mask: mask, box: (boxSize, boxSize))
    }

    func estimate(_ data: Raster<Float>, mask: [Bool], box: (y: Int, x: Int)) -> Estimate? {
        let (height, width) = (data.height, data.width)
        let rows = (height + box.y - 1) / box.y, columns = (width + box.x - 1) / box.x
        let threshold = (1 - excludePercentile / 100) * Double(box.y * box.x)
        let clip = SigmaClippedStatistics()
        // Boxes in a few batches per core, each batch reusing its value and sort buffers.
        var stats = [(Double, Double)](repeating: (.nan, .nan), count: rows * columns)
        stats.withUnsafeMutableBufferPointer { s in
            nonisolated(unsafe) let out = s
            data.pixels.withUnsafeBufferPointer { d in
                nonisolated(unsafe) let d = d
                mask.withUnsafeBufferPointer { m in
                    nonisolated(unsafe) let m = m
                    Parallel.batches(rows * columns) { cells in
                        let capacity = box.y * box.x
                        var values = [Float](repeating: 0, count: capacity)
                        var buffers = FloatRadixSort.Buffers()
                        for cell in cells {
                            let (j, i) = (cell / columns, cell % columns)
                            if values.count < capacity { values.append(contentsOf: repeatElement(0, count: capacity - values.count)) }
                            let n = values.withUnsafeMutableBufferPointer { v in
                                var n = 0
                                for y in (j * box.y)..<min((j + 1) * box.y, height) {
                                    let row = y * width
                                    for x in (i * box.x)..<min((i + 1) * box.x, width) where !m[row + x] { v[n] = d[row + x]; n += 1 }
                                }
                                return n
                            }
                            values.removeLast(capacity - n)
                            if let s = clip(&values, buffers: &buffers), Double(s.count) > threshold { out[cell] = (s.median, s.std) }
                        }
                    }
                }
            }
        }
        guard stats.contains(where: { !$0.0.isNaN }) else { return nil }
        var level = MeshGrid(rows: rows, columns: columns, values: stats.map(\.0))
        var rms = MeshGrid(rows: rows, columns: columns, values: stats.map(\.1))
        level.fillVoids()
        rms.fillVoids()
        if filterSize > 1 {
            level = level.medianFiltered(size: filterSize)
            rms = rms.medianFiltered(size: filterSize)
        }
        return Estimate(level: level, noise: rms, width: width, height: height, meshShape: (rows, columns), boxSize: box)
    }
}

/// A low-resolution mesh of box statistics (NaN for void boxes), row-major.
struct MeshGrid: Sendable {
    let rows: Int
    let columns: Int
    var values: [Double]

    /// Void boxes get the inverse-distance-weighted mean (power 1) of the 10 nearest good boxes
    /// in mesh-index distance (photutils' `ShepardIDWInterpolator` with its defaults).
    mutating func fillVoids(neighbours: Int = 10) {
        let good = values.indices.filter { !values[$0].isNaN }
        guard good.count < values.count, !good.isEmpty else { return }
        let k = min(neighbours, good.count)
        var filled = values
        for cell in values.indices where values[cell].isNaN {
            let (y, x) = (Double(cell / columns), Double(cell % columns))
            let nearest = good.map { g -> (Double, Double) in
                let dy = Double(g / columns) - y, dx = Double(g % columns) - x
                return ((dy * dy + dx * dx).squareRoot(), values[g])
            }.sorted { $0.0 < $1.0 }.prefix(k)
            var weighted = 0.0, total = 0.0
            for (distance, value) in nearest {
                let w = 1 / distance
                weighted += w * value
                total += w
            }
            filled[cell] = weighted / total
        }
        values = filled
    }

    /// The median over size x size boxes, cells outside the mesh ignored (scipy
    /// `generic_filter(nanmedian, mode='constant', cval=nan)`).
    func medianFiltered(size: Int) -> MeshGrid {
        let half = size / 2
        var out = values
        for y in 0..<rows {
            for x in 0..<columns {
                var window: [Double] = []
                for yy in max(0, y - half)...min(rows - 1, y + half) {
                    for xx in max(0, x - half)...min(columns - 1, x + half) where !values[yy * columns + xx].isNaN {
                        window.append(values[yy * columns + xx])
                    }
                }
                guard !window.isEmpty else { out[y * columns + x] = .nan; continue }
                window.sort()
                let n = window.count
                out[y * columns + x] = n % 2 == 1 ? window[n / 2] : (window[n / 2 - 1] + window[n / 2]) / 2
            }
        }
        return MeshGrid(rows: rows, columns: columns, values: out)
    }

    /// The mesh upsampled by `box` with a cubic B-spline through the box centres (Unser 1999,
    /// "Splines: a perfect fit"), half-sample symmetric at the edges, cropped to height x width
    /// and clipped to the mesh's range; constant when the mesh is. Masked pixels get 0.
    func resized(height: Int, width: Int, box: (y: Int, x: Int), mask: [Bool]? = nil) -> Raster<Float> {
        let resampler = resampler(width: width, box: box)
        var out = Raster<Float>(width: width, height: height, repeating: 0)
        out.pixels.withUnsafeMutableBufferPointer { o in
            nonisolated(unsafe) let target = o
            Parallel.chunks(height, minimumChunk: 64) { range in
                for y in range {
                    let row = UnsafeMutableBufferPointer(rebasing: target[(y * width)..<((y + 1) * width)])
                    resampler.row(y, into: row)
                    if let mask { for x in 0..<width where mask[y * width + x] { row[x] = 0 } }
                }
            }
        }
        return out
    }

    /// The upsampling of this mesh to rows of `width` pixels.
    func resampler(width: Int, box: (y: Int, x: Int)) -> MeshResampler {
        let low = values.min() ?? 0, high = values.max() ?? 0
        guard high > low else { return MeshResampler(rows: rows, width: width, boxY: box.y, alongX: [], low: low, high: high) }
        // B-spline coefficients: rows first, then columns.
        var coefficients = values
        for y in 0..<rows {
            let row = CubicBSpline.coefficients(Array(coefficients[(y * columns)..<((y + 1) * columns)]))
            for x in 0..<columns { coefficients[y * columns + x] = row[x] }
        }
        for x in 0..<columns {
            let column = CubicBSpline.coefficients((0..<rows).map { coefficients[$0 * columns + x] })
            for y in 0..<rows { coefficients[y * columns + x] = column[y] }
        }
        // Interpolate every coefficient row along x at the output columns.
        let xWeights = (0..<width).map { CubicBSpline.weights(at: (Double($0) + 0.5) / Double(box.x) - 0.5, count: columns) }
        var alongX = [Double](repeating: 0, count: rows * width)
        for y in 0..<rows {
            for x in 0..<width {
                var sum = 0.0
                for (index, weight) in xWeights[x] { sum += weight * coefficients[y * columns + index] }
                alongX[y * width + x] = sum
            }
        }
        return MeshResampler(rows: rows, width: width, boxY: box.y, alongX: alongX, low: low, high: high)
    }
}

/// A mesh's cubic B-spline upsampling, row by row: the spline coefficient rows already
/// interpolated along x, combined along y with four weights per output row.
struct MeshResampler: Sendable {
    let rows: Int
    let width: Int
    let boxY: Int
    /// rows x width values along x (empty when the mesh is constant).
    let alongX: [Double]
    let low: Double
    let high: Double

    /// Calls `body` with every output row y in 0..<height and its values, in bands of rows on
    /// all cores (each band evaluates its rows into a buffer of its own).
    func forEachRow(height: Int, _ body: @Sendable (Int, UnsafeMutableBufferPointer<Float>) -> Void) {
        Parallel.chunks(height, minimumChunk: 64) { range in
            var values = [Float](repeating: 0, count: width)
            values.withUnsafeMutableBufferPointer { buffer in
                for y in range {
                    row(y, into: buffer)
                    body(y, buffer)
                }
            }
        }
    }

    /// Output row `y` into `out` (`width` values), clipped to the mesh's range.
    func row(_ y: Int, into out: UnsafeMutableBufferPointer<Float>) {
        guard !alongX.isEmpty else { out.update(repeating: Float(low)); return }
        let weights = CubicBSpline.weights(at: (Double(y) + 0.5) / Double(boxY) - 0.5, count: rows)
        let (w0, w1, w2, w3) = (weights[0].1, weights[1].1, weights[2].1, weights[3].1)
        let (low, high, width) = (low, high, width)
        alongX.withUnsafeBufferPointer { a in
            let r0 = a.baseAddress! + weights[0].0 * width, r1 = a.baseAddress! + weights[1].0 * width
            let r2 = a.baseAddress! + weights[2].0 * width, r3 = a.baseAddress! + weights[3].0 * width
            for x in 0..<width {
                var sum = 0.0
                sum += w0 * r0[x]
                sum += w1 * r1[x]
                sum += w2 * r2[x]
                sum += w3 * r3[x]
                out[x] = Float(min(max(sum, low), high))
            }
        }
    }
}

/// Cubic B-spline interpolation on a uniform grid with half-sample symmetric extension
/// (… c1 c0 | c0 c1 … cn−1 | cn−1 cn−2 …).
enum CubicBSpline {
    /// The coefficients c with (c[i−1] + 4c[i] + c[i+1])/6 = f[i] (tridiagonal, Thomas algorithm).
    static func coefficients(_ f: [Double]) -> [Double] {
        let n = f.count
        guard n > 1 else { return f }
        var diagonal = [Double](repeating: 4, count: n)
        diagonal[0] = 5
        diagonal[n - 1] = 5
        var rhs = f.map { 6 * $0 }
        for i in 1..<n {
            let m = 1 / diagonal[i - 1]
            diagonal[i] -= m
            rhs[i] -= m * rhs[i - 1]
        }
        var c = [Double](repeating: 0, count: n)
        c[n - 1] = rhs[n - 1] / diagonal[n - 1]
        for i in stride(from: n - 2, through: 0, by: -1) { c[i] = (rhs[i] - c[i + 1]) / diagonal[i] }
        return c
    }

    /// The (index, weight) pairs of the four coefficients that give the spline at `u`.
    static func weights(at u: Double, count n: Int) -> [(Int, Double)] {
        let base = Int((u).rounded(.down))
        return (base - 1...base + 2).map { k in (reflect(k, n), basis(u - Double(k))) }
    }

    /// The cubic B-spline β³(t).
    static func basis(_ t: Double) -> Double {
        let a = abs(t)
        if a < 1 { return 2.0 / 3.0 - a * a + a * a * a / 2 }
        if a < 2 { let b = 2 - a; return b * b * b / 6 }
        return 0
    }

    /// Half-sample symmetric index into 0..<n.
    static func reflect(_ k: Int, _ n: Int) -> Int {
        let period = 2 * n
        var m = k % period
        if m < 0 { m += period }
        return m < n ? m : period - 1 - m
    }
}
