import Astrometry
import Foundation
import Simulation
import WCS
import WFI

/// Issue 7's benchmark: the time of our whole-focal-plane alignment (`ExposureAligner`) against
/// romancal's absolute alignment (stcal 1.20.0 `tweakreg.absolute_align` with tweakwcs 0.9.3, as
/// romancal 1.1.0's TweakRegStep calls it) on the same 18 source lists, WCSs and reference
/// positions: a simulated exposure whose recorded pointing is off by 2.5", −1.8" and 25" of roll
/// (`VisitSimulation.sourceLists`, `--density` sources per square arcminute). Both times exclude
/// reading inputs and (for Python) imports; ours is the best of `--repeat` in-process runs, theirs
/// the best of as many runs inside one Python process. Also reports both fits' agreement and
/// their errors against the truth.
struct AlignmentBenchmark {
    let options: BenchOptions

    func run() throws {
        print("machine: \(MachineInfo.describe())")
        var simulation = VisitSimulation(visit: try VisitID(parsing: "0000101001001001001"))
        simulation.density = options.density
        simulation.pointingError = PointingError(east: 2.5, north: -1.8, roll: 25)
        let lists = try simulation.sourceLists(centroidNoise: 0.03)
        let detectors = lists.detectors.indices.map { i in
            DetectorImage(name: lists.truth[i].geometry.name, wcs: lists.wcs[i], v2Ref: lists.claimedReference[i].v2Ref,
                          v3Ref: lists.claimedReference[i].v3Ref, rollRef: lists.claimedReference[i].rollRef,
                          sources: SourceList(x: lists.x[i], y: lists.y[i]))
        }
        let catalog = try ReferenceCatalog(columns: lists.catalog, name: "refcat.ecsv", file: "simulated")
        let clock = ContinuousClock()
        var start = clock.now
        let positions = catalog.positions(at: lists.epoch, observer: ObserverPosition.roman(julianYear: lists.epoch))
        let propagation = (clock.now - start).seconds
        var best = Double.infinity
        var result: AlignmentResult?
        for _ in 0..<max(1, options.repeats) {
            start = clock.now
            result = try ExposureAligner().align(detectors, reference: positions, referenceName: "refcat.ecsv")
            best = min(best, (clock.now - start).seconds)
        }
        guard let ours = result else { return }
        let sources = detectors.map(\.sources.count).reduce(0, +)
        print("inputs: 18 detectors, \(sources) sources, \(catalog.stars.count) reference stars (propagated in \(String(format: "%.3f", propagation)) s)")
        print(String(format: "ours:     %.3f s, %d matches, %d used, fit RMSE %.1f mas, rotation %.2f\"",
                     best, ours.matches, ours.fit.used, ours.fit.rmse * 1000, ours.fit.rotationArcsec))

        let directory = options.directory + "/align"
        try? FileManager.default.removeItem(atPath: directory)
        try AlignmentInputExport.write(detectors, reference: positions, to: directory)
        let grid = (0...4).map { -0.5 + 4088 * Double($0) / 4 }
        let points = grid.flatMap { y in grid.map { x in [x, y] } }
        let request: [String: Any] = [
            "detectors": detectors.map { ["name": $0.name, "v2_ref": $0.v2Ref, "v3_ref": $0.v3Ref, "roll_ref": $0.rollRef] },
            "fitgeom": "rshift", "points": points, "repeat": options.repeats,
        ]
        try JSONSerialization.data(withJSONObject: request).write(to: URL(fileURLWithPath: directory + "/request.json"))
        let child = try ChildProcess.run([options.python, "scripts/python/astrometry_check.py", "tweakreg", directory, directory + "/request.json"])
        guard child.status == 0, let line = child.stdout.split(separator: "\n").last,
              let reply = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let seconds = (reply["seconds"] as? [Double])?.min() else {
            throw BenchError("astrometry_check.py tweakreg failed (\(child.status)):\n\(child.stdout.suffix(2000))")
        }
        let fit = reply["fit"] as? [String: Any] ?? [:]
        print(String(format: "tweakreg: %.3f s, %d matches, fit RMSE %.1f mas (stcal absolute_align, tweakwcs, rshift)",
                     seconds, fit["nmatches"] as? Int ?? 0, (fit["rmse"] as? Double ?? .nan) * 1000))
        print(String(format: "ratio tweakreg / ours: %.1f", seconds / best))
        let sky = reply["sky"] as? [String: Any] ?? [:]
        var worst = 0.0, truthOurs = 0.0, truthTheirs = 0.0, count = 0.0
        for (i, d) in ours.detectors.enumerated() {
            let theirs = (sky[d.name] as? [[Double]]) ?? []
            let mine = try d.wcs.evaluate(points)
            for (k, (a, b)) in zip(theirs, mine).enumerated() {
                let truth = lists.truth[i].sky(x: points[k][0], y: points[k][1])
                worst = max(worst, SphericalOffset.separation(a[0], a[1], b[0], b[1]) * 3_600_000)
                truthOurs += pow(SphericalOffset.separation(truth.ra, truth.dec, b[0], b[1]) * 3_600_000, 2)
                truthTheirs += pow(SphericalOffset.separation(truth.ra, truth.dec, a[0], a[1]) * 3_600_000, 2)
                count += 1
            }
        }
        print(String(format: "corrected WCSs: ours vs tweakreg up to %.2f mas; RMS error against the truth: ours %.2f mas, tweakreg %.2f mas",
                     worst, (truthOurs / count).squareRoot(), (truthTheirs / count).squareRoot()))
    }
}
