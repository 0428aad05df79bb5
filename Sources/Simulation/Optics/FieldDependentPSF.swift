#if canImport(Glibc)
import Glibc
#endif
import Arrays
import Dispatch
import Synchronization

/// The point-spread function of one filter across one detector: the obscured-pupil diffraction
/// pattern (`ObscuredPupilPSF`) convolved with a Gaussian whose width grows from the detector
/// centre to its corners (guiding jitter plus a field-dependent aberration term), tabulated at a
/// 3 x 3 grid of detector positions and interpolated bilinearly between them, the scheme of
/// photutils' `GriddedPSFModel` and of the Roman `epsf` reference file.
///
/// Each grid point holds pixel-integrated stamps for 8 x 8 sub-pixel positions of the source. All are cut from one fine image of the PSF sampled every 1/`fineSampling` pixel,
/// so the stamps and the ePSF (`effectivePSF`) are the same function: each stamp sums to 1.
public struct FieldDependentPSF: Sendable {
    /// The diffraction model (its wavelength sets the scale).
    public let optics: ObscuredPupilPSF
    /// Side of the (square) science array, pixels.
    public let detectorSize: Int
    /// Half-size of a stamp, pixels (stamps are 2·radius+1 on a side).
    public let radius: Int
    /// Sub-pixel phases per axis: positions are rendered to within 1/(2·phases) pixel.
    public var phases: Int { Self.fineSampling }
    /// Grid coordinates along x and along y, 0-based pixels of the science array.
    public let gridPositions: [Double]
    /// Gaussian blur, pixels (sigma), of each grid point, row-major (y, x).
    public let blur: [Double]

    /// Samples per pixel of the fine image, which is also the number of stamp phases.
    static let fineSampling = 8

    /// stamps[grid][(py * phases + px) * side * side + sy * side + sx]
    private let stamps: [[Float]]

    /// Blur of the Gaussian at a detector position: `jitter` at the centre rising to
    /// `jitter + aberration` at the corners (quadratic in the distance from the centre).
    public struct BlurModel: Sendable, Hashable {
        /// Sigma at the detector centre, pixels (8 mas of jitter is 0.07 px).
        public var jitter = 0.08
        /// Extra sigma at the corners, pixels.
        public var aberration = 0.15

        public init() {}

        func sigma(x: Double, y: Double, size: Int) -> Double {
            let half = Double(size - 1) / 2
            let rho2 = ((x - half) * (x - half) + (y - half) * (y - half)) / (2 * half * half)
            return jitter + aberration * rho2
        }
    }

    /// Tabulates the PSF of `optics` for a detector of `detectorSize` pixels.
    public init(optics: ObscuredPupilPSF, detectorSize: Int, radius: Int = 45, blurModel: BlurModel = BlurModel()) {
        self.optics = optics
        self.detectorSize = detectorSize
        self.radius = radius
        let size = Double(detectorSize)
        // The epsf reference's 3 x 3 grid sits 5% in from the edges and at the centre.
        gridPositions = [0.051 * size, (size - 1) / 2, 0.949 * size - 1]
        let positions = gridPositions
        blur = positions.flatMap { y in positions.map { x in blurModel.sigma(x: x, y: y, size: detectorSize) } }
        let fine = FineImage(optics: optics, radius: radius + 1)
        let blurs = blur
        let tables = ConcurrentResults<[Float]>(count: blurs.count)
        DispatchQueue.concurrentPerform(iterations: blurs.count) { g in
            tables.store(g, fine.stamps(blur: blurs[g], radius: radius))
        }
        stamps = tables.values
    }

    /// Side of a stamp, pixels.
    public var side: Int { 2 * radius + 1 }

