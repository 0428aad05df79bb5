import Arrays
import Foundation
import Simulation
import WFI
@testable import Calibration

/// Simulated ramps for the ramp-fit tests: a science area of `size`² plus a 4-pixel border, in
/// linear DN above bias, with SATURATED flags from `saturationDN` on.
struct SimulatedRamp {
    var ramp: Ramp
    /// Electrons per second that reached each pixel (rate + dark current).
    var electronRate: TypedArray<Float>
    var readNoise: TypedArray<Float>
    var gain: TypedArray<Float>
    var truth: RampSimulator.Truth
    var detector: DetectorModel

    static let border = 4

    /// `rate(y, x)` in e/s on the full frame (the border sees no light anyway).
    init(size: Int, table: MATable = .table109, seed: UInt64, detector: DetectorModel = DetectorModel(),
         saturationDN: Float = 53_900, rate: (Int, Int) -> Float) throws {
        let full = size + 2 * Self.border
        var rates = try TypedArray<Float>(shape: [full, full])
        rates.withUnsafeMutableBufferPointer { b in
            for y in 0..<full { for x in 0..<full { b[y * full + x] = rate(y, x) } }
        }
        var simulator = RampSimulator(table: table, detector: detector, seed: seed)
        simulator.referenceBorder = Self.border
        let (cube, truth) = try simulator.simulate(rate: rates)
        let resultants = table.resultantCount
        let (data, groupDQ) = try SimulatedRampPreparation.prepare(cube, bias: detector.bias, saturation: Float(saturationDN))
        var electronRate = rates
        electronRate.withUnsafeMutableBufferPointer { b in
            for y in 0..<full {
                for x in 0..<full {
                    let reference = y < Self.border || x < Self.border || y >= full - Self.border || x >= full - Self.border
                    b[y * full + x] = reference ? 0 : b[y * full + x] + Float(detector.darkCurrent)
                }
            }
        }
        ramp = Ramp(data: data, amp33: try TypedArray<Float>(shape: [resultants, full, 1]),
                    pixelDQ: try TypedArray<UInt32>(shape: [full, full]), groupDQ: groupDQ,
                    readPattern: table.readPattern, frameTime: table.frameTime, detector: 1)
        readNoise = try TypedArray<Float>(shape: [full, full], repeating: Float(detector.readNoise))
        gain = try TypedArray<Float>(shape: [full, full], repeating: Float(detector.gain))
        self.electronRate = electronRate
        self.truth = truth
        self.detector = detector
    }
}

/// Raw native-endian array files for the Python reference scripts.
enum RawFiles {
    static func write<T: ArrayElement>(_ array: TypedArray<T>, to path: String) throws {
        let data = array.withUnsafeBufferPointer { Data(buffer: $0) }
        try data.write(to: URL(fileURLWithPath: path))
    }

    static func read<T: ArrayElement>(_ type: T.Type, shape: [Int], from path: String) throws -> TypedArray<T> {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let elements: [T] = data.withUnsafeBytes { Array($0.bindMemory(to: T.self)) }
        return try TypedArray<T>(shape: shape, elements: elements)
    }
}
