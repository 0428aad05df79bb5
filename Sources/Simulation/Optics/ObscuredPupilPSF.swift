#if canImport(Glibc)
import Glibc
#endif
import Arrays
import WFI

/// The diffraction point-spread function of Roman's annular pupil (2.36 m primary, central
/// obscuration 0.303 of the diameter), for a filter's effective wavelength, integrated over
/// detector pixels. The far-field intensity of an annulus is
/// I(x) ∝ [2 J1(x)/x − ε² 2 J1(εx)/(εx)]², x = π D θ / λ (Born & Wolf, Principles of Optics,
/// §8.6). Struts and aberrations are not included.
public struct ObscuredPupilPSF: Sendable {
    /// Primary mirror diameter, metres.
    public static let diameter = 2.36
    /// Linear central obscuration (secondary mirror diameter / primary diameter).
    public static let obscuration = 0.303
    /// Detector pixel scale, arcseconds per pixel.
    public static let pixelScale = 0.11

    /// Wavelength, micrometres.
    public var wavelength: Double
    /// Sub-samples per pixel side when integrating over a pixel.
    public var oversampling = 8

    public init(wavelength: Double) { self.wavelength = wavelength }

    /// The PSF of an imaging filter at its effective wavelength (nil for grism, prism and dark).
    public init?(element: OpticalElement) {
        guard let wavelength = FilterProperties.of(element)?.wavelength else { return nil }
        self.init(wavelength: wavelength)
    }

    /// λ/D in pixels.
    public var diffractionScale: Double {
        wavelength * 1e-6 / Self.diameter * 206_264.806 / Self.pixelScale
    }

    /// Relative intensity at `r` pixels from the centre (1 at the centre).
    public func intensity(radius r: Double) -> Double {
        let x = Double.pi * r / diffractionScale
        guard x > 1e-8 else { return 1 }
        let e = Self.obscuration
        let amplitude = (2 * j1(x) / x - e * e * 2 * j1(e * x) / (e * x)) / (1 - e * e)
        return amplitude * amplitude
    }

    /// A (2·radius+1)² stamp centred at sub-pixel offset (dx, dy) from its central pixel, each
    /// pixel the intensity integrated over its area, normalised to sum to 1.
    public func stamp(radius: Int, dx: Double = 0, dy: Double = 0) throws -> TypedArray<Float> {
        let side = 2 * radius + 1
        var stamp = try TypedArray<Float>(shape: [side, side])
        let n = oversampling
        var total = 0.0
        var values = [Double](repeating: 0, count: side * side)
        for py in 0..<side {
            for px in 0..<side {
                var sum = 0.0
                for sy in 0..<n {
                    let y = Double(py - radius) - dy + (Double(sy) + 0.5) / Double(n) - 0.5
                    for sx in 0..<n {
                        let x = Double(px - radius) - dx + (Double(sx) + 0.5) / Double(n) - 0.5
                        sum += intensity(radius: (x * x + y * y).squareRoot())
                    }
                }
                values[py * side + px] = sum
                total += sum
            }
        }
        stamp.withUnsafeMutableBufferPointer { b in
            for i in b.indices { b[i] = Float(values[i] / total) }
        }
        return stamp
    }
}
