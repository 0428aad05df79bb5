import Foundation
import InteropSupport
import Testing
@testable import Simulation
import Tables
import WFI

@Suite struct SkySceneTests {
    static let generator: SkySceneGenerator = {
        var generator = SkySceneGenerator(ra: 150, dec: 2, radius: 0.1)
        generator.density = 100
        generator.seed = 7
        return generator
    }()
    static let sources = generator.generate()

    @Test func densityStarFractionAndPlacementFollowTheModel() {
        let sources = Self.sources, generator = Self.generator
        let expected = generator.expectedCount
        #expect(abs(Double(sources.count) - expected) < 5 * expected.squareRoot(), "\(sources.count) vs \(expected)")
        let stars = sources.filter { $0.kind == .star }.count
        let fraction = Double(stars) / Double(sources.count)
        #expect(abs(fraction - 1.0 / 3) < 5 * (2.0 / 9 / Double(sources.count)).squareRoot())
        // Uniform on the cap: half the sources within radius / sqrt(2) (small-angle limit).
        let inner = sources.filter { SphericalOffset.separation(150, 2, $0.ra, $0.dec) < 0.1 / 2.0.squareRoot() }.count
        #expect(abs(Double(inner) / Double(sources.count) - 0.5) < 0.02)
        #expect(sources.allSatisfy { SphericalOffset.separation(150, 2, $0.ra, $0.dec) <= 0.1 + 1e-9 })
        #expect(generator.generate() == sources, "same seed, same sky")
    }

    @Test func galaxyCountsSizesAndShapesFollowTheModel() {
        let galaxies = Self.sources.filter { $0.kind == .galaxy }
        // dN/dm ∝ 10^(0.28 m): counts one magnitude apart differ by 10^0.28.
        let m = galaxies.compactMap { $0.magnitudes[.f158] }
        let bright = Double(m.filter { $0 >= 24 && $0 < 25 }.count), faint = Double(m.filter { $0 >= 25 && $0 < 26 }.count)
        let ratio = faint / bright
        #expect(abs(log10(ratio) - 0.28) < 3 * (1 / bright + 1 / faint).squareRoot() / log(10), "ratio \(ratio)")
        // Median half-light radius near 0.35" at m = 24.
        let near24 = galaxies.filter { abs(($0.magnitudes[.f158] ?? 0) - 24) < 0.25 }.map(\.halfLightRadius).sorted()
        #expect(abs(near24[near24.count / 2] - 0.35) < 0.05, "median \(near24[near24.count / 2])")
        #expect(galaxies.allSatisfy { (0.5...6).contains($0.sersicIndex) && (0.15...1).contains($0.axisRatio) })
        // Galaxies are redder in F213 than in F062 on average (β ≈ 0.8).
        let colour = galaxies.map { ($0.magnitudes[.f062] ?? 0) - ($0.magnitudes[.f213] ?? 0) }
        let meanColour = colour.reduce(0, +) / Double(colour.count)
        let expected = 2.5 * 0.8 * log10(FilterProperties.of(.f213)!.wavelength / FilterProperties.of(.f062)!.wavelength)
        #expect(abs(meanColour - expected) < 0.05, "\(meanColour) vs \(expected)")
    }

    @Test func photometryConvertsBetweenMagnitudesAndRates() throws {
        let f158 = try #require(FilterProperties.of(.f158))
        // The zero point is the magnitude of 1 e/s; 5 magnitudes brighter is 100 e/s.
        #expect(abs(f158.electronRate(abMagnitude: f158.zeropoint) - 1) < 1e-12)
        #expect(abs(f158.electronRate(abMagnitude: f158.zeropoint - 5) - 100) < 1e-9)
        #expect(abs(f158.abMagnitude(electronRate: 100) - (f158.zeropoint - 5)) < 1e-12)
        // Roman's F158 zero point is about 26.5 AB and its sky about 0.3-0.5 e/s/pixel.
        #expect(abs(f158.zeropoint - 26.5) < 0.2)
        #expect((0.25...0.6).contains(f158.skyRate(pixelArea: PixelScale.nominalArea)))
        // 1 e/s in nJy: 3631 Jy at the zero point.
        #expect(abs(f158.nanojansky(electronRate: 1) / (3631e9 * pow(10, -0.4 * f158.zeropoint)) - 1) < 1e-12)
        // photmjsr = gain · (nJy per e/s) · 1e-15 / pixel area.
        let conversion = f158.megajanskyPerSteradian(gain: 2, pixelAreaSteradians: PixelScale.nominalAreaSteradians)
        #expect(abs(conversion - 2 * f158.nanojansky(electronRate: 1) * 1e-15 / 2.734e-13) / conversion < 1e-3)
    }

