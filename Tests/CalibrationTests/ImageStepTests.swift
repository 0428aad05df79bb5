import Arrays
import Foundation
import Testing
@testable import Calibration
@testable import Simulation
import WFI

@Suite struct ImageStepTests {
    static let fixture = try! SimulatedExposureFixture(size: 64)

    /// A 4 x 4 science image (6 x 6 frame with a 1-pixel border) with known values.
    func image() throws -> CalibratedImage {
        func array(_ value: Float) throws -> TypedArray<Float> { try TypedArray<Float>(shape: [6, 6], repeating: value) }
        let fit = RampFitResult(slope: try array(10), varPoisson: try array(4), varReadNoise: try array(1), err: try array(5.0.squareRoot().f),
                                chisq: try array(1), dumo: try array(0.5), dq: try TypedArray<UInt32>(shape: [6, 6]),
                                groupDQ: try TypedArray<UInt8>(shape: [2, 6, 6]))
        return try CalibratedImage(trimming: fit, border: 1)
    }

    @Test func darkIsSubtractedWithoutErrorTerm() throws {
        var image = try image()
        var dark = try TypedArray<Float>(shape: [6, 6], repeating: 0.25)
        dark[flat: 1 * 6 + 1] = 3
        var dq = try TypedArray<UInt32>(shape: [6, 6])
        dq[flat: 2 * 6 + 2] = PixelFlags.hot.rawValue
        try DarkCurrentSubtraction.apply(to: &image, darkSlope: dark, darkDQ: dq, border: 1)
        #expect(image.shape == [4, 4])
        #expect(image.data[flat: 0] == 7 && image.data[flat: 1] == 9.75)
        #expect(image.dq[flat: 1 * 4 + 1] == PixelFlags.hot.rawValue && image.err[flat: 0] == 5.0.squareRoot().f)
        #expect(throws: CalibrationError.self) {
            try DarkCurrentSubtraction.apply(to: &image, darkSlope: try TypedArray<Float>(shape: [8, 8]), darkDQ: dq, border: 1)
        }
    }

    @Test func flatDividesAndFlagsMissingValues() throws {
        var image = try image()
        var flat = try TypedArray<Float>(shape: [4, 4], repeating: 2)
        flat[flat: 1] = .nan
        flat[flat: 2] = 0
        let flatError = try TypedArray<Float>(shape: [4, 4], repeating: 0.1)
        try FlatFieldCorrection.apply(to: &image, flat: flat, flatError: flatError, flatDQ: try TypedArray<UInt32>(shape: [4, 4]),
                                      includeFlatVariance: true)
        #expect(image.data[flat: 0] == 5 && image.dumo[flat: 0] == 0.25 && image.varPoisson[flat: 0] == 1 && image.varReadNoise[flat: 0] == 0.25)
        // var_flat = S² σ_f² / f² with S the corrected rate: 25 · 0.01 / 4.
        let varFlat = try #require(image.varFlat)
        #expect(abs(varFlat[flat: 0] - 0.0625) < 1e-6)
        #expect(abs(image.err[flat: 0] - (5.0 / 4 + 0.0625).squareRoot().f) < 1e-6)
        for i in [1, 2] {
            #expect(image.dq[flat: i] == PixelFlags.noFlatField.rawValue && image.data[flat: i] == 10)
        }
        #expect(throws: CalibrationError.self) {
            try FlatFieldCorrection.apply(to: &image, flat: try TypedArray<Float>(shape: [6, 6]), flatError: flatError,
                                          flatDQ: try TypedArray<UInt32>(shape: [4, 4]))
        }
    }

    @Test func photometryComesFromTheFiltersTable() throws {
        let library = try ReferenceLibrary(directory: Self.fixture.references)
        let photom = try library.reference("photom", detector: try Detector(number: 3), element: .f158, time: nil)
        let values = try #require(PhotometricConversion.photometry(from: photom, element: .f158))
        let expected = FilterProperties.of(.f158)!.megajanskyPerSteradian(gain: 2, pixelAreaSteradians: PixelScale.nominalAreaSteradians)
        #expect(abs(values["conversion_megajanskys"]! / expected - 1) < 1e-12)
        #expect(values["pixel_area"] == PixelScale.nominalAreaSteradians)
        #expect(PhotometricConversion.photometry(from: photom, element: .grism) == nil)
    }

    @Test func wcsInputsReproduceTheSimulatedSky() throws {
        let fixture = Self.fixture
        let library = try ReferenceLibrary(directory: fixture.references)
        let distortion = try library.reference("distortion", detector: try Detector(number: 3), element: .f158, time: nil)
        let input = try ExposureInput(path: fixture.l1)
        let wcs = try WCSInputs(distortionReference: distortion, meta: input.product.model)
        let view = try fixture.simulation.projection(exposure: 1, detector: 3)
        for (x, y) in [(0.0, 0.0), (30.5, 12.25), (55.0, 55.0)] {
            let ours = try wcs.sky(x: x, y: y), truth = view.sky(x: x, y: y)
            #expect(SphericalOffset.separation(ours.ra, ours.dec, truth.ra, truth.dec) * 3.6e6 < 0.01, "(\(x), \(y))")
        }
        let region = try wcs.sRegion(columns: 56, rows: 56)
        #expect(region == input.product.model.meta("wcsinfo/s_region")?.stringValue)
    }
}

extension Double {
    var f: Float { Float(self) }
}
