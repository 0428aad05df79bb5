import Arrays
import Testing
@testable import Simulation

@Suite struct ObscuredPupilPSFTests {
    @Test func unobscuredLimitHasTheAiryFirstZero() {
        // With no obscuration the first dark ring is at 1.2197 λ/D (x = 3.8317).
        var psf = ObscuredPupilPSF(wavelength: 1.577)
        psf.oversampling = 1
        let r0 = 3.8317 / Double.pi * psf.diffractionScale
        let e = ObscuredPupilPSF.obscuration
        // The annulus moves the first zero inwards: check it lies between 1.0 and 1.22 λ/D and
        // that the intensity there is a local minimum near zero.
        let radii = stride(from: 0.9 * psf.diffractionScale, through: r0, by: 0.001).map { $0 }
        let minimum = radii.min { psf.intensity(radius: $0) < psf.intensity(radius: $1) }!
        #expect(psf.intensity(radius: minimum) < 1e-4, "obscuration \(e)")
        #expect(minimum < r0 && minimum > 1.0 * psf.diffractionScale)
        #expect(psf.intensity(radius: 0) == 1)
    }

    @Test func stampsAreNormalisedCentredAndWiderInTheRed() throws {
        let blue = try #require(ObscuredPupilPSF(element: .f062))
        let red = try #require(ObscuredPupilPSF(element: .f213))
        #expect(ObscuredPupilPSF(element: .grism) == nil)
        let a = try blue.stamp(radius: 10)
        let b = try red.stamp(radius: 10)
        let sumA = a.elements.reduce(0, +), sumB = b.elements.reduce(0, +)
        #expect(abs(sumA - 1) < 1e-5 && abs(sumB - 1) < 1e-5)
        // The red PSF puts less light in the central pixel.
        #expect(b[flat: 10 * 21 + 10] < a[flat: 10 * 21 + 10])
        // Symmetric about the centre when centred.
        #expect(abs(a[flat: 10 * 21 + 9] - a[flat: 10 * 21 + 11]) < 1e-6)
        // A half-pixel shift moves the centroid by half a pixel.
        let shifted = try red.stamp(radius: 10, dx: 0.5)
        var cx = 0.0
        for y in 0..<21 { for x in 0..<21 { cx += Double(shifted[flat: y * 21 + x]) * Double(x - 10) } }
        #expect(abs(cx - 0.5) < 0.05, "centroid \(cx)")
    }
}
