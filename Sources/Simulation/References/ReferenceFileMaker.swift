import Arrays
import ASDF
import Foundation
import WFI

/// Calibration reference files that describe a simulated detector exactly, in the Roman
/// reference-file schemas, so that calibration (ours or romancal) can undo what the simulator
/// did: mask, saturation, gain, read noise, dark, linearity, inverse linearity, flat, refpix
/// and darkdecaysignal.
///
/// `write` builds and writes one file at a time, so a full-size set peaks at about the largest
/// file (refpix: 3 × 32 × 286721 complex128 ≈ 440 MB; linearity 6 × 4096² float32 ≈ 400 MB).
public struct ReferenceFileMaker: Sendable {
    public var detector: DetectorModel
    public var wfiDetector: Detector
    /// Full frame size including the 4-pixel reference border.
    public var size: Int
    /// Dead and hot pixels: flat index -> flags (DEAD, HOT...).
    public var badPixels: [Int: PixelFlags]
    /// Width of the reference-pixel border (flagged REFERENCE_PIXEL in the mask).
    public var referenceBorder = 4
    /// Per-pixel dark current and QE: the dark reference carries the dark map, the flat the QE,
    /// the mask their flags (as given: HOT/DEAD with DO_NOT_USE, LOW_QE alone).
    public var defects: PixelDefects?
    /// The correlated read-out noise that was simulated: the refpix coefficients are its Wiener
    /// filter and the read-noise reference includes what the correction leaves of it. nil: none
    /// was simulated (the refpix file is then made for the default `CorrelatedReadNoise`).
    public var readoutNoise: CorrelatedReadNoise?
    /// The dark decay of this detector in the `darkdecaysignal` table (the other 17 detectors get
    /// `DarkDecay.simulated(sca:)`); nil: amplitude 0.
    public var darkDecay: DarkDecay?
    /// `meta.useafter` of every file.
    public var useAfter = "2020-01-01T00:00:00.000"

    public init(detector: DetectorModel, wfiDetector: Detector, size: Int = 4096, badPixels: [Int: PixelFlags] = [:]) {
        self.detector = detector
        self.wfiDetector = wfiDetector
        self.size = size
        self.badPixels = badPixels
        self.darkDecay = DarkDecay.simulated(sca: wfiDetector.number)
    }

    /// The files (by reference type), for `element` where the type depends on the filter.
    public func make(element: OpticalElement) throws -> [String: RomanDataModel] {
        var files: [String: RomanDataModel] = [:]
        for (type, build) in builders(element: element) { files[type] = try build() }
        return files
    }

    /// Writes every file into `directory` as `roman_<detector>_<reftype>.asdf`, building one at a
    /// time; returns the paths.
    public func write(element: OpticalElement, to directory: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return try builders(element: element).sorted { $0.type < $1.type }.map { type, build in
            let path = directory + "/roman_\(wfiDetector.fileNameComponent)_\(type).asdf"
            try build().write(to: path)
            return path
        }
    }