    /// Bilinear weights of the grid points for a source at (x, y).
    func gridWeights(x: Double, y: Double) -> [(index: Int, weight: Float)] {
        func axis(_ v: Double) -> (Int, Double) {
            let g = gridPositions
            let cell = v < g[1] ? 0 : 1
            let t = max(0, min(1, (v - g[cell]) / (g[cell + 1] - g[cell])))
            return (cell, t)
        }
        let (cx, tx) = axis(x), (cy, ty) = axis(y)
        let n = gridPositions.count
        return [
            (cy * n + cx, Float((1 - tx) * (1 - ty))), (cy * n + cx + 1, Float(tx * (1 - ty))),
            ((cy + 1) * n + cx, Float((1 - tx) * ty)), ((cy + 1) * n + cx + 1, Float(tx * ty)),
        ].filter { $0.1 > 0 }
    }

    /// The phase index (0..<phases) of a sub-pixel offset in [-0.5, 0.5): stamp phase p has the
    /// source at -0.5 + (p + 0.5) / phases from the centre of the stamp's central pixel.
    func phase(_ offset: Double) -> Int {
        max(0, min(phases - 1, Int(((offset + 0.5) * Double(phases)).rounded(.down))))
    }

    /// Adds `flux` times the PSF to `image`, a row-major `width` x `height` buffer, centred at
    /// (x, y) of that buffer (0-based; pixel i covers [i - 0.5, i + 0.5)), clipped at the edges.
    /// `position` is where on the detector (science frame) the PSF is evaluated.
    func add(flux: Float, x: Double, y: Double, to image: UnsafeMutableBufferPointer<Float>, width: Int, height: Int,
             position: (x: Double, y: Double)) {
        let cx = Int(x.rounded()), cy = Int(y.rounded())
        let p = phase(y - Double(cy)) * phases + phase(x - Double(cx))
        let side = self.side, plane = side * side
        let x0 = max(0, radius - cx), x1 = min(side, width - cx + radius)
        guard x0 < x1 else { return }
        for (grid, weight) in gridWeights(x: position.x, y: position.y) {
            let scale = flux * weight
            stamps[grid].withUnsafeBufferPointer { s in
                let base = p * plane
                for sy in 0..<side {
                    let iy = cy + sy - radius
                    guard iy >= 0, iy < height else { continue }
                    let row = iy * width + cx - radius
                    for sx in x0..<x1 { image[row + sx] += scale * s[base + sy * side + sx] }
                }
            }
        }
    }

    /// The PSF at detector position (x, y) for a source at the centre of the stamp's central
    /// pixel, cut to ±`radius` pixels and renormalised to sum 1: a convolution kernel for
    /// extended sources. (The four phases around zero offset are averaged, which centres it.)
    public func core(x: Double, y: Double, radius coreRadius: Int) throws -> TypedArray<Float> {
        let r = min(coreRadius, radius), coreSide = 2 * r + 1
        var out = try TypedArray<Float>(shape: [coreSide, coreSide])
        let side = self.side, plane = side * side, middle = phases / 2
        let centred = [(middle - 1) * phases + middle - 1, (middle - 1) * phases + middle,
                       middle * phases + middle - 1, middle * phases + middle]
        out.withUnsafeMutableBufferPointer { buffer in
            for (grid, weight) in gridWeights(x: x, y: y) {
                for p in centred {
                    for sy in 0..<coreSide {
                        for sx in 0..<coreSide {
                            let source = p * plane + (sy + radius - r) * side + sx + radius - r
                            buffer[sy * coreSide + sx] += weight / 4 * stamps[grid][source]
                        }
                    }
                }
            }
            let total = buffer.reduce(0, +)
            for i in buffer.indices { buffer[i] /= total }
        }
        return out
    }

    /// Radii, pixels, enclosing each of `fractions` of the light of a star at the detector
    /// centre (the middle grid point), from the fine image; the light is normalised within the
    /// stamp radius, as the rendered stars are.
    public func encircledEnergyRadii(_ fractions: [Double]) -> [Double] {
        let fine = FineImage(optics: optics, radius: radius)
        return fine.encircledEnergyRadii(blur: blur[blur.count / 2], fractions: fractions)
    }

