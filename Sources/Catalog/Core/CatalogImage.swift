#if canImport(Glibc)
import Glibc
#endif
import Arrays
import Dispatch
import ASDF
import WCS
import WFI

/// An image to catalog, as romancal's source catalog reads it: an L2 rate image (DN/s) or an
/// L3 mosaic (MJy/sr), with its error, the mask of unusable pixels (non-finite data or error,
/// error ≤ 0 and, for L2, DO_NOT_USE), the factor to nanojanskys per pixel and its WCS.
public struct CatalogImage: Sendable {
    public enum Level: Sendable { case image, mosaic }

    public var level: Level
    public var data: Raster<Float>
    public var error: Raster<Float>
    public var mask: [Bool]
    /// L2: the dq array (warning flags come from its DO_NOT_USE bit).
    public var dq: Raster<UInt32>?
    /// L3: the drizzle weight (warning flags where it is 0).
    public var weight: Raster<Float>?
    /// Multiplies the data and error into nJy per pixel: photmjsr (L2 only) × pixel area × 1e15.
    public var toNanojansky: Double
    /// Pixel area, steradians: `meta.photometry.pixel_area` when positive, else from the WCS.
    public var pixelArea: Double
    /// Pixel scale at the image centre along north (arcsec) and the angle from +x to north
    /// (degrees), from the WCS (nil without one).
    public var wcsScale: (arcsec: Double, northAngle: Double)?
    public var wcs: GWCS?
    public var element: OpticalElement?
    /// The product the image came from (its metadata goes into the outputs).
    public var model: RomanDataModel

    public var width: Int { data.width }
    public var height: Int { data.height }

    /// √(pixel area) in arcsec: romancal's scale for areas, shapes and Kron radii.
    public var areaScale: Double { pixelArea.squareRoot() * 180 / .pi * 3600 }
    /// The WCS pixel scale (arcsec) where there is a WCS, else √(pixel area): romancal's scale for
    /// aperture radii and neighbour distances.
    public var linearScale: Double { wcsScale?.arcsec ?? areaScale }

    /// Reads an L2 `_cal` or L3 `_coadd` file.
    public init(path: String) throws(CatalogError) {
        let model: RomanDataModel
        do { model = try RomanDataModel(contentsOf: path) } catch { throw .product(error) }
        try self.init(model: model, path: path)
    }

    public init(model: RomanDataModel, path: String) throws(CatalogError) {
        self.model = Self.metadataOnly(model)
        switch model.kind.name {
        case ProductKind.image.name: level = .image
        case ProductKind.mosaic.name: level = .mosaic
        default: throw .notAnImage(path: path, kind: model.kind.name)
        }
        // Each array is decoded straight into its raster; each decode runs on all cores.
        data = try Self.raster(model, "data", Float.self, path: path)
        let shape = [data.height, data.width]
        error = try Self.floatRaster(model, "err", path: path, shape: shape)
        if level == .image {
            let dq = try Self.raster(model, "dq", UInt32.self, path: path)
            guard dq.width == data.width, dq.height == data.height else {
                throw .array(path: path, name: "dq", reason: "shape [\(dq.height), \(dq.width)] differs from data \(shape)")
            }
            self.dq = dq
        } else if model.array("weight") != nil {
            weight = try Self.floatRaster(model, "weight", path: path, shape: shape)
        }
        var mask = [Bool](repeating: false, count: data.count)
        let (pixels, errors, flags) = (data.pixels, error.pixels, dq?.pixels)
        let doNotUse = PixelFlags.doNotUse.rawValue
        mask.withUnsafeMutableBufferPointer { m in
            nonisolated(unsafe) let out = m
            Parallel.chunks(out.count, minimumChunk: 1 << 16) { range in
                pixels.withUnsafeBufferPointer { d in
                    errors.withUnsafeBufferPointer { e in
                        if let flags {
                            flags.withUnsafeBufferPointer { f in
                                for i in range { out[i] = !d[i].isFinite || !e[i].isFinite || e[i] <= 0 || f[i] & doNotUse != 0 }
                            }
                        } else {
                            for i in range { out[i] = !d[i].isFinite || !e[i].isFinite || e[i] <= 0 }
                        }
                    }
                }
            }
        }
        self.mask = mask
        element = model.meta("instrument/optical_element")?.stringValue.flatMap(OpticalElement.init(rawValue:))
        if let node = model.meta("wcs"), !node.isNull {
            do { wcs = try GWCS(node: node, path: "roman/meta/wcs") } catch { throw .wcs(path: path, reason: "\(error)") }
        }
        if let wcs { wcsScale = Self.scaleAndNorthAngle(wcs, x: Double(data.width - 1) / 2, y: Double(data.height - 1) / 2) }
        let metaArea = model.meta("photometry/pixel_area")?.doubleValue ?? 0
        if metaArea > 0 && metaArea.isFinite {
            pixelArea = metaArea
        } else if let scale = wcsScale?.arcsec {
            pixelArea = pow(scale / 3600 * .pi / 180, 2)
        } else {
            throw .wcs(path: path, reason: "no WCS and no meta.photometry.pixel_area: the pixel area is unknown")
        }
        var factor = pixelArea * 1e15  // MJy/sr -> nJy per pixel
        if level == .image {
            guard let conversion = model.meta("photometry/conversion_megajanskys")?.doubleValue, conversion.isFinite, conversion > 0 else {
                throw .missingPhotometry(path: path)
            }
            factor *= conversion
        }
        toNanojansky = factor
    }