    /// One builder per reference type.
    func builders(element: OpticalElement) -> [(type: String, build: () throws -> RomanDataModel)] {
        let detector = self.detector
        let zeroDQ = { try TypedArray<UInt32>(shape: [self.size, self.size]) }
        return [
            ("mask", { try self.model(.maskReference, ["dq": self.mask().ndarray]) }),
            ("saturation", { try self.model(.saturationReference, ["data": self.constant(Float(detector.bias + 0.98 * detector.saturation)).ndarray,
                                                                   "dq": zeroDQ().ndarray]) }),
            ("gain", { try self.model(.gainReference, ["data": self.constant(Float(detector.gain)).ndarray]) }),
            ("readnoise", {
                var model = try self.model(.readnoiseReference, ["data": self.constant(Float(self.effectiveReadNoise())).ndarray])
                model.set("meta/exposure/type", "WFI_IMAGE")
                return model
            }),
            ("dark", {
                var model = try self.model(.darkReference, ["dark_slope": self.darkSlope().ndarray,
                                                            "dark_slope_error": self.constant(Float(0.001 * max(detector.darkCurrent, 1e-3) / detector.gain)).ndarray,
                                                            "dq": zeroDQ().ndarray], element: element)
                model.set("meta/exposure/type", "WFI_IMAGE")
                return model
            }),
            ("linearity", { try self.model(.linearityReference, ["coeffs": self.coefficients(self.linearityCorrection()).ndarray, "dq": zeroDQ().ndarray]) }),
            ("inverselinearity", {
                return try self.model(.inverseLinearityReference, ["coeffs": self.coefficients(self.inverseLinearity()).ndarray,
                                                                   "dq": zeroDQ().ndarray])
            }),
            ("flat", {
                // Flats cover the science array only (4088 x 4088 at full size), as romancal expects.
                let science = self.size - 2 * self.referenceBorder
                return try self.model(.flatReference, ["data": self.flatField().ndarray,
                                                       "err": TypedArray<Float>(shape: [science, science], repeating: 0.001).ndarray,
                                                       "dq": TypedArray<UInt32>(shape: [science, science]).ndarray],
                                      element: element)
            }),
            ("refpix", {
                let noise = try self.readoutNoise ?? CorrelatedReadNoise(geometry: ReadoutGeometry(size: self.size))
                let arrays = try RefpixCoefficients.arrays(noise: noise, readNoise: detector.readNoise)
                return try self.model(.refpixReference, arrays.mapValues(\.ndarray))
            }),
            ("darkdecaysignal", {
                var model = try self.model(.darkDecaySignalReference, [:])
                let own = self.wfiDetector.number, value = self.darkDecay ?? DarkDecay(amplitude: 0, timeConstant: 1)
                DarkDecay.setDecayTable(in: &model) { $0 == own ? value : DarkDecay.simulated(sca: $0) }
                return model
            }),
        ]
    }

    /// dark_slope, DN/s: the defects' dark map, or the detector's dark current, over the gain.
    private func darkSlope() throws -> TypedArray<Float> {
        guard let map = defects?.dark else { return try constant(Float(detector.darkCurrent / detector.gain)) }
        var slope = try TypedArray<Float>(shape: map.shape)
        let gain = Float(detector.gain)
        map.withUnsafeBufferPointer { d in slope.withUnsafeMutableBufferPointer { out in for i in 0..<out.count { out[i] = d[i] / gain } } }
        return slope
    }

    /// The flat: the defects' QE (1 where dead, which the mask flags DO_NOT_USE), else 1.
    /// The flat of the science array: the pixels' QE (1 for dead pixels, which the mask flags).
    private func flatField() throws -> TypedArray<Float> {
        let border = referenceBorder, science = size - 2 * border
        var flat = try TypedArray<Float>(shape: [science, science], repeating: 1)
        guard let qe = defects?.efficiency else { return flat }
        qe.withUnsafeBufferPointer { q in
            flat.withUnsafeMutableBufferPointer { out in
                for y in 0..<science {
                    for x in 0..<science {
                        let value = q[(y + border) * size + x + border]
                        out[y * science + x] = value > 0 ? value : 1
                    }
                }
            }
        }
        return flat
    }

    /// Coefficients c_k (k = 0...degree) of the polynomial that maps a raw measured DN (bias
    /// included, as the L1 file holds it and romancal's linearity step evaluates it) to the
    /// linear DN, bias + true signal: least-squares fitted over the unsaturated range. Degree 5
    /// inverts the simulated cubic response to well under a DN.
    public func linearityCorrection(degree: Int = 5) -> [Double] {
        let top = detector.fullWell(), bias = detector.bias
        let samples = 400
        // Fit in scaled units u = raw / scale to keep the normal equations well conditioned.
        let scale = max(bias + detector.measured(top), 1)
        let terms = degree + 1
        var ata = [[Double]](repeating: [Double](repeating: 0, count: terms), count: terms)
        var atb = [Double](repeating: 0, count: terms)
        for i in 0...samples {
            let t = top * Double(i) / Double(samples)
            let u = (bias + detector.measured(t)) / scale
            let powers = (0..<terms).map { pow(u, Double($0)) }
            for r in 0..<terms {
                atb[r] += powers[r] * (bias + t)
                for c in 0..<terms { ata[r][c] += powers[r] * powers[c] }
            }
        }
        let solution = Self.solve(ata, atb)
        return (0..<terms).map { solution[$0] / pow(scale, Double($0)) }
    }