    /// The effective PSF of every grid point, sampled every 1/`oversample` pixel over
    /// ±`radius` pixels: shape (grid points, 2·radius·oversample+1, same), each the
    /// pixel-integrated PSF at that offset, normalised so that it sums to oversample² (a
    /// flux-1 source; photutils' convention for oversampled ePSFs). This is the `psf` array of
    /// the `epsf` reference file.
    public func effectivePSF(oversample: Int = 4) throws -> TypedArray<Float> {
        precondition(Self.fineSampling % (2 * oversample) == 0, "oversample must divide fineSampling / 2")
        let fine = FineImage(optics: optics, radius: radius + 1)
        let n = 2 * radius * oversample + 1
        var out = try TypedArray<Float>(shape: [blur.count, n, n])
        let blurs = blur
        out.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let target = buffer
            DispatchQueue.concurrentPerform(iterations: blurs.count) { g in
                let values = fine.effectivePSF(blur: blurs[g], radius: radius, oversample: oversample)
                for i in 0..<(n * n) { target[g * n * n + i] = values[i] }
            }
        }
        return out
    }
}

/// Results computed concurrently, one slot per task.
final class ConcurrentResults<Value: Sendable>: Sendable {
    private let slots: Mutex<[Value?]>

    init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }

    func store(_ index: Int, _ value: Value) { slots.withLock { $0[index] = value } }

    var values: [Value] { slots.withLock { $0.map { $0! } } }
}

/// The diffraction pattern point-sampled every 1/fineSampling pixel over ±radius pixels,
/// blurred on demand and integrated over pixels.
private struct FineImage: Sendable {
    let radius: Int
    let count: Int
    let values: [Double]
    static let sampling = FieldDependentPSF.fineSampling

    init(optics: ObscuredPupilPSF, radius: Int) {
        self.radius = radius
        let half = radius * Self.sampling
        count = 2 * half + 1
        // The pattern is radially symmetric: evaluate one octant's radii once per distinct r².
        var values = [Double](repeating: 0, count: count * count)
        let step = 1 / Double(Self.sampling)
        for j in 0...half {
            for i in 0...j {
                let v = optics.intensity(radius: (Double(i * i + j * j)).squareRoot() * step)
                for (a, b) in [(i, j), (j, i)] {
                    for (sa, sb) in [(1, 1), (-1, 1), (1, -1), (-1, -1)] {
                        values[(half + sb * b) * count + half + sa * a] = v
                    }
                }
            }
        }
        self.values = values
    }

    /// The image convolved with a Gaussian of `sigma` pixels (separable, truncated at 4 sigma).
    func blurred(_ sigma: Double) -> [Double] {
        let s = sigma * Double(Self.sampling)
        guard s > 0.05 else { return values }
        let half = Int((4 * s).rounded(.up))
        var kernel = (-half...half).map { exp(-0.5 * Double($0 * $0) / (s * s)) }
        let total = kernel.reduce(0, +)
        kernel = kernel.map { $0 / total }
        var rows = [Double](repeating: 0, count: values.count)
        var out = [Double](repeating: 0, count: values.count)
        let n = count
        for y in 0..<n {
            for x in 0..<n {
                var sum = 0.0
                for k in max(-half, -x)...min(half, n - 1 - x) { sum += kernel[k + half] * values[y * n + x + k] }
                rows[y * n + x] = sum
            }
        }
        for y in 0..<n {
            for x in 0..<n {
                var sum = 0.0
                for k in max(-half, -y)...min(half, n - 1 - y) { sum += kernel[k + half] * rows[(y + k) * n + x] }
                out[y * n + x] = sum
            }
        }
        return out
    }

    /// Summed-area table with a zero first row and column: sat[(y+1)(n+1) + x+1] = Σ v[≤y, ≤x].
    func summedArea(_ v: [Double]) -> [Double] {
        let n = count, m = n + 1
        var sat = [Double](repeating: 0, count: m * m)
        for y in 0..<n {
            var row = 0.0
            for x in 0..<n {
                row += v[y * n + x]
                sat[(y + 1) * m + x + 1] = sat[y * m + x + 1] + row
            }
        }
        return sat
    }

