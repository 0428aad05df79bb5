import ASDF
import Foundation
import InteropSupport
import Testing
@testable import Astrometry

/// The pieces of the alignment on synthetic point sets with known answers.
@Suite struct MatchingAndFitTests {
    /// Random points in a 600" square, a reference set = image moved by a known map plus noise,
    /// and extra false points in both.
    static func pointSets(seed: UInt64, count: Int = 300, angle: Double = 20, shift: SIMD2<Double> = SIMD2(2.3, -1.7),
                          noise: Double = 0.01) -> (image: [SIMD2<Double>], reference: [SIMD2<Double>], map: (SIMD2<Double>) -> SIMD2<Double>) {
        var random = SplitMix64(seed: seed)
        let a = angle / 3600 * .pi / 180
        let map = { (p: SIMD2<Double>) in SIMD2(cos(a) * p.x - sin(a) * p.y, sin(a) * p.x + cos(a) * p.y) + shift }
        let image = (0..<count).map { _ in SIMD2(Double.random(in: -300...300, using: &random), Double.random(in: -300...300, using: &random)) }
        var reference = image.map { map($0) + SIMD2(Double.random(in: -noise...noise, using: &random), Double.random(in: -noise...noise, using: &random)) }
        reference += (0..<count / 2).map { _ in SIMD2(Double.random(in: -300...300, using: &random), Double.random(in: -300...300, using: &random)) }
        return (image + (0..<count / 3).map { _ in SIMD2(Double.random(in: -300...300, using: &random), Double.random(in: -300...300, using: &random)) },
                reference, map)
    }

    @Test func histogramFindsTheOffsetAndMatcherPairsOneToOne() {
        let (image, reference, _) = Self.pointSets(seed: 1)
        let grid = SpatialGrid(reference, cell: 1)
        let peak = OffsetHistogram(searchRadius: 6, bin: 0.2).peak(image: image, reference: reference)
        #expect(peak != nil && hypotOf(peak!.offset - SIMD2(2.3, -1.7)) < 0.1)
        #expect((peak?.votes ?? 0) > 200)
        let pairs = SourceMatcher(tolerance: 0.7, separation: 1.0).match(image: image, reference: grid) { $0 + peak!.offset }
        // The 300 true pairs (the 20" turn moves the field's corners by 0.04") minus confused ones.
        #expect(pairs.count > 280 && pairs.count <= 300)
        #expect(pairs.allSatisfy { $0.image == $0.reference })
        #expect(Set(pairs.map(\.reference)).count == pairs.count)
        // Nothing near: no offset.
        #expect(OffsetHistogram(searchRadius: 6, bin: 0.2).peak(image: [SIMD2(5000, 5000)], reference: reference) == nil)
    }

