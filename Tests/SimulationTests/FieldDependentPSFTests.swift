import Arrays
import Testing
@testable import Simulation

@Suite struct FieldDependentPSFTests {
    static let psf = FieldDependentPSF(optics: ObscuredPupilPSF(element: .f158)!, detectorSize: 1000, radius: 20)

    /// The fraction of a star's light in its central pixel.
    func peak(_ stamp: TypedArray<Float>) -> Float {
        let side = stamp.shape[0]
        return stamp[flat: (side / 2) * side + side / 2]
    }

    @Test func stampsSumToOneAndCentreOnTheSource() throws {
        let psf = Self.psf
        for (dx, dy) in [(0.0, 0.0), (0.3, -0.2), (-0.45, 0.45)] {
            var image = [Float](repeating: 0, count: 81 * 81)
            image.withUnsafeMutableBufferPointer { buffer in
                psf.add(flux: 1, x: 40 + dx, y: 40 + dy, to: buffer, width: 81, height: 81, position: (500, 500))
            }
            let total = image.reduce(0, +)
            #expect(abs(total - 1) < 1e-5)
            var cx = 0.0, cy = 0.0
            for y in 0..<81 { for x in 0..<81 { cx += Double(image[y * 81 + x]) * Double(x); cy += Double(image[y * 81 + x]) * Double(y) } }
            // Rendered at the nearest of 8 phases: within 1/16 pixel.
            #expect(abs(cx - 40 - dx) < 0.0626 && abs(cy - 40 - dy) < 0.0626, "centroid \(cx), \(cy) for \(dx), \(dy)")
        }
    }

    @Test func thePSFBroadensTowardTheCorners() throws {
        let psf = Self.psf
        let centre = peak(try psf.core(x: 500, y: 500, radius: psf.radius))
        let corner = peak(try psf.core(x: 5, y: 5, radius: psf.radius))
        #expect(psf.blur[4] < psf.blur[0])
        #expect(corner < centre * 0.95, "central-pixel fraction \(centre) at the centre, \(corner) at a corner")
        // Bilinear between grid points: halfway between two grid points, the peak is in between.
        let g = psf.gridPositions
        let between = peak(try psf.core(x: (g[0] + g[1]) / 2, y: g[1], radius: psf.radius))
        let left = peak(try psf.core(x: g[0], y: g[1], radius: psf.radius))
        #expect(between > min(centre, left) && between < max(centre, left))
    }

    @Test func effectivePSFIsNormalisedAndMatchesTheStamps() throws {
        let psf = Self.psf
        let oversample = 4
        let epsf = try psf.effectivePSF(oversample: oversample)
        let n = 2 * psf.radius * oversample + 1
        #expect(epsf.shape == [9, n, n])
        let plane = n * n
        let centreGrid = Array(epsf.elements[(4 * plane)..<(5 * plane)])
        #expect(abs(centreGrid.reduce(0) { $0 + Double($1) } - Double(oversample * oversample)) < 1e-3)
        // Each ePSF sample is the pixel-integrated PSF at that offset (so they sum to
        // oversample²); at whole-pixel offsets it is the stamp of a source at a pixel centre (the
        // average of the four stamp phases around zero offset).
        let stamp = try psf.core(x: psf.gridPositions[1], y: psf.gridPositions[1], radius: psf.radius)
        let side = stamp.shape[0], mid = n / 2
        for (ix, iy) in [(0, 0), (1, 0), (2, 1), (5, 3)] {
            let fromEPSF = Double(centreGrid[(mid + iy * oversample) * n + mid + ix * oversample])
            let fromStamp = Double(stamp[flat: (side / 2 + iy) * side + side / 2 + ix])
            #expect(abs(fromEPSF - fromStamp) < 0.02 * fromStamp + 1e-5, "offset (\(ix), \(iy)): \(fromEPSF) vs \(fromStamp)")
        }
    }

    @Test func encircledEnergyGrowsToTheStampRadius() {
        let psf = Self.psf
        let radii = psf.encircledEnergyRadii([0.1, 0.5, 0.8, 0.99])
        #expect(zip(radii, radii.dropFirst()).allSatisfy { $0 < $1 })
        // Half the light of a 1.58 µm obscured Airy pattern is within ~1 λ/D (1.37 px).
        #expect(radii[1] > 0.6 && radii[1] < 1.6, "\(radii)")
        #expect(radii[3] <= Double(psf.radius))
    }
}
