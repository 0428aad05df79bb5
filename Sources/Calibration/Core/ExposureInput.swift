import Arrays
import ASDF
import Dispatch
import Foundation
import WFI

/// An L1 exposure opened for calibration: the product (its metadata goes forward into the L2)
/// and its ramps as a `Ramp`, after checking that the file is consistent with itself.
public struct ExposureInput: Sendable {
    public let path: String
    /// The product; after `takeRamp()` its `data` and `amp33` are gone (the ramp has them).
    public var product: ScienceRawProduct { box.product }
    private let box: ProductBox
    public let detector: Detector
    public let element: OpticalElement?
    /// UTC start of the exposure, ISO 8601 (for choosing reference files).
    public let startTime: String?

    /// Opens and validates `path` (schema and checksums), and checks the read pattern, frame
    /// time and array shapes against each other.
    public init(path: String) throws {
        self.path = path
        let product: ScienceRawProduct
        do {
            product = try ScienceRawProduct(contentsOf: path, options: ReadOptions(validateChecksums: true))
        } catch {
            throw CalibrationError.unreadableInput(file: path, reason: "\(error)")
        }
        box = ProductBox(product)
        guard let detector = product.detector else {
            throw CalibrationError.inconsistentInput(file: path, problem: "meta.instrument.detector names no WFI detector")
        }
        self.detector = detector
        element = product.opticalElement
        startTime = product.model.meta("exposure/start_time").flatMap(Time.init(node:))?.value.stringValue
        try Self.check(product, path: path)
    }

    static func check(_ product: ScienceRawProduct, path: String) throws {
        guard let shape = product.model.array("data")?.shape, shape.count == 3 else {
            throw CalibrationError.inconsistentInput(file: path, problem: "data is not a (resultants, rows, columns) cube")
        }
        let pattern = product.readPattern
        if pattern.count != shape[0] {
            throw CalibrationError.inconsistentInput(
                file: path, problem: "meta.exposure.read_pattern has \(pattern.count) resultants but data has \(shape[0])")
        }
        if let n = product.model.meta("exposure/nresultants")?.intValue, Int(n) != shape[0] {
            throw CalibrationError.inconsistentInput(file: path, problem: "meta.exposure.nresultants is \(n) but data has \(shape[0]) resultants")
        }
        let reads = pattern.flatMap { $0 }
        if pattern.contains(where: \.isEmpty) || reads.first.map({ $0 < 1 }) ?? true || zip(reads, reads.dropFirst()).contains(where: { $0 >= $1 }) {
            throw CalibrationError.inconsistentInput(file: path, problem: "meta.exposure.read_pattern \(pattern) is not increasing positive read numbers")
        }
        guard let frameTime = product.frameTime, frameTime > 0, frameTime.isFinite else {
            throw CalibrationError.inconsistentInput(file: path, problem: "meta.exposure.frame_time is missing or not positive")
        }
        if shape[1] != shape[2] || shape[1] % 32 != 0 || shape[1] < 64 {
            throw CalibrationError.inconsistentInput(file: path, problem: "data frames are \(shape[1]) x \(shape[2]); expected square, a multiple of 32 (4096)")
        }
        let amp33 = product.model.array("amp33")?.shape ?? []
        if amp33.count != 3 || amp33[0] != shape[0] || amp33[1] != shape[1] {
            throw CalibrationError.inconsistentInput(file: path, problem: "amp33 has shape \(amp33), expected (\(shape[0]), \(shape[1]), channel width)")
        }
    }

    /// The ramps as float32 DN (converted on all cores), with no flags yet.
    public func ramp() throws -> Ramp {
        let data = try product.data(), amp33 = try product.amp33()
        return Ramp(data: try Self.float(data), amp33: try Self.float(amp33),
                    pixelDQ: try TypedArray<UInt32>(shape: Array(data.shape.dropFirst())),
                    groupDQ: try TypedArray<UInt8>(shape: data.shape),
                    readPattern: product.readPattern, frameTime: product.frameTime ?? 0, detector: detector.number)
    }

    /// The ramps, after which the input keeps only its metadata: the decoded L1 arrays are
    /// released (a full-size cube is 335 MB), for every copy of this input.
    public func takeRamp() throws -> Ramp {
        let ramp = try self.ramp()
        box.releaseArrays()
        return ramp
    }

    /// A uint16 array as float32, in parallel blocks.
    static func float(_ array: TypedArray<UInt16>) throws -> TypedArray<Float> {
        var out = try TypedArray<Float>(shape: array.shape)
        let count = array.count
        array.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                nonisolated(unsafe) let input = source, output = target
                let blocks = max(1, min(64, count / 65_536))
                DispatchQueue.concurrentPerform(iterations: blocks) { block in
                    let start = block * count / blocks, end = (block + 1) * count / blocks
                    for i in start..<end { output[i] = Float(input[i]) }
                }
            }
        }
        return out
    }
}

/// The L1 product shared by the copies of an `ExposureInput`, so that taking the ramp releases
/// its arrays for all of them.
private final class ProductBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: ScienceRawProduct

    init(_ product: ScienceRawProduct) { stored = product }

    var product: ScienceRawProduct { lock.lock(); defer { lock.unlock() }; return stored }

    func releaseArrays() {
        lock.lock()
        defer { lock.unlock() }
        var model = stored.model
        for name in ["data", "amp33", "resultantdq", "reference_read", "reference_amp33"] where model.node[name] != nil {
            model.set(name, .null)
        }
        // The file keeps its own copy of the tree, whose array nodes hold the decoded blocks.
        model.file.tree["roman"] = .tagged(model.kind.tag, model.node)
        stored = ScienceRawProduct(unchecked: model)
    }
}
