import Foundation
import WCS

/// Aligns one exposure's 18 detectors to an astrometric reference catalog with a single
/// correction of the whole focal plane, as romancal's tweakreg absolute alignment does (every
/// detector in one group; algorithms.md §1.13), and expresses it in each detector's WCS the way
/// tweakwcs does (a `v2v3corr` tangent-plane correction).
///
/// 1. Every source goes through its detector's WCS to the sky and into one tangent plane at
///    the mean of the detectors' centres, with the reference stars (already at the exposure's
///    epoch).
/// 2. A 2-D histogram of (reference − source) offsets within `searchRadius` finds the pointing
///    error (`OffsetHistogram`); sources are matched one to one within `tolerance` of their
///    shifted positions (`SourceMatcher`).
/// 3. A shift and rotation (optionally scale) is fitted to the pairs by weighted least squares
///    with sigma clipping (`SimilarityFitter`); pairs are matched again through the fitted map
///    and refitted (`refinements`).
/// 4. Each detector's correction is the affine map of its own tangent plane that reproduces the
///    focal-plane fit over the detector (`AffineFit` on a 5 x 5 grid), combined with any earlier
///    correction, and its WCS gets it (`GWCS.correcting(with:)`).
///
/// Detectors without sources are corrected all the same; false reference entries and false
/// matches fall out in the histogram, the one-to-one matching and the clipping.
public struct ExposureAligner: Sendable {
    public var parameters: AlignmentParameters

    public init(parameters: AlignmentParameters = AlignmentParameters()) {
        self.parameters = parameters
    }

    /// Aligns to `catalog` propagated to `epoch` (Julian year) as seen from `observer`
    /// (barycentric au; default: Roman at L2 at that epoch, `ObserverPosition.roman`).
    public func align(_ detectors: [DetectorImage], catalog: ReferenceCatalog, epoch: Double,
                      observer: SIMD3<Double>? = nil) throws(AlignmentError) -> AlignmentResult {
        let positions = catalog.positions(at: epoch, observer: observer ?? ObserverPosition.roman(julianYear: epoch))
        var result = try align(detectors, reference: positions, referenceName: catalog.name)
        result.epoch = epoch
        return result
    }