    /// Pixel-integrated stamps for every phase (phases = sampling), each normalised to sum 1.
    /// Phase p puts the source at -0.5 + (p + 0.5)/sampling from the central pixel's centre, so
    /// the sub-pixel midpoints of stamp pixel i (relative to the centre) are at
    /// i + (a - p)/sampling for a in 0..<sampling: a box of fine samples.
    func stamps(blur: Double, radius: Int) -> [Float] {
        let sat = summedArea(blurred(blur))
        let m = count + 1, centre = self.radius * Self.sampling, sampling = Self.sampling
        let side = 2 * radius + 1, plane = side * side
        var out = [Float](repeating: 0, count: sampling * sampling * plane)
        var box = [Double](repeating: 0, count: plane)
        for py in 0..<sampling {
            for px in 0..<sampling {
                var total = 0.0
                for sy in 0..<side {
                    let y0 = centre + (sy - radius) * sampling - py
                    for sx in 0..<side {
                        let x0 = centre + (sx - radius) * sampling - px
                        let sum = sat[(y0 + sampling) * m + x0 + sampling] - sat[y0 * m + x0 + sampling]
                            - sat[(y0 + sampling) * m + x0] + sat[y0 * m + x0]
                        box[sy * side + sx] = sum
                        total += sum
                    }
                }
                let base = (py * sampling + px) * plane
                for i in 0..<plane { out[base + i] = Float(box[i] / total) }
            }
        }
        return out
    }

    /// Radii (pixels) at which the blurred pattern, cut at the image radius, encloses each
    /// fraction, from a cumulative profile in 1/100-pixel bins.
    func encircledEnergyRadii(blur: Double, fractions: [Double]) -> [Double] {
        let v = blurred(blur)
        let n = count, centre = radius * Self.sampling
        let binsPerPixel = 100, bins = radius * binsPerPixel + 1
        var profile = [Double](repeating: 0, count: bins)
        var total = 0.0
        for y in 0..<n {
            for x in 0..<n {
                let dx = Double(x - centre), dy = Double(y - centre)
                let r = (dx * dx + dy * dy).squareRoot() / Double(Self.sampling)
                guard r <= Double(radius) else { continue }
                profile[min(bins - 1, Int(r * Double(binsPerPixel)))] += v[y * n + x]
                total += v[y * n + x]
            }
        }
        var cumulative = 0.0, results = [Double](repeating: Double(radius), count: fractions.count)
        var pending = fractions.enumerated().sorted { $0.element < $1.element }[...]
        for bin in 0..<bins {
            cumulative += profile[bin]
            while let next = pending.first, cumulative >= next.element * total {
                results[next.offset] = Double(bin + 1) / Double(binsPerPixel)
                pending.removeFirst()
            }
        }
        return results
    }

    /// The ePSF at offsets j/oversample (j = -radius·oversample ... +radius·oversample): the
    /// blurred pattern integrated over a pixel centred at each offset by the trapezoid rule on
    /// the fine grid, normalised to sum oversample².
    func effectivePSF(blur: Double, radius: Int, oversample: Int) -> [Float] {
        let v = blurred(blur)
        let n = count, centre = self.radius * Self.sampling, sampling = Self.sampling
        let stride = sampling / oversample, halfBox = sampling / 2
        let weights = (0...sampling).map { $0 == 0 || $0 == sampling ? 0.5 : 1.0 }
        let size = 2 * radius * oversample + 1
        // Integrate along x first, then y.
        var rows = [Double](repeating: 0, count: n * size)
        for y in 0..<n {
            for j in 0..<size {
                let x0 = centre + (j - radius * oversample) * stride - halfBox
                var sum = 0.0
                for a in 0...sampling { sum += weights[a] * v[y * n + x0 + a] }
                rows[y * size + j] = sum
            }
        }
        var out = [Double](repeating: 0, count: size * size)
        var total = 0.0
        for i in 0..<size {
            let y0 = centre + (i - radius * oversample) * stride - halfBox
            for j in 0..<size {
                var sum = 0.0
                for a in 0...sampling { sum += weights[a] * rows[(y0 + a) * size + j] }
                out[i * size + j] = sum
                total += sum
            }
        }
        let scale = Double(oversample * oversample) / total
        return out.map { Float($0 * scale) }
    }
}
