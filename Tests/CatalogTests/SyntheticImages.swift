#if canImport(Glibc)
import Glibc
#endif
import Arrays
import ASDF
@testable import Catalog
import WFI

/// Small synthetic L2 and L3 images with known sources, built in memory.
struct SyntheticImage {
    var width = 128
    var height = 128
    /// Sky level and Gaussian noise, DN/s.
    var sky: Float = 1
    var noise: Float = 0.05
    var seed: UInt64 = 1
    /// Sources: (x, y, total flux DN/s, Gaussian sigma px).
    var sources: [(x: Double, y: Double, flux: Double, sigma: Double)] = []
    /// (MJy/sr) per (DN/s) and the pixel area, sr.
    var photmjsr = 0.5
    var pixelArea = 2.8e-13

    /// The rate image without noise.
    func noiseless() -> [Float] {
        var data = [Float](repeating: sky, count: width * height)
        for s in sources {
            let r = Int(6 * s.sigma) + 2
            for y in max(0, Int(s.y) - r)...min(height - 1, Int(s.y) + r) {
                for x in max(0, Int(s.x) - r)...min(width - 1, Int(s.x) + r) {
                    // Pixel-integrated Gaussian (error functions), flux conserved.
                    let fx = 0.5 * (erf((Double(x) + 0.5 - s.x) / (s.sigma * 2.0.squareRoot())) - erf((Double(x) - 0.5 - s.x) / (s.sigma * 2.0.squareRoot())))
                    let fy = 0.5 * (erf((Double(y) + 0.5 - s.y) / (s.sigma * 2.0.squareRoot())) - erf((Double(y) - 0.5 - s.y) / (s.sigma * 2.0.squareRoot())))
                    data[y * width + x] += Float(s.flux * fx * fy)
                }
            }
        }
        return data
    }

    /// Gaussian noise from a fixed generator (Box–Muller on SplitMix64).
    func noisy() -> [Float] {
        var state = seed
        func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return (Double((z ^ (z >> 31)) >> 11) + 0.5) / Double(1 << 53)
        }
        return noiseless().map { $0 + noise * Float((-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform())) }
    }

    /// An L2 `wfi_image` model (no WCS) holding `data`, with err = noise and the given dq.
    func l2Model(data: [Float]? = nil, dq: [UInt32]? = nil) throws -> RomanDataModel {
        let pixels = data ?? noisy()
        var model = try ModelFactory.make(.image, arrays: [
            "data": try TypedArray<Float>(shape: [height, width], elements: pixels).ndarray,
            "err": try TypedArray<Float16>(shape: [height, width], repeating: Float16(noise)).ndarray,
            "dq": try TypedArray<UInt32>(shape: [height, width], elements: dq ?? [UInt32](repeating: 0, count: width * height)).ndarray,
        ])
        model.set("meta/photometry/conversion_megajanskys", .float(photmjsr))
        model.set("meta/photometry/pixel_area", .float(pixelArea))
        model.set("meta/wcs", .null)
        model.set("meta/instrument/optical_element", "F158")
        return model
    }

    /// A catalog image from an L2 model.
    func image(data: [Float]? = nil, dq: [UInt32]? = nil) throws -> CatalogImage {
        try CatalogImage(model: try l2Model(data: data, dq: dq), path: "synthetic_cal.asdf")
    }

    /// The step with small meshes and no PSF fit (no epsf for synthetic images).
    static func step(deblend: Bool = false, npixels: Int = 10) -> SourceCatalogStep {
        var options = CatalogOptions()
        options.backgroundBoxSize = 32
        options.npixels = npixels
        options.deblend = deblend
        options.fitPSF = false
        return SourceCatalogStep(options: options)
    }
}