    /// Coefficients of the exact inverse: linear DN L (bias included) to raw DN,
    /// B + x + c1 x² + c2 x³ with x = L − B, expanded in powers of L.
    public func inverseLinearity() -> [Double] {
        let b = detector.bias, (c1, c2) = detector.nonlinearity
        return [c1 * b * b - c2 * b * b * b, 1 - 2 * c1 * b + 3 * c2 * b * b, c1 - 3 * c2 * b, c2]
    }

    /// The read noise per read that calibrated data show, DN: the white read noise plus what the
    /// reference-pixel correction leaves of the correlated read-out noise (the Wiener residual of
    /// its 1/f and alternating-column parts), as a read-noise reference measured on corrected darks
    /// holds it. Without correlated noise (`readoutNoise` nil) it is the white read noise.
    public func effectiveReadNoise() -> Double {
        guard let noise = readoutNoise else { return detector.readNoise }
        let fraction = RefpixCoefficients.expectedResidualFraction(noise: noise, readNoise: detector.readNoise)
        let correlated = noise.oneOverFRMS * noise.oneOverFRMS + noise.alternatingRMS * noise.alternatingRMS
        return (detector.readNoise * detector.readNoise + fraction * correlated).squareRoot()
    }

    /// Gaussian elimination with partial pivoting for a small dense system.
    static func solve(_ matrix: [[Double]], _ vector: [Double]) -> [Double] {
        var a = matrix, b = vector
        let n = b.count
        for column in 0..<n {
            let pivot = (column..<n).max { abs(a[$0][column]) < abs(a[$1][column]) } ?? column
            a.swapAt(column, pivot)
            b.swapAt(column, pivot)
            guard a[column][column] != 0 else { continue }
            for row in (column + 1)..<n {
                let factor = a[row][column] / a[column][column]
                for k in column..<n { a[row][k] -= factor * a[column][k] }
                b[row] -= factor * b[column]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            let sum = ((row + 1)..<n).reduce(b[row]) { $0 - a[row][$1] * x[$1] }
            x[row] = a[row][row] == 0 ? 0 : sum / a[row][row]
        }
        return x
    }

    private func constant(_ value: Float) throws -> TypedArray<Float> {
        try TypedArray<Float>(shape: [size, size], repeating: value)
    }

    /// (ncoeff, size, size) with the same coefficients for every pixel.
    private func coefficients(_ values: [Double]) throws -> TypedArray<Float> {
        var cube = try TypedArray<Float>(shape: [values.count, size, size])
        let plane = size * size
        cube.withUnsafeMutableBufferPointer { b in
            for (k, value) in values.enumerated() {
                b[(k * plane)..<((k + 1) * plane)].update(repeating: Float(value))
            }
        }
        return cube
    }

    private func mask() throws -> TypedArray<UInt32> {
        var dq = try TypedArray<UInt32>(shape: [size, size])
        let border = referenceBorder
        dq.withUnsafeMutableBufferPointer { b in
            for y in 0..<size {
                for x in 0..<size where y < border || y >= size - border || x < border || x >= size - border {
                    b[y * size + x] = PixelFlags.referencePixel.rawValue
                }
            }
            for (index, flags) in badPixels where index >= 0 && index < b.count {
                b[index] |= flags.rawValue | PixelFlags.doNotUse.rawValue
            }
            for (index, flags) in defects?.flags ?? [:] where index >= 0 && index < b.count {
                b[index] |= flags.rawValue
            }
        }
        return dq
    }

    private func model(_ kind: ProductKind, _ arrays: [String: NDArray], element: OpticalElement? = nil) throws -> RomanDataModel {
        try ReferenceMeta.model(kind, arrays: arrays, detector: wfiDetector, element: element, useAfter: useAfter,
                                description: "Simulated \(kind.referenceType ?? kind.name) reference matching the simulator's detector model")
    }
}
