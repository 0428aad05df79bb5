import Arrays
import ASDF
import Foundation

/// The measured operations, each run in a child process of its own (`roman-bench case ...`) so
/// that peak memory is that of the case alone. Each prints one JSON object on stdout.
enum ASDFCases {
    /// Opens `path` and reads every array fully: a typed view of each (no copy for uncompressed
    /// native-order blocks) and a sum over every element, so every byte is really read.
    static func read(_ path: String, populate: Bool) throws -> [String: Any] {
        let clock = ContinuousClock()
        let start = clock.now
        let file = try ASDFFile(contentsOf: path)
        let opened = clock.now
        var checksum: UInt64 = 0
        var elements = 0
        for entry in file.arrays {
            let array = entry.array.array
            if populate, let mapped = try array.storage.resolve().mappedFile {
                mapped.populate()
            }
            elements += array.count
            checksum &+= try Checksum.sum(array)
        }
        let done = clock.now
        return [
            "seconds": (done - start).seconds, "open_seconds": (opened - start).seconds,
            "checksum": String(checksum), "elements": elements,
        ]
    }

    /// Writes the L2-like arrays of `source` to `output` with `compression` (not fsynced, like
    /// Python). Loading the source is not timed.
    static func write(source: String, output: String, compression: BlockCompression) throws -> [String: Any] {
        let input = try ASDFFile(contentsOf: source)
        var roman = OrderedNodes()
        for entry in input.arrays {
            // Materialise every array in memory first, as the Python side does.
            let array = entry.array.array
            let copy = try array.withPackedBytes { try NDArray(dataType: array.dataType, byteOrder: array.byteOrder, shape: array.shape, bytes: $0) }
            roman.append(entry.path.split(separator: "/").last.map(String.init) ?? entry.path, .ndarray(ArrayNode(copy)))
        }
        let tree: Node = .map(["roman": roman.node])
        var options = WriteOptions(compression: compression)
        options.durable = false
        let clock = ContinuousClock()
        let start = clock.now
        try ASDFFile(tree: tree).write(to: output, options: options)
        let done = clock.now
        let size = (try FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
        return ["seconds": (done - start).seconds, "bytes": size]
    }
}

/// Builds an ordered mapping node from string keys.
struct OrderedNodes {
    private var pairs: [(Node.MappingKey, Node)] = []
    mutating func append(_ key: String, _ value: Node) { pairs.append((.string(key), value)) }
    var node: Node { .mapping(.init(uniqueKeysWithValues: pairs)) }
}

/// Sums every element of an array (integers exactly, floats by bit pattern) to prove it was read.
enum Checksum {
    static func sum(_ array: NDArray) throws -> UInt64 {
        switch array.dataType {
        case .uint16: return try sum(array.typed(UInt16.self))
        case .float32: return try array.typed(Float.self).withUnsafeBufferPointer { $0.reduce(0) { $0 &+ UInt64($1.bitPattern) } }
        case .float16: return try array.typed(Float16.self).withUnsafeBufferPointer { $0.reduce(0) { $0 &+ UInt64($1.bitPattern) } }
        default:
            return try array.withPackedBytes { bytes in bytes.reduce(0) { $0 &+ UInt64($1) } }
        }
    }

    /// Sums on every core (pages of a mapped file are faulted in by all cores at once).
    static func sum(_ array: TypedArray<UInt16>) -> UInt64 {
        array.withUnsafeBufferPointer { buffer in
            let parts = max(1, ProcessInfo.processInfo.activeProcessorCount) * 8
            let totals = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: parts)
            defer { totals.deallocate() }
            nonisolated(unsafe) let output = totals
            nonisolated(unsafe) let input = buffer
            let chunk = (buffer.count + parts - 1) / parts
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let lower = min(part * chunk, input.count), upper = min(lower + chunk, input.count)
                var total: UInt64 = 0
                var start = lower
                // Accumulate in 32-bit lanes over blocks small enough not to overflow, then widen.
                while start < upper {
                    let end = min(start + 65536, upper)
                    var partial: UInt32 = 0
                    for i in start..<end { partial &+= UInt32(input[i]) }
                    total &+= UInt64(partial)
                    start = end
                }
                output[part] = total
            }
            return totals.reduce(0, &+)
        }
    }
}
