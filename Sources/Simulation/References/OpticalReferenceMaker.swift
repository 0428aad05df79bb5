import Arrays
import ASDF
import WFI

/// The optical reference files of a simulated detector, consistent with the simulator's optics:
/// `photom` (the MJy/sr conversion from the filters' zero points), `epsf` (the gridded
/// effective PSF the scene was rendered with) and `apcorr` (its encircled energy).
public struct OpticalReferenceMaker: Sendable {
    public var wfiDetector: Detector
    /// Electrons per DN (the photom conversion is per DN/s).
    public var gain: Double
    /// Side of the science array, pixels (4088 at full size).
    public var scienceSize: Int
    /// `meta.useafter` of every file.
    public var useAfter = "2020-01-01T00:00:00.000"

    public init(wfiDetector: Detector, gain: Double, scienceSize: Int = 4088) {
        self.wfiDetector = wfiDetector
        self.gain = gain
        self.scienceSize = scienceSize
    }

    /// Encircled-energy fractions tabulated in the apcorr file.
    public static let eeFractions = stride(from: 0.05, through: 0.951, by: 0.05).map { ($0 * 100).rounded() / 100 }

    /// The photom reference: for every imaging filter, photmjsr from the AB zero point, the
    /// nominal pixel area, the collecting area and the effective-area curve.
    public func photom() throws -> RomanDataModel {
        var arrays: [String: NDArray] = [:]
        var values: [(String, Node)] = []
        let area = PixelScale.nominalAreaSteradians
        for element in OpticalElement.allCases {
            guard let filter = FilterProperties.of(element) else { continue }
            let key = "phot_table/" + element.rawValue
            let conversion = filter.megajanskyPerSteradian(gain: gain, pixelAreaSteradians: area)
            values += [
                (key + "/photmjsr", .float(conversion)),
                (key + "/uncertainty", .float(0.01 * conversion)),
                (key + "/pixelareasr", .float(area)),
                (key + "/collecting_area", .float(FilterProperties.collectingArea)),
            ]
            arrays[key + "/wavelength"] = try TypedArray<Float>(shape: [filter.curveWavelength.count], elements: filter.curveWavelength.map(Float.init)).ndarray
            arrays[key + "/effective_area"] = try TypedArray<Float>(shape: [filter.curveArea.count], elements: filter.curveArea.map(Float.init)).ndarray
        }
        var model = try ReferenceMeta.model(.photomReference, arrays: arrays, detector: wfiDetector, useAfter: useAfter,
                                            description: "Simulated photometric conversion from the filters' AB zero points")
        for (path, value) in values { model.set(path, value) }
        return model
    }

    /// Spectral types of the epsf file, in the order romancal expects (it reads G2V at index 1).
    public static let spectralTypes = ["A0V", "G2V", "M6V"]

    /// The epsf reference of `psf`: one defocus, the three spectral types romancal expects (the
    /// simulator's PSF is monochromatic at the filter's effective wavelength, so the three are
    /// the same), the 3 x 3 grid.
    public func epsf(_ psf: FieldDependentPSF, element: OpticalElement, oversample: Int = 4) throws -> RomanDataModel {
        let grid = try psf.effectivePSF(oversample: oversample)
        let n = grid.shape[1], types = Self.spectralTypes.count
        var cube = try TypedArray<Float>(shape: [1, types, grid.shape[0], n, n])
        cube.withUnsafeMutableBufferPointer { out in
            grid.withUnsafeBufferPointer { source in
                for t in 0..<types { _ = UnsafeMutableBufferPointer(rebasing: out[(t * source.count)...]).update(fromContentsOf: source) }
            }
        }
        var model = try ReferenceMeta.model(.epsfReference, arrays: ["psf": cube.ndarray], detector: wfiDetector,
                                            element: element, useAfter: useAfter,
                                            description: "Simulated obscured-pupil ePSF with field-dependent blur")
        let xs = psf.gridPositions.flatMap { _ in psf.gridPositions }
        let ys = psf.gridPositions.flatMap { y in psf.gridPositions.map { _ in y } }
        model.set("meta/oversample", .int(Int64(oversample)))
        model.set("meta/spectral_type", .sequence(Self.spectralTypes.map { .string($0) }))
        model.set("meta/defocus", .sequence([.int(0)]))
        model.set("meta/pixel_x", .sequence(xs.map { .float($0) }))
        model.set("meta/pixel_y", .sequence(ys.map { .float($0) }))
        model.set("meta/jitter_major", .float(8))
        model.set("meta/jitter_minor", .float(8))
        model.set("meta/jitter_position_angle", .float(0))
        return model
    }

    /// The apcorr reference: per filter, the radii (pixels) enclosing `eeFractions` of a
    /// star's light at the detector centre, the aperture corrections 1/fraction, and a sky
    /// annulus outside 99% of the light.
    public func apcorr(psfs: [OpticalElement: FieldDependentPSF]) throws -> RomanDataModel {
        var arrays: [String: NDArray] = [:]
        var values: [(String, Node)] = []
        for (element, psf) in psfs.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let key = "data/" + element.rawValue
            let radii = psf.encircledEnergyRadii(Self.eeFractions + [0.99])
            arrays[key + "/ee_fractions"] = try TypedArray<Double>(shape: [Self.eeFractions.count], elements: Self.eeFractions).ndarray
            arrays[key + "/ee_radii"] = try TypedArray<Double>(shape: [Self.eeFractions.count], elements: Array(radii.dropLast())).ndarray
            arrays[key + "/ap_corrections"] = try TypedArray<Double>(shape: [Self.eeFractions.count], elements: Self.eeFractions.map { 1 / $0 }).ndarray
            values += [(key + "/sky_background_rin", .float(radii.last!.rounded(.up))),
                       (key + "/sky_background_rout", .float(radii.last!.rounded(.up) + 10))]
        }
        var model = try ReferenceMeta.model(.apcorrReference, arrays: arrays, detector: wfiDetector, useAfter: useAfter,
                                            description: "Simulated aperture corrections from the simulator's PSF")
        for (path, value) in values { model.set(path, value) }
        return model
    }
}

/// The metadata every simulated reference file carries.
enum ReferenceMeta {
    static func model(_ kind: ProductKind, arrays: [String: NDArray], detector: Detector, element: OpticalElement? = nil,
                      useAfter: String, description: String) throws -> RomanDataModel {
        var model = try ModelFactory.make(kind, arrays: arrays)
        model.set("meta/instrument/name", "WFI")
        model.set("meta/instrument/detector", .string(detector.name))
        if let element { model.set("meta/instrument/optical_element", .string(element.rawValue)) }
        model.set("meta/useafter", Time(isot: useAfter).node)
        model.set("meta/author", "roman-wfi simulator")
        model.set("meta/description", .string(description))
        model.set("meta/pedigree", "SIMULATION")
        model.set("meta/origin", "STSCI")
        return model
    }
}
