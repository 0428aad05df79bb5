import Arrays
import ArgumentParser
import Foundation
import Simulation
import Tables
import WFI

/// `roman simulate`: realistic WFI L1 exposures, their reference files and truth catalogs.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate WFI L1 exposures (_uncal.asdf) with matching reference files and truth catalogs.",
        discussion: """
            Draws a sky (stars and Sérsic galaxies with deep-field number counts, sizes and colours) \
            around the pointing, or places the sources of --catalog, and simulates every requested \
            detector of every dithered exposure: the real WFI focal plane and distortion (Roman \
            SIAF), the obscured-pupil PSF of the filter varying across each detector, the filter's \
            zodiacal and thermal sky, and read-by-read ramps (Poisson noise, dark current, read \
            noise, non-linearity, saturation, cosmic rays) averaged into the MA table's resultants.

            Writes, in --out: one L1 file per detector and exposure, named per the Roman \
            conventions (r<visit>_<exposure>_wfi<NN>_<filter>_uncal.asdf); r<visit>_truth.ecsv, the \
            truth catalog (romanisim's catalog format: ra, dec, type, Sérsic shape, flux per filter \
            in maggies); and r<visit>_gaia.ecsv, a Gaia-like astrometric catalog of the bright stars \
            at epoch 2016.0. With --pointing-error-arcsec the files' pointing metadata (meta.wcsinfo, \
            meta.pointing) is off the true pointing by that much, for astrometric alignment to find. \
            In --refs (default OUT/refs): the reference files of every detector in \
            the Roman reference-file schemas, consistent with the simulation, for `roman calibrate` \
            or romancal.

            The same --seed gives the same files, whatever subset of detectors is simulated.
            """
    )

    @Option(help: "Output folder.")
    var out = "sim"

    @Option(help: "Reference-file folder (default: OUT/refs).")
    var refs: String?

    @Option(help: "Detectors: a list and ranges of 1-18, e.g. 1-18, 1,4,7 or 1-3,10.")
    var detectors = "1-18"

    @Option(help: "Number of dithered exposures.")
    var exposures = 1

    @Option(help: "Imaging filter: F062, F087, F106, F129, F146, F158, F184 or F213.")
    var filter = "F158"

    @Option(name: .customLong("ma-table"), help: "MA table number: \(MATable.builtIn.keys.sorted().map(String.init).joined(separator: ", ")).")
    var maTable = 109

    @Option(help: "Right ascension of the WFI centre, degrees.")
    var ra = 270.0

    @Option(help: "Declination of the WFI centre, degrees.")
    var dec = 66.0

    @Option(help: "Position angle of the telescope's V3 axis, degrees east of north.")
    var roll = 0.0

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(help: "Detector size in pixels, reference border included (4096; smaller multiples of 32 for fast tests).")
    var size = 4096

    @Option(help: "Random-sky density, sources (stars and galaxies) per square arcminute.")
    var sources = 160.0

    @Option(help: "ECSV catalog of sources to place instead of a random sky (the truth-catalog format: ra, dec, a flux column per filter in maggies; optional type, n, half_light_radius, pa, ba).")
    var catalog: String?

    @Option(help: "Visit id (program, plan, pass, segment, observation, visit: 19 digits).")
    var visit = "0000101001001001001"

    @Option(name: .customLong("start-time"), help: "UTC start of the first exposure (ISO 8601).")
    var startTime = "2027-06-01T00:00:00.000"

    @Option(name: .customLong("pointing-error-arcsec"),
            help: "Error of the recorded pointing: 'EAST,NORTH,ROLL' arcsec (the metadata's WCS is off by that much; default none).")
    var pointingError: String?

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    /// `--pointing-error-arcsec` as numbers.
    func parsedPointingError() throws -> PointingError {
        guard let pointingError else { return .none }
        let values = pointingError.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard values.count == 3, let east = values[0], let north = values[1], let roll = values[2] else {
            throw ValidationError("--pointing-error-arcsec takes EAST,NORTH,ROLL in arcsec, e.g. 2.5,-1.8,25")
        }
        return PointingError(east: east, north: north, roll: roll)
    }

    func validate() throws {
        guard (1...100).contains(exposures) else { throw ValidationError("--exposures must be 1...100") }
        guard size >= 64, size <= 4096, size % 32 == 0 else {
            throw ValidationError("--size must be a multiple of 32 between 64 and 4096")
        }
        guard sources >= 0 else { throw ValidationError("--sources must not be negative") }
        _ = try parsedPointingError()
        guard MATable.builtIn[maTable] != nil else {
            throw ValidationError("unknown MA table \(maTable); built in: \(MATable.builtIn.keys.sorted())")
        }
    }

    func run() throws {
        guard let element = OpticalElement(rawValue: filter.uppercased()), FilterProperties.of(element) != nil else {
            throw ValidationError("'\(filter)' is not an imaging filter (F062, F087, F106, F129, F146, F158, F184, F213)")
        }
        var simulation = VisitSimulation(visit: try VisitID(parsing: visit))
        simulation.detectors = try DetectorList.parse(detectors)
        simulation.exposures = exposures
        simulation.element = element
        simulation.table = MATable.builtIn[maTable]!
        simulation.ra = ra
        simulation.dec = dec
        simulation.paV3 = roll
        simulation.seed = seed
        simulation.size = size
        simulation.density = sources
        simulation.startTime = startTime
        simulation.pointingError = try parsedPointingError()
        if let catalog {
            let table = try ECSVTable(contentsOf: catalog)
            simulation.catalog = try TruthCatalog.sources(from: table, file: catalog, required: [element])
        }
        let bar = ProgressBar(enabled: !quiet)
        let clock = ContinuousClock()
        let start = clock.now
        let output = try simulation.run(out: out, references: refs ?? out + "/refs") { bar.update($0) }
        bar.finish()
        guard !quiet else { return }
        let seconds = (clock.now - start).seconds
        print("""
            simulated \(output.exposures.count) L1 file\(output.exposures.count == 1 ? "" : "s") in \(String(format: "%.1f", seconds)) s \
            (\(output.placedSources) sources placed from \(output.sceneSources), \(output.cosmicRays) cosmic rays)
              L1 files:   \(out)/
              references: \(refs ?? out + "/refs")/ (\(output.references.count) files)
              truth:      \(output.truthCatalog)
              astrometry: \(output.astrometricCatalog)
            """)
    }
}

/// Parses detector lists such as `1-18`, `1,4,7` or `1-3,10`.
enum DetectorList {
    static func parse(_ text: String) throws -> [Int] {
        var detectors: [Int] = []
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let bounds = part.split(separator: "-", maxSplits: 1).map { Int($0) }
            guard !bounds.isEmpty, bounds.allSatisfy({ $0 != nil }) else {
                throw ValidationError("'\(part)' in --detectors is not a number or a range such as 1-18")
            }
            let low = bounds[0]!, high = bounds.last!!
            guard 1 <= low, low <= high, high <= 18 else {
                throw ValidationError("'\(part)' in --detectors is outside 1-18")
            }
            for detector in low...high where !detectors.contains(detector) { detectors.append(detector) }
        }
        guard !detectors.isEmpty else { throw ValidationError("--detectors is empty") }
        return detectors
    }
}