    /// Aligns to reference positions already at the exposure's epoch.
    public func align(_ detectors: [DetectorImage], reference: [SkyPosition], referenceName: String) throws(AlignmentError) -> AlignmentResult {
        try parameters.check()
        guard !detectors.isEmpty else { throw .noDetectors }
        let sky = try detectors.map(skyPositions)
        guard let plane = TangentPlane(meanOf: try detectors.map(centre)) else { throw .noDetectors }

        // Sources in the plane, with their detector and weight.
        var image: [SIMD2<Double>] = [], owner: [Int] = [], weight: [Double] = []
        for (d, positions) in sky.enumerated() {
            let weights = detectors[d].sources.weights
            for (k, p) in positions.enumerated() where p.ra.isFinite && p.dec.isFinite {
                let q = plane.project(p)
                guard q.x.isFinite else { continue }
                image.append(q)
                owner.append(d)
                weight.append(weights?[k] ?? 1)
            }
        }
        let references = nearbyReferences(reference.map(plane.project), around: image)
        let grid = SpatialGrid(references, cell: max(parameters.tolerance, parameters.separation))
        let weights = weight.allSatisfy { $0 == 1 } ? nil : weight
        let matcher = SourceMatcher(tolerance: parameters.tolerance, separation: parameters.separation)
        let fitter = SimilarityFitter(geometry: parameters.geometry, clipIterations: parameters.clipIterations,
                                      sigma: parameters.clipSigma, minimumPoints: max(parameters.minimumMatches, parameters.geometry.minimumPoints))
        func tooFew(_ found: Int) -> AlignmentError {
            .tooFewMatches(found: found, required: parameters.minimumMatches, sources: image.count, references: references.count)
        }

        // The offset, the first matches and fit, then matching through the fit.
        let offset = OffsetHistogram(searchRadius: parameters.searchRadius, bin: parameters.histogramBin)
            .peak(image: image, reference: references)?.offset ?? SIMD2(0, 0)
        var pairs = matcher.match(image: image, reference: grid) { $0 + offset }
        guard pairs.count >= parameters.minimumMatches else { throw tooFew(pairs.count) }
        func fitPairs(_ pairs: [(image: Int, reference: Int)]) throws(AlignmentError) -> (fit: LinearFit, used: [Bool]) {
            guard let result = fitter.fit(image: pairs.map { image[$0.image] }, reference: pairs.map { references[$0.reference] },
                                          weights: weights.map { w in pairs.map { w[$0.image] } }) else {
                throw .degenerateFit(matches: pairs.count)
            }
            return result
        }
        var (fit, used) = try fitPairs(pairs)
        for _ in 0..<parameters.refinements {
            let again = matcher.match(image: image, reference: grid) { fit.apply($0) }
            guard again.count >= parameters.minimumMatches else { break }
            let same = again.count == pairs.count && zip(again, pairs).allSatisfy { $0.image == $1.image && $0.reference == $1.reference }
            pairs = again
            (fit, used) = try fitPairs(pairs)
            if same { break }
        }
        guard pairs.count >= parameters.minimumMatches, fit.used >= parameters.geometry.minimumPoints else { throw tooFew(pairs.count) }

        let name = AlignmentResult.wcsName(reference: referenceName)
        var aligned: [DetectorAlignment] = []
        for (d, detector) in detectors.enumerated() {
            let mine = pairs.indices.filter { owner[pairs[$0].image] == d }
            let residuals = mine.filter { used[$0] }.map { hypotOf(references[pairs[$0].reference] - fit.apply(image[pairs[$0].image])) }
            let rms = residuals.isEmpty ? Double.nan : (residuals.map { $0 * $0 }.reduce(0, +) / Double(residuals.count)).squareRoot()
            let (correction, linearity) = try self.correction(for: detector, fit: fit, plane: plane)
            let wcs: GWCS
            do { wcs = try detector.wcs.correcting(with: correction, name: name) } catch { throw .wcs(detector: detector.name, error) }
            aligned.append(DetectorAlignment(name: detector.name, matches: mine.count, used: residuals.count, rms: rms,
                                             correction: correction, wcs: wcs, linearityError: linearity))
        }
        return AlignmentResult(fit: fit, plane: plane, matches: pairs.count, sources: image.count, references: references.count,
                               referenceName: referenceName, epoch: .nan, detectors: aligned)
    }

    /// Sky positions of a detector's sources through its WCS (NaN outside its bounding box).
    private func skyPositions(_ d: DetectorImage) throws(AlignmentError) -> [SkyPosition] {
        guard d.sources.x.count == d.sources.y.count, d.sources.weights.map({ $0.count == d.sources.x.count }) ?? true else {
            throw .malformedSources(detector: d.name, reason: "x, y and weights differ in length")
        }
        guard d.sources.count > 0 else { return [] }
        let world: [[Double]]
        do { world = try d.wcs.evaluate(columns: [d.sources.x, d.sources.y]) } catch { throw .wcs(detector: d.name, error) }
        return zip(world[0], world[1]).map { SkyPosition(ra: $0, dec: $1) }
    }

    /// The sky position of the middle of a detector's bounding box (of its sources without one).
    private func centre(_ d: DetectorImage) throws(AlignmentError) -> SkyPosition {
        let box = Self.box(d)
        let middle = box.map { 0.5 * ($0.lowerBound + $0.upperBound) }
        do {
            let w = try d.wcs.evaluate(middle)
            return SkyPosition(ra: w[0], dec: w[1])
        } catch { throw .wcs(detector: d.name, error) }
    }

    /// The detector's bounding box, else the extent of its sources, else a full WFI array.
    static func box(_ d: DetectorImage) -> [ClosedRange<Double>] {
        if let box = d.wcs.boundingBox, box.count == 2, box.allSatisfy({ $0.lowerBound.isFinite && $0.upperBound.isFinite }) { return box }
        if let x0 = d.sources.x.min(), let x1 = d.sources.x.max(), let y0 = d.sources.y.min(), let y1 = d.sources.y.max(), x1 > x0, y1 > y0 {
            return [x0...x1, y0...y1]
        }
        return [-0.5...4087.5, -0.5...4087.5]
    }

