import Arrays
import Foundation
import InteropSupport
import Testing
@testable import Simulation
import Tables
import WCS
import WFI

@Suite struct VisitSimulationTests {
    func simulation(size: Int = 256, detectors: [Int] = [3]) throws -> VisitSimulation {
        var simulation = VisitSimulation(visit: try VisitID(parsing: "0000101001001001001"))
        simulation.detectors = detectors
        simulation.size = size
        simulation.table = .table6
        simulation.ra = 10
        simulation.dec = -30
        simulation.paV3 = 40
        return simulation
    }

    /// A pointing error moves the recorded pointing (meta.wcsinfo) off the true one by that much,
    /// and the source lists follow the truth.
    @Test func pointingErrorMovesTheMetadataOnly() throws {
        var simulation = try simulation(size: 4096, detectors: [2, 11])
        simulation.density = 2
        simulation.pointingError = PointingError(east: 3, north: -2, roll: 30)
        let view = try simulation.projection(exposure: 1, detector: 2)
        let described = try simulation.exposureDescription(exposure: 1, detector: 2, view: view)
        let wcs = try #require(described.wcs)
        let truth = try view.attitude.reference(detector: 2)
        let claimed = try simulation.claimedAttitude(exposure: 1).reference(detector: 2)
        #expect(wcs.raRef == claimed.raRef && wcs.decRef == claimed.decRef && wcs.rollRef == claimed.rollRef)
        let offset = SphericalOffset.separation(truth.raRef, truth.decRef, wcs.raRef, wcs.decRef) * 3600
        #expect(offset > 2 && offset < 6, "\(offset)\"")
        let lists = try simulation.sourceLists(centroidNoise: 0)
        #expect(lists.x.count == 2 && !lists.x[0].isEmpty && lists.catalog.rowCount > 0)
        // Noise-free sources sit where the truth puts the stars; the claimed WCS is arcseconds off.
        let (x, y) = (lists.x[0][0], lists.y[0][0])
        let sky = try lists.wcs[0].evaluate([x, y]), truthSky = lists.truth[0].sky(x: x, y: y)
        let error = SphericalOffset.separation(sky[0], sky[1], truthSky.ra, truthSky.dec) * 3600
        #expect(error > 1 && error < 8, "\(error)\"")
    }

    @Test func projectionRoundTripsAndFollowsTheSIAF() throws {
        let simulation = try simulation(size: 4096, detectors: [1, 10, 18])
        for detector in simulation.detectors {
            let view = try simulation.projection(exposure: 2, detector: detector)
            for (x, y) in [(0.0, 0.0), (2043.5, 2043.5), (4087.0, 100.0), (1234.5, 3999.25)] {
                let sky = view.sky(x: x, y: y)
                let back = view.pixel(ra: sky.ra, dec: sky.dec)
                #expect(abs(back.x - x) < 1e-6 && abs(back.y - y) < 1e-6, "WFI\(detector) (\(x), \(y)) -> (\(back.x), \(back.y))")
            }
            // Neighbouring pixels are about 0.11" apart on the sky.
            let a = view.sky(x: 2000, y: 2000), b = view.sky(x: 2001, y: 2000), c = view.sky(x: 2000, y: 2001)
            let dx = SphericalOffset.separation(a.ra, a.dec, b.ra, b.dec) * 3600
            let dy = SphericalOffset.separation(a.ra, a.dec, c.ra, c.dec) * 3600
            #expect(abs(dx - PixelScale.x) < 0.003 && abs(dy - PixelScale.y) < 0.003, "scales \(dx), \(dy)")
        }
        // Dithers move the field by the step.
        let first = try simulation.projection(exposure: 1, detector: 1).sky(x: 2000, y: 2000)
        let second = try simulation.projection(exposure: 2, detector: 1).sky(x: 2000, y: 2000)
        let step = (pow(simulation.ditherStep.v2, 2) + pow(simulation.ditherStep.v3, 2)).squareRoot()
        #expect(abs(SphericalOffset.separation(first.ra, first.dec, second.ra, second.dec) * 3600 - step) < 0.5)
    }

