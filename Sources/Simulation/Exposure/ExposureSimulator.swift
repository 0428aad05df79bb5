import Arrays
import Foundation
import WCS
import WFI

/// One simulated L1 exposure of one detector, with the truth it was made from.
public struct SimulatedExposure: Sendable {
    /// The `_uncal` product, named per the conventions (`product.fileName(suffix: .uncal)`).
    public var product: ScienceRawProduct
    /// The sources on the detector, in science-array pixels, with their truth ids.
    public var scene: DetectorScene
    /// The light that reached each pixel, electrons per second, on the full frame (border
    /// included, where it is zero): sky plus sources, before IPC and detector effects.
    public var rate: TypedArray<Float>
    /// What the ramp simulator injected (cosmic rays).
    public var ramps: RampSimulator.Truth
    public var projection: DetectorProjection
}

extension VisitSimulation {
    /// The PSF every detector of this visit is rendered with (the same optics and field
    /// dependence for all; tabulated once, about a second).
    public func psf() throws -> FieldDependentPSF {
        guard let optics = ObscuredPupilPSF(element: element) else { throw SimulationError.notImaging(element) }
        return FieldDependentPSF(optics: optics, detectorSize: scienceSize)
    }

    /// Simulates exposure `exposure` (1-based) of `detector` over `sources`, rendered with `psf`.
    public func simulate(exposure: Int, detector: Int, sources: [SkySource], psf: FieldDependentPSF) throws -> SimulatedExposure {
        guard let filter = FilterProperties.of(element) else { throw SimulationError.notImaging(element) }
        let view = try projection(exposure: exposure, detector: detector)
        // Sources up to a PSF radius outside the array still throw light onto it.
        let scene = view.project(sources, filter: filter, element: element, margin: Double(psf.radius))
        let renderer = SceneRenderer(psf: psf)
        let sky = filter.skyRate(pixelArea: PixelScale.nominalArea)
        let rate = try renderer.render(scene.stars, galaxies: scene.galaxies, width: size, height: size, sky: sky,
                                       border: Self.border)
        let ramps = try rampSimulator(exposure: exposure, detector: detector).simulateExposure(rate: rate)
        let description = try exposureDescription(exposure: exposure, detector: detector, view: view)
        let product = try L1Assembler.product(cube: ramps.cube, amp33: ramps.amp33, table: table, description: description)
        return SimulatedExposure(product: product, scene: scene, rate: rate, ramps: ramps.truth, projection: view)
    }

    /// The ramp simulator of one (exposure, detector) pair, with the detector's effects.
    func rampSimulator(exposure: Int, detector: Int) throws -> RampSimulator {
        var ramps = RampSimulator(table: table, detector: detectorModel, seed: rampSeed(exposure: exposure, detector: detector))
        ramps.referenceBorder = Self.border
        ramps.sca = detector
        ramps.defects = try defects(detector: detector)
        ramps.ipc = effects.ipc ? IPCKernel() : nil
        ramps.darkDecay = effects.darkDecay ? DarkDecay.simulated(sca: detector) : nil
        ramps.readoutNoise = effects.correlatedNoise ? try readoutNoise() : nil
        return ramps
    }

    /// The hot, dead and low-QE pixels of a detector: the same in every exposure and in its
    /// reference files.
    public func defects(detector: Int) throws -> PixelDefects? {
        guard effects.defects else { return nil }
        return try PixelDefects.random(size: size, border: Self.border, baseDark: detectorModel.darkCurrent,
                                       seed: seed ^ (UInt64(detector) << 48))
    }

    /// The correlated read-out noise model of this frame size.
    func readoutNoise() throws -> CorrelatedReadNoise {
        CorrelatedReadNoise(geometry: try ReadoutGeometry(size: size))
    }

    /// The L1 metadata of one detector's exposure: the claimed pointing (the true one unless
    /// `pointingError` is set).
    func exposureDescription(exposure: Int, detector: Int, view: DetectorProjection) throws -> ExposureDescription {
        let attitude = claimedAttitude(exposure: exposure)
        let claimed = try DetectorProjection(detector: detector, attitude: attitude, scienceSize: scienceSize)
        let reference = try attitude.reference(detector: detector)
        let aperture = view.geometry.aperture
        // The footprint in gwcs' corner order, written as romancal writes s_region.
        let last = Double(scienceSize) - 0.5
        let corners = [(-0.5, -0.5), (-0.5, last), (last, last), (last, -0.5)].map { claimed.sky(x: $0.0, y: $0.1) }
        let region = GWCS.sRegion(corners: corners.map { ($0.ra, $0.dec) }) ?? ""
        let v1 = attitude.v1
        var description = ExposureDescription(
            visit: visit, exposure: exposure, detector: try Detector(number: detector), element: element,
            startTime: try startTime(exposure: exposure), ra: ra, dec: dec, paV3: attitude.paV3)
        description.wcs = WCSInfo(v2Ref: reference.v2Ref, v3Ref: reference.v3Ref, v3YAngle: aperture.v3IdlYAngle,
                                  vParity: aperture.vIdlParity, raRef: reference.raRef, decRef: reference.decRef,
                                  rollRef: reference.rollRef, sRegion: region, raV1: v1.ra, decV1: v1.dec)
        return description
    }
}