    /// Reference points within the search radius (plus tolerance) of the sources' extent.
    private func nearbyReferences(_ points: [SIMD2<Double>], around image: [SIMD2<Double>]) -> [SIMD2<Double>] {
        guard let x0 = image.map(\.x).min(), let x1 = image.map(\.x).max(),
              let y0 = image.map(\.y).min(), let y1 = image.map(\.y).max() else { return [] }
        let margin = parameters.searchRadius + parameters.tolerance
        return points.filter { $0.x >= x0 - margin && $0.x <= x1 + margin && $0.y >= y0 - margin && $0.y <= y1 + margin }
    }

    /// The detector's tangent-plane correction that applies `fit` (in `plane`): on a 5 x 5 grid
    /// over the detector, the current tangent-plane point q of each pixel and the point q' whose
    /// sky position is the corrected one, and the affine map q -> q' (combined with the current
    /// correction). Returns it with the map's largest residual in arcsec.
    private func correction(for d: DetectorImage, fit: LinearFit, plane: TangentPlane) throws(AlignmentError) -> (TangentPlaneCorrection, Double) {
        let old = try d.currentCorrection()
        guard let input = d.wcs.correctionInputFrame else {
            throw .correction(detector: d.name, reason: "its WCS has no v2v3 or v2v3vacorr frame")
        }
        let hasCorrection = d.wcs.frames.contains { $0.name == TangentPlaneCorrection.frameName }
        let toInput: Transform, toSky: Transform, fromSky: Transform
        do {
            toInput = try d.wcs.transform(from: d.wcs.inputFrame.name, to: input)
            toSky = try d.wcs.transform(from: hasCorrection ? TangentPlaneCorrection.frameName : input, to: d.wcs.outputFrame.name)
            fromSky = try toSky.inverse
        } catch let error as GWCSError {
            throw .wcs(detector: d.name, error)
        } catch {
            throw .correction(detector: d.name, reason: "\(error)")
        }
        let box = Self.box(d)
        let steps = (0...4).map { Double($0) / 4 }
        let pixels = steps.flatMap { fy in steps.map { fx in
            [box[0].lowerBound + fx * (box[0].upperBound - box[0].lowerBound), box[1].lowerBound + fy * (box[1].upperBound - box[1].lowerBound)]
        } }
        var q: [SIMD2<Double>] = [], target: [SIMD2<Double>] = []
        do {
            let v2v3 = try toInput.evaluate(points: pixels)
            for v in v2v3 {
                let (x, y) = old.tangentPlane(v2: v[0], v3: v[1])
                let current = SIMD2(old.matrix[0][0] * x + old.matrix[0][1] * y, old.matrix[1][0] * x + old.matrix[1][1] * y)
                    + SIMD2(old.translation[0], old.translation[1])
                let back = old.v2v3(tangentPlane: (current.x, current.y))
                let sky = try toSky.evaluate([back.v2, back.v3])
                let corrected = plane.deproject(fit.apply(plane.project(SkyPosition(ra: sky[0], dec: sky[1]))))
                let u = try fromSky.evaluate([corrected.ra, corrected.dec])
                let (tx, ty) = old.tangentPlane(v2: u[0], v3: u[1])
                q.append(current)
                target.append(SIMD2(tx, ty))
            }
        } catch {
            throw .correction(detector: d.name, reason: "\(error)")
        }
        guard let affine = AffineFit(from: q, to: target) else {
            throw .correction(detector: d.name, reason: "the grid's tangent-plane points are degenerate")
        }
        let radiansToArcsec = 180 * 3600 / Double.pi
        let shift = [affine.translation.x * radiansToArcsec, affine.translation.y * radiansToArcsec]
        return (old.followed(by: affine.matrix, shiftArcsec: shift), affine.maximumResidual * radiansToArcsec)
    }
}
