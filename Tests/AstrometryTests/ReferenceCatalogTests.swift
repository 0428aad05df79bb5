import Foundation
import InteropSupport
import Simulation
import Tables
import Testing
@testable import Astrometry

@Suite struct ReferenceCatalogTests {
    /// The simulator's Gaia-like ECSV file and a CSV with upper-case names read alike.
    @Test func readsECSVAndCSV() throws {
        let dir = try TemporaryDirectory()
        let scenario = try AlignmentScenario.make(detectors: [1], density: 4, seed: 3)
        try scenario.lists.catalog.write(to: dir.file("gaia.ecsv"))
        let ecsv = try ReferenceCatalog(contentsOf: dir.file("gaia.ecsv"))
        #expect(ecsv.name == "gaia.ecsv" && ecsv.stars.count == scenario.lists.catalog.rowCount && !ecsv.stars.isEmpty)
        #expect(ecsv.stars.allSatisfy { $0.epoch == 2016 })
        #expect(ecsv.stars.map(\.pmRA) == scenario.lists.catalog.doubles("pmra"))
        #expect(ecsv.stars.map(\.id) == scenario.lists.catalog.integers("source_id"))
        let csv = "RA,DEC,PMRA,PMDEC,PARALLAX,REF_EPOCH,SOURCE_ID\n10.5,-30.25,12.0,-4.0,2.5,2016.0,6917528443525529728\n11.0,-30.0,,,,2016.0,2\n"
        try csv.write(toFile: dir.file("refs.csv"), atomically: true, encoding: .utf8)
        let read = try ReferenceCatalog(contentsOf: dir.file("refs.csv"))
        // The row without proper motion is dropped (it cannot be brought to another epoch).
        #expect(read.stars == [ReferenceStar(id: 6_917_528_443_525_529_728, ra: 10.5, dec: -30.25, epoch: 2016, pmRA: 12, pmDec: -4, parallax: 2.5)])
        // Without proper motions no epoch is needed and positions stay put.
        try "ra,dec\n10.5,-30.25\n".write(toFile: dir.file("plain.csv"), atomically: true, encoding: .utf8)
        let plain = try ReferenceCatalog(contentsOf: dir.file("plain.csv"))
        #expect(plain.positions(at: 2030, observer: SIMD3(1, 0, 0)) == [SkyPosition(ra: 10.5, dec: -30.25)])
    }

