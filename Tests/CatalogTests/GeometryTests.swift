#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import Catalog

/// The exact pixel-overlap geometry, the Gaussian kernel, the splines and the small solvers.
@Suite struct GeometryTests {
    /// Overlaps of a circle with the pixel grid add up to πr², for any centre and radius.
    @Test(arguments: [(0.3, 0.1, 0.7), (10.25, 3.5, 2.2), (0.0, 0.0, 5.0), (0.5, 0.5, 0.4)])
    func circleOverlapsSumToTheArea(centre: (Double, Double, Double)) {
        let (cx, cy, r) = centre
        var total = 0.0
        for y in -10...20 { for x in -10...20 { total += PixelOverlap.circle(dx: Double(x) - cx, dy: Double(y) - cy, radius: r) } }
        #expect(abs(total - .pi * r * r) < 1e-9, "\(total) vs \(Double.pi * r * r)")
    }

    @Test func ellipseOverlapsSumToTheArea() {
        let (a, b, theta) = (4.3, 1.7, 0.6)
        var total = 0.0
        for y in -10...10 { for x in -10...10 {
            total += PixelOverlap.ellipse(dx: Double(x) - 0.2, dy: Double(y) + 0.35, a: a, b: b, cosTheta: cos(theta), sinTheta: sin(theta))
        } }
        #expect(abs(total - .pi * a * b) < 1e-9)
        // A circle as an ellipse gives the circle's overlaps.
        for (dx, dy) in [(0.0, 0.0), (1.2, -0.7), (2.5, 0.5)] {
            let e = PixelOverlap.ellipse(dx: dx, dy: dy, a: 2, b: 2, cosTheta: 1, sinTheta: 0)
            #expect(abs(e - PixelOverlap.circle(dx: dx, dy: dy, radius: 2)) < 1e-12)
        }
    }

    /// photutils' `make_2dgaussian_kernel(2.0, size=7)`: sums to 1, its central value.
    @Test func gaussianKernelMatchesPhotutils() {
        let kernel = GaussianKernel(fwhm: 2.0)
        #expect(kernel.size == 7)
        #expect(abs(kernel.taps.reduce(0, +) - 1) < 1e-6)
        // photutils: make_2dgaussian_kernel(2.0, size=7).array[3, 3] = 0.19730103400789623
        #expect(abs(kernel.value(dx: 0, dy: 0) - 0.197301034) < 1e-6, "\(kernel.value(dx: 0, dy: 0))")
    }

    /// The interpolating spline passes through its knots, and the not-a-knot curve reproduces a cubic.
    @Test func encircledEnergySplineInterpolates() {
        let radii = [0.5, 1.0, 1.7, 2.5, 4.0, 6.0]
        let cubic = { (r: Double) in 0.1 + 0.05 * r + 0.02 * r * r - 0.001 * r * r * r }
        let ee = EncircledEnergy(radii: radii, fractions: radii.map(cubic))
        for r in radii { #expect(abs(ee.fraction(at: r) - cubic(r)) < 1e-12) }
        for r in [0.7, 2.2, 5.1] { #expect(abs(ee.fraction(at: r) - cubic(r)) < 1e-10) }
        #expect(ee.fraction(at: 9) == cubic(6) && ee.fraction(at: 0.1) == cubic(0.5))
    }

    /// Cubic B-spline resizing reproduces a constant and interpolates a linear ramp between centres.
    @Test func meshResizeIsASpline() {
        let mesh = MeshGrid(rows: 3, columns: 4, values: (0..<12).map { Double($0 % 4) * 2 + Double($0 / 4) })
        let image = mesh.resized(height: 30, width: 40, box: (10, 10))
        // Box centres are at 4.5, 14.5, ...: halfway between the first two centres of row 0 the value is 1.
        #expect(abs(Double(image[10, 4]) - 1) < 0.05)
        let flat = MeshGrid(rows: 2, columns: 2, values: [5, 5, 5, 5]).resized(height: 7, width: 9, box: (4, 5))
        #expect(flat.pixels.allSatisfy { $0 == 5 })
    }

    /// The sigma-clipped median and MAD of a set with outliers (numpy/astropy values).
    @Test func sigmaClipDropsOutliers() {
        var values: [Float] = (0..<1000).map { Float(sin(Double($0)) * 2) } + [100, -80, 55, Float.nan]
        let s = SigmaClippedStatistics()(&values)!
        #expect(s.count == 1000)
        #expect(abs(s.median) < 0.05)
    }

    @Test func levenbergMarquardtFitsAGaussian() {
        let xs = (0..<40).map { Double($0) * 0.25 }
        let truth = [3.0, 4.2, 1.3]
        let data = xs.map { truth[0] * exp(-($0 - truth[1]) * ($0 - truth[1]) / (2 * truth[2] * truth[2])) }
        let solution = LevenbergMarquardt().minimize(parameters: [2, 3.5, 1]) { p, jacobian in
            var r: [Double] = [], j = [[Double]](repeating: [], count: 3)
            for (x, d) in zip(xs, data) {
                let g = exp(-(x - p[1]) * (x - p[1]) / (2 * p[2] * p[2]))
                r.append(d - p[0] * g)
                if jacobian {
                    j[0].append(g)
                    j[1].append(p[0] * g * (x - p[1]) / (p[2] * p[2]))
                    j[2].append(p[0] * g * (x - p[1]) * (x - p[1]) / (p[2] * p[2] * p[2]))
                }
            }
            return (r, j)
        }
        #expect(solution.converged)
        for k in 0..<3 { #expect(abs(solution.parameters[k] - truth[k]) < 1e-6) }
    }

    /// 8-connected labelling numbers components by their first pixel in raster order.
    @Test func connectedComponentsInRasterOrder() {
        let grid = [
            0, 1, 0, 0, 1,
            1, 0, 0, 1, 0,
            0, 0, 0, 0, 0,
            1, 1, 0, 0, 1,
        ]
        let (labels, count) = ConnectedComponents.label(width: 5, height: 4) { grid[$0] == 1 }
        #expect(count == 4)
        #expect(labels == [0, 1, 0, 0, 2, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 4])
    }
}

/// The sorted-run MAD equals the MAD computed by brute force.
@Suite struct SigmaClipTests {
    @Test(arguments: [7, 8, 101, 1000, 4097])
    func medianAbsoluteDeviationIsExact(count: Int) {
        var state: UInt64 = UInt64(count)
        var values = (0..<count).map { _ -> Float in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Double(state >> 11) / Double(1 << 53) * 10 - 3)
        }
        values.sort()
        let median = values.withUnsafeBufferPointer { SigmaClippedStatistics.median($0, 0, count) }
        let mad = values.withUnsafeBufferPointer { SigmaClippedStatistics.medianAbsoluteDeviation($0, 0, count, median) }
        let deviations = values.map { abs(Double($0) - median) }.sorted()
        let expected = count % 2 == 1 ? deviations[count / 2] : (deviations[count / 2 - 1] + deviations[count / 2]) / 2
        #expect(mad == expected)
    }
}