    @Test func galaxyOrientationFollowsTheSky() throws {
        let simulation = try simulation(size: 4096, detectors: [5])
        let view = try simulation.projection(exposure: 1, detector: 5)
        let centre = view.sky(x: 2000, y: 2000)
        var galaxy = SkySource(id: 1, kind: .galaxy, ra: centre.ra, dec: centre.dec, magnitudes: [.f158: 22])
        galaxy.halfLightRadius = 1.1
        galaxy.axisRatio = 0.3
        for pa in [0.0, 35.0, 90.0] {
            galaxy.positionAngle = pa
            let projected = try #require(view.project([galaxy], filter: FilterProperties.of(.f158)!, element: .f158).galaxies.first)
            // The major axis points along the sky direction at position angle `pa`.
            let along = SphericalOffset.destination(ra: centre.ra, dec: centre.dec, separation: 1.0 / 3600, bearing: pa)
            let p = view.pixel(ra: along.ra, dec: along.dec)
            let expected = atan2(p.y - projected.y, p.x - projected.x)
            let difference = remainder(projected.angle - expected, Double.pi)
            #expect(abs(difference) < 1e-3, "PA \(pa): angle \(projected.angle) vs \(expected)")
            #expect(abs(projected.halfLightRadius - 1.1 / 0.108) < 0.4)
        }
    }

    /// The light of isolated stars, summed over large apertures of the simulated ramps' slopes,
    /// equals their truth flux within 1%.
    @Test func isolatedStarFluxMatchesTheTruth() throws {
        var simulation = try simulation(size: 512)
        simulation.detectorModel.cosmicRayRate = 0
        // A quiet detector (1 DN read noise) so that 1% is well above the noise of a slope from
        // two resultants; IPC (which conserves flux) is the only optional effect: defects and
        // correlated read-out noise have their own tests.
        simulation.detectorModel.readNoise = 1
        simulation.detectorModel.nonlinearity = (0, 0)
        simulation.effects = .none
        simulation.effects.ipc = true
        let view = try simulation.projection(exposure: 1, detector: 3)
        let magnitude = 17.5
        let positions = [(125.3, 124.6), (377.8, 126.1), (126.5, 379.9), (380.1, 378.4)]
        simulation.catalog = positions.enumerated().map { index, p in
            let sky = view.sky(x: p.0, y: p.1)
            return SkySource(id: index + 1, kind: .star, ra: sky.ra, dec: sky.dec, magnitudes: [.f158: magnitude])
        }
        let result = try simulation.simulate(exposure: 1, detector: 3, sources: try simulation.sources(), psf: try simulation.psf())
        let truth = FilterProperties.of(.f158)!.electronRate(abMagnitude: magnitude)
        #expect(result.scene.stars.count == 4)
        for (star, p) in zip(result.scene.stars, positions) {
            #expect(abs(star.x - p.0) < 1e-6 && abs(star.y - p.1) < 1e-6)
            #expect(abs(star.flux - truth) < 1e-9 * truth)
        }

        // Slope per pixel from the first and last resultants, electrons per second, less the
        // known sky and dark current, summed over 91 x 91 pixels around each star.
        let cube = try result.product.data()
        let table = simulation.table, model = simulation.detectorModel
        let span = table.resultantTimes.last! - table.resultantTimes.first!
        let size = simulation.size, plane = size * size, last = table.resultantCount - 1
        let sky = FilterProperties.of(.f158)!.skyRate(pixelArea: PixelScale.nominalArea)
        let border = VisitSimulation.border
        var sum = 0.0
        for star in result.scene.stars {
            let cx = Int(star.x.rounded()) + border, cy = Int(star.y.rounded()) + border
            var total = 0.0
            for y in (cy - 45)...(cy + 45) {
                for x in (cx - 45)...(cx + 45) {
                    let first = Double(cube[flat: y * size + x]), final = Double(cube[flat: last * plane + y * size + x])
                    total += (final - first) / span * model.gain - sky - model.darkCurrent
                }
            }
            #expect(abs(total - truth) < 0.015 * truth, "star at (\(star.x), \(star.y)): \(total) e/s, truth \(truth) e/s")
            sum += total
        }
        #expect(abs(sum / 4 - truth) < 0.01 * truth, "mean \(sum / 4) e/s, truth \(truth) e/s")
    }

