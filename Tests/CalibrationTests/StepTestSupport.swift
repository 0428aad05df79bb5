import Arrays
import Foundation
import InteropSupport
import Testing
@testable import Calibration

/// Raw float32/uint arrays exchanged with inline Python scripts through files.
enum StepInterop {
    static func write<T: ArrayElement>(_ array: TypedArray<T>, _ path: String) throws {
        try array.withUnsafeBufferPointer { try Data(buffer: $0).write(to: URL(fileURLWithPath: path)) }
    }

    static func read<T: ArrayElement>(_ path: String, shape: [Int], as type: T.Type) throws -> TypedArray<T> {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var array = try TypedArray<T>(shape: shape)
        array.withUnsafeMutableBufferPointer { out in _ = data.copyBytes(to: out) }
        return array
    }

    /// Runs `python -c script dir`; records the Python error output on failure.
    static func python(_ script: String, _ directory: String) throws -> Bool {
        guard let output = try PythonTools.run(["-c", script, directory]) else { return false }
        if output.status != 0 { Issue.record("python failed: \(output.stderr.suffix(2000))") }
        return output.status == 0
    }

    static func ramp(resultants n: Int, size: Int, readPattern: [[Int]], frameTime: Double = 3.04, detector: Int = 1,
                     fill: (Int, Int, Int) -> Float) throws -> Ramp {
        var data = try TypedArray<Float>(shape: [n, size, size])
        data.withUnsafeMutableBufferPointer { d in
            for g in 0..<n { for y in 0..<size { for x in 0..<size { d[(g * size + y) * size + x] = fill(g, y, x) } } }
        }
        return Ramp(data: data, amp33: try TypedArray<Float>(shape: [n, size, size / 32]), pixelDQ: try TypedArray<UInt32>(shape: [size, size]),
                    groupDQ: try TypedArray<UInt8>(shape: [n, size, size]), readPattern: readPattern, frameTime: frameTime, detector: detector)
    }

    /// Largest |a − b| / (tolerance·max(1, |b|)).
    static func worst(_ a: TypedArray<Float>, _ b: TypedArray<Float>, relative: Float) -> Float {
        a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in
            var worst: Float = 0
            for i in 0..<x.count { worst = max(worst, abs(x[i] - y[i]) / (relative * max(1, abs(y[i])))) }
            return worst
        } }
    }

    static func equal<T: ArrayElement & Equatable>(_ a: TypedArray<T>, _ b: TypedArray<T>) -> Int {
        a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in (0..<x.count).filter { x[$0] != y[$0] }.count } }
    }
}