    @Test func truthCatalogRoundTripsThroughECSVAndAstropy() throws {
        let sources = Array(Self.sources.prefix(300))
        let table = TruthCatalog.table(sources, meta: [("seed", "7")])
        let dir = try TemporaryDirectory()
        let path = dir.path + "/truth.ecsv"
        try table.write(to: path)
        let reread = try ECSVTable(contentsOf: path)
        #expect(reread == table)
        let back = try TruthCatalog.sources(from: reread, file: path, required: [.f158])
        #expect(back.count == sources.count)
        for (a, b) in zip(back, sources) {
            #expect(a.id == b.id && a.kind == b.kind && a.ra == b.ra && a.dec == b.dec && a.halfLightRadius == b.halfLightRadius)
            #expect(abs(a.magnitudes[.f158]! - b.magnitudes[.f158]!) < 1e-9)
        }
        let check = """
            import sys, json
            from astropy.table import Table
            t = Table.read(sys.argv[1], format="ascii.ecsv")
            print(json.dumps({"n": len(t), "cols": t.colnames, "ra0": float(t["ra"][0]), "unit": str(t["ra"].unit),
                              "f158": float(t["F158"][5]), "type": str(t["type"][0]), "seed": str(t.meta["seed"])}))
            """
        guard let output = try PythonTools.run(["-c", check, path]) else { return }
        let json = try #require((try? JSONSerialization.jsonObject(with: Data(output.stdout.utf8))) as? [String: Any], "\(output.stderr)")
        #expect(json["n"] as? Int == 300)
        #expect(json["ra0"] as? Double == sources[0].ra)
        #expect(json["unit"] as? String == "deg")
        #expect(json["f158"] as? Double == pow(10, -0.4 * sources[5].magnitudes[.f158]!))
        #expect(json["type"] as? String == (sources[0].kind == .star ? "PSF" : "SER"))
        #expect((json["cols"] as? [String])?.starts(with: ["id", "ra", "dec", "type", "n", "half_light_radius", "pa", "ba"]) == true)
    }

    @Test func readsAstropyWrittenECSVAndRejectsBrokenFiles() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/given.ecsv"
        let make = """
            import sys
            from astropy.table import Table
            t = Table({"ra": [10.0, 10.001], "dec": [-5.0, -5.001], "type": ["PSF", "SER"], "n": [-1.0, 1.5],
                       "half_light_radius": [0.0, 0.4], "pa": [0.0, 30.0], "ba": [1.0, 0.5], "F158": [1e-8, 2e-9],
                       "note": ["a b", "c"]})
            t["ra"].unit = "deg"
            t.write(sys.argv[1], format="ascii.ecsv")
            """
        guard let output = try PythonTools.run(["-c", make, path]), output.status == 0 else { return }
        let table = try ECSVTable(contentsOf: path)
        #expect(table.strings("note") == ["a b", "c"])
        let sources = try TruthCatalog.sources(from: table, file: path, required: [.f158])
        #expect(sources.count == 2 && sources[1].kind == .galaxy && sources[1].sersicIndex == 1.5)
        #expect(abs(sources[0].magnitudes[.f158]! - 20) < 1e-9)
        #expect(throws: ECSVError.missingColumn(file: path, column: "F062")) {
            try TruthCatalog.sources(from: table, file: path, required: [.f062])
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(throws: ECSVError.self) { try ECSVTable(text: text.replacingOccurrences(of: "10.001", with: "ten"), file: "bad") }
        #expect(throws: ECSVError.self) { try ECSVTable(text: String(text.dropFirst(3)), file: "bad") }
        #expect(throws: ECSVError.unreadable(file: dir.path + "/missing.ecsv")) { try ECSVTable(contentsOf: dir.path + "/missing.ecsv") }
    }

    @Test func astrometricCatalogHasGaiaLikeErrorsAndEpoch() throws {
        var catalog = AstrometricCatalog()
        catalog.seed = 3
        let epoch = 2027.5
        let table = catalog.table(Self.sources, observationEpoch: epoch)
        let stars = Self.sources.filter { $0.kind == .star && $0.magnitudes[.f062]! <= catalog.faintLimit }
        #expect(table.rowCount == stars.count && table.rowCount > 50)
        let ra = try #require(table.doubles("ra")), dec = try #require(table.doubles("dec"))
        let sigma = try #require(table.doubles("ra_error"))
        // Propagated to the observation epoch, the catalog positions scatter about the truth by
        // their quoted errors plus the proper-motion errors times the epoch difference.
        let pmra = try #require(table.doubles("pmra")), pmdec = try #require(table.doubles("pmdec"))
        let years = epoch - 2016
        var pulls: [Double] = []
        for (i, star) in stars.enumerated() {
            let cosDec = cos(star.dec * .pi / 180)
            let predictedRA = ra[i] + pmra[i] * years / 3.6e6 / cosDec
            let predictedDec = dec[i] + pmdec[i] * years / 3.6e6
            let total = (sigma[i] * sigma[i] + pow(1.1 * sigma[i] * years, 2)).squareRoot()
            pulls.append((predictedRA - star.ra) * cosDec * 3.6e6 / total)
            pulls.append((predictedDec - star.dec) * 3.6e6 / total)
        }
        let mean = pulls.reduce(0, +) / Double(pulls.count)
        let rms = (pulls.map { $0 * $0 }.reduce(0, +) / Double(pulls.count)).squareRoot()
        #expect(abs(mean) < 0.2 && abs(rms - 1) < 0.15, "pull mean \(mean), rms \(rms)")
        #expect(AstrometricCatalog.positionError(g: 20) > 0.5 && AstrometricCatalog.positionError(g: 15) < 0.05)
        #expect(table.doubles("ref_epoch")?.allSatisfy { $0 == 2016 } == true)
    }
}