    /// The product without its arrays (their decompressed buffers are freed once the rasters
    /// hold the pixels): only the metadata goes forward.
    static func metadataOnly(_ model: RomanDataModel) -> RomanDataModel {
        var node = model.node
        for (key, value) in model.node.mappingValue ?? [:] where key.description != "meta" {
            if case .ndarray = value { node[key.description] = .null }
        }
        var stripped = RomanDataModel(kind: model.kind, node: node)
        stripped.file.tree = .map([:])
        return stripped
    }

    static func raster<T: ArrayElement>(_ model: RomanDataModel, _ name: String, _: T.Type, path: String) throws(CatalogError) -> Raster<T> {
        guard let array = model.array(name) else { throw .array(path: path, name: name, reason: "missing") }
        guard array.shape.count == 2 else { throw .array(path: path, name: name, reason: "shape \(array.shape) is not 2-D") }
        do { return Raster(width: array.shape[1], height: array.shape[0], pixels: try array.elements(T.self)) } catch {
            throw .array(path: path, name: name, reason: "\(error)")
        }
    }

    /// A float32 or float16 image as float32, checked against `shape`.
    static func floatRaster(_ model: RomanDataModel, _ name: String, path: String, shape: [Int]) throws(CatalogError) -> Raster<Float> {
        guard let array = model.array(name) else { throw .array(path: path, name: name, reason: "missing") }
        guard array.shape == shape else { throw .array(path: path, name: name, reason: "shape \(array.shape) differs from data \(shape)") }
        do {
            if array.dataType == .float16 {
                let half = try array.typed(Float16.self)
                var pixels = [Float](repeating: 0, count: half.count)
                pixels.withUnsafeMutableBufferPointer { p in
                    nonisolated(unsafe) let out = p
                    half.withUnsafeBufferPointer { h in
                        nonisolated(unsafe) let source = h
                        let table = Self.halfToFloat
                        Parallel.chunks(out.count, minimumChunk: 1 << 16) { range in
                            table.withUnsafeBufferPointer { t in for i in range { out[i] = t[Int(source[i].bitPattern)] } }
                        }
                    }
                }
                return Raster(width: shape[1], height: shape[0], pixels: pixels)
            }
            return Raster(width: shape[1], height: shape[0], pixels: try array.typed(Float.self).elements)
        } catch { throw .array(path: path, name: name, reason: "\(error)") }
    }

    /// Every float16 bit pattern as a float (a table lookup beats the software conversion).
    static let halfToFloat: [Float] = (0...UInt16.max).map { Float(Float16(bitPattern: $0)) }

    /// photutils `pixel_scale_angle_at_skycoord` (romancal `_wcs_helpers.py`): the sky position
    /// of (x, y) and the point 1″ north of it are taken back to pixels with the WCS inverse (as
    /// gwcs' `world_to_pixel` does); the scale is 1″ over the pixel distance, the angle that of
    /// the pixel step from +x.
    static func scaleAndNorthAngle(_ wcs: GWCS, x: Double, y: Double) -> (arcsec: Double, northAngle: Double)? {
        guard let sky = try? wcs.evaluate([x, y]), sky.count == 2, sky.allSatisfy(\.isFinite),
              let here = try? wcs.invert(sky), let north = try? wcs.invert([sky[0], sky[1] + 1.0 / 3600]),
              here.allSatisfy(\.isFinite), north.allSatisfy(\.isFinite) else { return nil }
        let (dx, dy) = (north[0] - here[0], north[1] - here[1])
        let distance = (dx * dx + dy * dy).squareRoot()
        guard distance > 0 else { return nil }
        return (1 / distance, atan2(dy, dx) * 180 / .pi)
    }
}