    /// A Gaia query saved as Parquet by pyarrow (a null proper motion, as Gaia's two-parameter
    /// solutions have) reads like the CSV.
    @Test func readsPyarrowParquet() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("gaia.parquet")
        let script = """
            import sys, pyarrow as pa, pyarrow.parquet as pq
            pq.write_table(pa.table({"source_id": pa.array([6917528443525529728, 2], pa.int64()),
                                     "ra": [10.5, 11.0], "dec": [-30.25, -30.0], "pmra": [12.0, None], "pmdec": [-4.0, None],
                                     "parallax": pa.array([2.5, None], pa.float32()), "ref_epoch": [2016.0, 2016.0]}), sys.argv[1])
            """
        guard let output = try PythonTools.run(["-c", script, path]) else { return }
        #expect(output.status == 0, "\(output.stderr)")
        let read = try ReferenceCatalog(contentsOf: path)
        #expect(read.name == "gaia.parquet")
        #expect(read.stars == [ReferenceStar(id: 6_917_528_443_525_529_728, ra: 10.5, dec: -30.25, epoch: 2016, pmRA: 12, pmDec: -4, parallax: 2.5)])
    }

    @Test func rejectsBadCatalogs() throws {
        let dir = try TemporaryDirectory()
        func write(_ name: String, _ text: String) throws -> String {
            try text.write(toFile: dir.file(name), atomically: true, encoding: .utf8)
            return dir.file(name)
        }
        let noEpoch = try write("a.csv", "ra,dec,pmra,pmdec\n1,2,3,4\n")
        #expect(throws: ReferenceCatalogError.noEpoch(file: noEpoch)) { _ = try ReferenceCatalog(contentsOf: noEpoch) }
        let noDec = try write("b.csv", "ra,de\n1,2\n")
        #expect(throws: ReferenceCatalogError.missingColumn(file: noDec, names: ["dec"])) { _ = try ReferenceCatalog(contentsOf: noDec) }
        let badDec = try write("c.csv", "ra,dec\n1,2\n1,95\n")
        #expect(throws: ReferenceCatalogError.invalidValue(file: badDec, column: "dec", row: 2, value: 95)) {
            _ = try ReferenceCatalog(contentsOf: badDec)
        }
        let other = try write("d.fits", "")
        #expect(throws: ReferenceCatalogError.unsupportedFormat(file: other, extension: "fits")) { _ = try ReferenceCatalog(contentsOf: other) }
        #expect(throws: ReferenceCatalogError.self) { _ = try ReferenceCatalog(contentsOf: dir.file("missing.ecsv")) }
        let ragged = try write("e.csv", "ra,dec\n1\n")
        #expect(throws: ReferenceCatalogError.self) { _ = try ReferenceCatalog(contentsOf: ragged) }
    }

    /// Our propagation equals astropy's `SkyCoord.apply_space_motion` (ERFA `pmsafe`) to 10 µas
    /// for fast, near and receding stars, at the pole and across RA = 0.
    @Test func propagationMatchesAstropy() throws {
        let dir = try TemporaryDirectory()
        let stars = [
            ReferenceStar(id: 1, ra: 270, dec: 66, epoch: 2016, pmRA: 300, pmDec: -500, parallax: 50, radialVelocity: 80),
            ReferenceStar(id: 2, ra: 0.0001, dec: -12, epoch: 2016, pmRA: -40, pmDec: 10),
            ReferenceStar(id: 3, ra: 120, dec: 89.999, epoch: 2015.5, pmRA: 2000, pmDec: 1500, parallax: 300, radialVelocity: -100),
            ReferenceStar(id: 4, ra: 200, dec: -45, epoch: 2016, pmRA: 3, pmDec: 4, parallax: 0.5),
            ReferenceStar(id: 5, ra: 10, dec: 5, epoch: 2016, pmRA: 10_000, pmDec: -8000, parallax: 500, radialVelocity: 300),
        ]
        let epoch = 2027.41
        let request: [String: Any] = ["epoch": epoch, "stars": stars.map { [$0.ra, $0.dec, $0.pmRA, $0.pmDec, $0.parallax, $0.radialVelocity, $0.epoch] }]
        let reply = try #require(try PythonTools.json("astrometry_check.py", ["propagate"], request: request, in: dir))
        let theirs = PythonTools.points(reply["positions"])
        #expect(theirs.count == stars.count)
        for (star, t) in zip(stars, theirs) {
            let ours = EpochPropagation.position(of: star, at: epoch)
            let error = SphericalOffset.separation(ours.ra, ours.dec, t[0], t[1]) * 3_600_000
            // Star 5 (10"/yr, 2 pc, 300 km/s) differs by 0.13 mas: ERFA's pmsafe also allows for
            // the change in light time, which our linear motion leaves out.
            #expect(error < (star.id == 5 ? 0.2 : 0.01), "star \(star.id): \(error) mas")
        }
        // And the motion is really applied: star 5 moved by about 12.8"/yr × 11.4 yr.
        let moved = EpochPropagation.position(of: stars[4], at: epoch)
        #expect(abs(SphericalOffset.separation(moved.ra, moved.dec, 10, 5) * 3600 - 12.806 * 11.41) < 1)
    }

    /// The observer: Earth's heliocentric position agrees with astropy's ephemeris to 3e-4 au,
    /// Roman sits 1% farther out; parallax pushes a star away from the observer by ϖ·sin(angle).
    @Test func observerAndParallax() throws {
        let dir = try TemporaryDirectory()
        let epochs = [2016.0, 2027.123, 2027.6, 2030.9]
        let reply = try #require(try PythonTools.json("astrometry_check.py", ["earth"], request: ["epochs": epochs], in: dir))
        for (epoch, t) in zip(epochs, PythonTools.points(reply["heliocentric"])) {
            let e = ObserverPosition.earth(julianYear: epoch)
            #expect(hypot(hypot(e.x - t[0], e.y - t[1]), e.z - t[2]) < 3e-4, "\(epoch)")
            let r = ObserverPosition.roman(julianYear: epoch)
            #expect(abs((r * r).sum().squareRoot() / (e * e).sum().squareRoot() - 1.01) < 1e-12)
        }
        // A star at the north ecliptic-equatorial pole seen from 1 au along +x moves by ϖ away from +x.
        let star = ReferenceStar(id: 1, ra: 0, dec: 90, epoch: 2016, parallax: 100)
        let seen = EpochPropagation.position(of: star, at: 2016, observer: SIMD3(1, 0, 0))
        #expect(abs((90 - seen.dec) * 3_600_000 - 100) < 1e-6)
        #expect(abs(seen.ra - 180) < 1e-9)
    }
}