    @Test func fitterRecoversTheMapAndClipsOutliers() throws {
        let (image, reference, map) = Self.pointSets(seed: 2, noise: 0.001)
        var imagePairs = Array(image.prefix(300)), referencePairs = Array(reference.prefix(300))
        // 10% wrong pairs.
        for k in stride(from: 0, to: 300, by: 10) { referencePairs[k] += SIMD2(0.5, -0.4) }
        let fitter = SimilarityFitter(geometry: .rshift, clipIterations: 3, sigma: 3, minimumPoints: 10)
        let (fit, used) = try #require(fitter.fit(image: imagePairs, reference: referencePairs, weights: nil))
        #expect(used.enumerated().allSatisfy { $0.offset % 10 == 0 ? !$0.element : $0.element })
        #expect(fit.used == 270 && fit.clipIterations >= 1)
        // The turn is −20" in position angle (counter-clockwise in ξ, η), to the noise's 0.05".
        #expect(abs(fit.rotationArcsec + 20) < 0.2, "\(fit.rotationArcsec)")
        #expect(fit.rmse < 0.0012)
        for p in [SIMD2(0.0, 0.0), SIMD2(250.0, -250.0)] { #expect(hypotOf(fit.apply(p) - map(p)) < 0.002) }
        #expect(abs(fit.scale - 1) < 1e-12)
        // rscale finds a scale; shift-only leaves the turn in the residuals.
        imagePairs = imagePairs.map { $0 * 1.0002 }
        let scaled = try #require(SimilarityFitter(geometry: .rscale, clipIterations: 3, sigma: 3, minimumPoints: 10)
            .fit(image: imagePairs, reference: referencePairs, weights: nil))
        #expect(abs(scaled.fit.scale * 1.0002 - 1) < 2e-6)
        let shifted = try #require(SimilarityFitter(geometry: .shift, clipIterations: 0, sigma: 3, minimumPoints: 10)
            .fit(image: Array(image.prefix(300)), reference: Array(reference.prefix(300)), weights: nil))
        #expect(shifted.fit.properRotation == 0 && shifted.fit.rmse > 0.005)
        // Weights: a zero weight drops a pair.
        let weights = (0..<300).map { $0 % 10 == 0 ? 0.0 : 1.0 }
        let weighted = try #require(SimilarityFitter(geometry: .rshift, clipIterations: 0, sigma: 3, minimumPoints: 10)
            .fit(image: Array(image.prefix(300)), reference: referencePairs, weights: weights))
        #expect(weighted.fit.used == 270 && weighted.fit.rmse < 0.0012)
        #expect(fitter.fit(image: [SIMD2(1, 1)], reference: [SIMD2(1, 1)], weights: nil) == nil)
    }

    @Test func affineFitAndTangentPlane() throws {
        let q = (0..<25).map { SIMD2(Double($0 % 5) * 1e-4, Double($0 / 5) * 1e-4) }
        let target = q.map { SIMD2(1.0001 * $0.x - 2e-5 * $0.y + 3e-6, 1e-5 * $0.x + 0.9999 * $0.y - 1e-6) }
        let fit = try #require(AffineFit(from: q, to: target))
        #expect(abs(fit.matrix[0][1] + 2e-5) < 1e-12 && abs(fit.translation.x - 3e-6) < 1e-15 && fit.maximumResidual < 1e-16)
        #expect(AffineFit(from: Array(q.prefix(2)), to: Array(target.prefix(2))) == nil)
        // Tangent plane: the centre at the origin, east is +ξ, north is +η, round trips.
        let plane = TangentPlane(centre: SkyPosition(ra: 359.99, dec: 89.5))
        #expect(hypotOf(plane.project(plane.centre)) < 1e-9)
        let north = plane.project(SkyPosition(ra: 359.99, dec: 89.5 + 1.0 / 3600))
        #expect(abs(north.y - 1) < 1e-6 && abs(north.x) < 1e-9)
        for p in [SkyPosition(ra: 0.3, dec: 89.7), SkyPosition(ra: 180, dec: 89.9), SkyPosition(ra: 359, dec: 89.2)] {
            let back = plane.deproject(plane.project(p))
            #expect(abs(back.dec - p.dec) < 1e-12 && abs(remainder(back.ra - p.ra, 360)) < 1e-9)
        }
        #expect(plane.project(SkyPosition(ra: 180, dec: -89.5)).x.isNaN)
        #expect(TangentPlane(meanOf: [SkyPosition(ra: 359.9, dec: 0), SkyPosition(ra: 0.1, dec: 0)]).map { abs(remainder($0.centre.ra, 360)) < 1e-9 } == true)
    }

    @Test func julianEpochs() {
        #expect(JulianEpoch.year(isot: "2000-01-01T12:00:00.000") == 2000)
        // JD 2461557.5.
        #expect(abs(JulianEpoch.year(isot: "2027-06-01T00:00:00")! - (2000 + 10_012.5 / 365.25)) < 1e-9)
        #expect(JulianEpoch.year(isot: "2027-06-01 00:00:00.000") == JulianEpoch.year(isot: "2027-06-01T00:00:00.000"))
        #expect(JulianEpoch.year(isot: "not a time") == nil)
        #expect(JulianEpoch.year(Time(value: 51544.5, format: "mjd")) == 2000)
        #expect(JulianEpoch.year(Time(isot: "2016-01-01T12:00:00.000"))! > 2015.99)
    }
}
