import Foundation
import WCS
import WFI

/// What a simulation run wrote.
public struct SimulationOutput: Sendable {
    /// The L1 `_uncal.asdf` files, in exposure then detector order.
    public var exposures: [String] = []
    /// The reference files.
    public var references: [String] = []
    /// The scene's truth catalog and the Gaia-like astrometric catalog (ECSV).
    public var truthCatalog = ""
    public var astrometricCatalog = ""
    /// Sources in the scene and, summed over the files, sources that landed on a detector.
    public var sceneSources = 0
    public var placedSources = 0
    public var cosmicRays = 0
}

/// Progress of a run: `done` of `total` steps, and what just finished.
public struct SimulationProgress: Sendable {
    public var done: Int
    public var total: Int
    public var message: String
}

extension VisitSimulation {
    /// Simulates the whole visit into `out`: the truth and astrometric catalogs, the reference
    /// files of every detector into `references`, then every exposure of every detector. Each
    /// file is written atomically; `progress` is called after each step.
    public func run(out: String, references: String, progress: (SimulationProgress) -> Void = { _ in }) throws -> SimulationOutput {
        let manager = FileManager.default
        try manager.createDirectory(atPath: out, withIntermediateDirectories: true)
        try manager.createDirectory(atPath: references, withIntermediateDirectories: true)
        var output = SimulationOutput()
        let total = 2 + detectors.count + exposures * detectors.count
        var done = 0
        func step(_ message: String) {
            done += 1
            progress(SimulationProgress(done: done, total: total, message: message))
        }

        // The truth lists the sources that land on (or within a PSF radius of) a detector.
        let psf = try self.psf()
        let views = try allProjections()
        let filter = FilterProperties.of(element)!
        let sources = try self.sources().filter { source in
            views.contains { !$0.project([source], filter: filter, element: element, margin: Double(psf.radius)).isEmpty }
        }
        output.sceneSources = sources.count
        let prefix = out + "/r" + visit.description
        output.truthCatalog = prefix + "_truth.ecsv"
        try TruthCatalog.table(sources, meta: catalogMeta()).write(to: output.truthCatalog)
        output.astrometricCatalog = prefix + "_gaia.ecsv"
        try AstrometricCatalog.seeded(seed).table(sources, observationEpoch: try observationEpoch()).write(to: output.astrometricCatalog)
        step("wrote \(sources.count) sources to \(output.truthCatalog) and \(output.astrometricCatalog)")

        step("tabulated the \(element.rawValue) PSF on a 3 x 3 grid")

        for detector in detectors {
            output.references += try writeReferences(detector: detector, psf: psf, to: references)
            step("wrote the reference files of WFI\(String(format: "%02d", detector))")
        }

        for exposure in 1...exposures {
            for detector in detectors {
                let simulated = try simulate(exposure: exposure, detector: detector, sources: sources, psf: psf)
                guard let name = simulated.product.fileName(suffix: .uncal) else {
                    throw SimulationError.unnamed(exposure: exposure, detector: detector)
                }
                let path = out + "/" + name
                try simulated.product.model.write(to: path)
                output.exposures.append(path)
                let placed = simulated.scene.stars.count + simulated.scene.galaxies.count
                output.placedSources += placed
                output.cosmicRays += simulated.ramps.cosmicRays.count
                step("\(name): \(placed) sources, \(simulated.ramps.cosmicRays.count) cosmic rays")
            }
        }
        return output
    }

    /// The reference files of one detector, consistent with the simulation: the detector
    /// model's (mask, saturation, linearity, dark, gain, read noise, flat, ...), the SIAF
    /// distortion, and the optics' photom, epsf and apcorr.
    func writeReferences(detector: Int, psf: FieldDependentPSF, to directory: String) throws -> [String] {
        let wfi = try Detector(number: detector)
        var maker = ReferenceFileMaker(detector: detectorModel, wfiDetector: wfi, size: size)
        maker.defects = try defects(detector: detector)
        maker.readoutNoise = effects.correlatedNoise ? try readoutNoise() : nil
        maker.darkDecay = effects.darkDecay ? DarkDecay.simulated(sca: detector) : nil
        var paths = try maker.write(element: element, to: directory)
        let optical = OpticalReferenceMaker(wfiDetector: wfi, gain: detectorModel.gain, scienceSize: scienceSize)
        let base = directory + "/roman_\(wfi.fileNameComponent)_"
        let filter = element.rawValue.lowercased()
        let models: [(String, RomanDataModel)] = [
            ("distortion", try DistortionReference.make(detector: detector, useAfter: optical.useAfter,
                                                       opticalElement: element.rawValue, scienceSize: scienceSize)),
            ("photom", try optical.photom()),
            (filter + "_epsf", try optical.epsf(psf, element: element)),
            (filter + "_apcorr", try optical.apcorr(psfs: [element: psf])),
        ]
        for (type, model) in models {
            let path = base + type + ".asdf"
            try model.write(to: path)
            paths.append(path)
        }
        return paths
    }

    /// Provenance recorded in the catalogs' headers.
    func catalogMeta() -> [(key: String, value: String)] {
        [("visit", visit.description), ("pointing_ra", "\(ra)"), ("pointing_dec", "\(dec)"), ("pa_v3", "\(paV3)"),
         ("seed", "\(seed)"), ("start_time", startTime), ("generator", catalog == nil ? "SkySceneGenerator" : "given catalog")]
            + (pointingError == .none ? [] : [("pointing_error_arcsec",
                                               "\(pointingError.east) \(pointingError.north) \(pointingError.roll)")])
    }
}