    @Test func runWritesValidFilesAndConsistentWCS() throws {
        let dir = try TemporaryDirectory()
        var simulation = try simulation(size: 128, detectors: [2, 11])
        simulation.exposures = 2
        simulation.density = 400
        var steps: [SimulationProgress] = []
        let output = try simulation.run(out: dir.path, references: dir.path + "/refs") { steps.append($0) }
        #expect(output.exposures.map { ($0 as NSString).lastPathComponent } == [
            "r0000101001001001001_0001_wfi02_f158_uncal.asdf", "r0000101001001001001_0001_wfi11_f158_uncal.asdf",
            "r0000101001001001001_0002_wfi02_f158_uncal.asdf", "r0000101001001001001_0002_wfi11_f158_uncal.asdf",
        ])
        #expect(steps.last?.done == steps.last?.total && steps.count == steps.last?.total)
        #expect(output.placedSources > 0 && output.sceneSources > 0)
        // Deterministic: the same seed gives identical ramps for a subset of the detectors.
        var subset = simulation
        subset.detectors = [11]
        let again = try subset.simulate(exposure: 2, detector: 11, sources: try simulation.sources(), psf: try simulation.psf())
        let written = try ScienceRawProduct(contentsOf: output.exposures[3])
        #expect(try written.data().elements == again.product.data().elements)

        // Every file opens in roman_datamodels; the WCS built as romancal's assign_wcs does it
        // (distortion reference, then the V2V3 -> sky rotation from meta.wcsinfo) puts the truth
        // sources where the simulator drew them.
        let placed = try simulation.simulate(exposure: 1, detector: 2, sources: try simulation.sources(), psf: try simulation.psf())
        let stars = placed.scene.stars.prefix(5)
        let truth = try ECSVTable(contentsOf: output.truthCatalog)
        let ids = try #require(truth.doubles("id")).map(Int.init)
        let ras = try #require(truth.doubles("ra")), decs = try #require(truth.doubles("dec"))
        var points: [[Double]] = []
        for (star, id) in zip(stars, placed.scene.starIDs) {
            let row = try #require(ids.firstIndex(of: id))
            points.append([star.x, star.y, ras[row], decs[row]])
        }
        let script = """
            import sys, json, glob
            import numpy as np
            import roman_datamodels as rdm
            from astropy.modeling import models
            from gwcs.geometry import SphericalToCartesian, CartesianToSpherical
            from astropy.coordinates import SkyCoord
            import astropy.units as u
            files = sorted(glob.glob(sys.argv[1] + "/*.asdf")) + sorted(glob.glob(sys.argv[1] + "/refs/*.asdf"))
            for f in files:
                with rdm.open(f) as m:
                    m.validate()
            l1 = rdm.open(sys.argv[1] + "/r0000101001001001001_0001_wfi02_f158_uncal.asdf")
            dist = rdm.open(sys.argv[1] + "/refs/roman_wfi02_distortion.asdf").coordinate_distortion_transform
            w = l1.meta.wcsinfo
            rot = models.RotationSequence3D([w.v2_ref / 3600, -w.v3_ref / 3600, w.roll_ref, w.dec_ref, -w.ra_ref], axes_order="zyxyz")
            sky = (models.Scale(1 / 3600) & models.Scale(1 / 3600)) | SphericalToCartesian(wrap_lon_at=180) | rot | CartesianToSpherical(wrap_lon_at=360)
            worst = 0.0
            for x, y, ra, dec in json.loads(sys.argv[2]):
                v2, v3 = dist(x, y)
                r, d = sky(v2, v3)
                worst = max(worst, SkyCoord(r * u.deg, d * u.deg).separation(SkyCoord(ra * u.deg, dec * u.deg)).to(u.mas).value)
            print(json.dumps({"files": len(files), "worst_mas": worst}))
            """
        let json = String(decoding: try JSONSerialization.data(withJSONObject: points), as: UTF8.self)
        guard let result = try PythonTools.run(["-c", script, dir.path, json]) else { return }
        let summary = try #require((try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any], "\(result.stderr.suffix(3000))")
        #expect(summary["files"] as? Int == 4 + output.references.count)
        #expect((summary["worst_mas"] as? Double ?? .infinity) < 1, "\(summary)")
    }
}
