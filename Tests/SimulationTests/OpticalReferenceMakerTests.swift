import Arrays
import Foundation
import ASDF
import Testing
@testable import Simulation
import WFI

@Suite struct OpticalReferenceMakerTests {
    static let psf = FieldDependentPSF(optics: ObscuredPupilPSF(element: .f158)!, detectorSize: 248, radius: 12)

    func maker() throws -> OpticalReferenceMaker {
        OpticalReferenceMaker(wfiDetector: try Detector(number: 4), gain: 2, scienceSize: 248)
    }

    @Test func photomConvertsCountRatesToSurfaceBrightness() throws {
        let model = try maker().photom()
        #expect(model.problems().isEmpty, "\(model.problems().prefix(3))")
        let entry = try #require(model.node[path: "phot_table/F158"])
        let photmjsr = try #require(entry["photmjsr"]?.doubleValue)
        let area = try #require(entry["pixelareasr"]?.doubleValue)
        // 1 DN/s = 2 e/s; a source of 1 e/s has the zero-point magnitude, 3631 Jy·10^(−0.4 ZP).
        let zp = FilterProperties.of(.f158)!.zeropoint
        let expected = 2 * 3631e-6 * pow(10, -0.4 * zp) / area
        #expect(abs(photmjsr / expected - 1) < 1e-9)
        #expect(abs(area - 0.109320191 * 0.10639529 / pow(206_264.806_247, 2)) < 1e-20)
        #expect(model.array("phot_table/F213/effective_area")?.shape == [41])
    }

    @Test func epsfHasTheGridAndTheSpectralTypesRomancalReads() throws {
        let model = try maker().epsf(Self.psf, element: .f158)
        #expect(model.problems().isEmpty, "\(model.problems().prefix(3))")
        let n = 2 * 12 * 4 + 1
        #expect(model.array("psf")?.shape == [1, 3, 9, n, n])
        #expect(model.meta("spectral_type")?.sequenceValue?.compactMap(\.stringValue) == ["A0V", "G2V", "M6V"])
        #expect(model.meta("pixel_x")?.sequenceValue?.count == 9 && model.meta("oversample")?.intValue == 4)
        let psf = try #require(model.array("psf")).typed(Float.self)
        // The G2V plane of the centre grid point sums to oversample².
        let plane = n * n
        let start = (1 * 9 + 4) * plane
        let sum = (start..<(start + plane)).reduce(0.0) { $0 + Double(psf[flat: $1]) }
        #expect(abs(sum - 16) < 1e-3)
    }

    @Test func apcorrRadiiGrowWithTheEnclosedFraction() throws {
        let model = try maker().apcorr(psfs: [.f158: Self.psf])
        #expect(model.problems().isEmpty, "\(model.problems().prefix(3))")
        let radii = try #require(model.array("data/F158/ee_radii")).typed(Double.self).elements
        let corrections = try #require(model.array("data/F158/ap_corrections")).typed(Double.self).elements
        #expect(radii.count == OpticalReferenceMaker.eeFractions.count)
        #expect(zip(radii, radii.dropFirst()).allSatisfy { $0 < $1 })
        #expect(abs(corrections[9] - 1 / 0.5) < 1e-12)
    }
}
