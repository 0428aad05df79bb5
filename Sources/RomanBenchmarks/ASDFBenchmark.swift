import Arrays
import ASDF
import Foundation

/// The ASDF benchmark of issue 2: read a full ramp cube, write an L2-like file, ours vs Python.
struct ASDFBenchmark {
    let options: BenchOptions

    func run() throws {
        try FileManager.default.createDirectory(atPath: options.directory, withIntermediateDirectories: true)
        let me = CommandLine.arguments[0]
        let script = "scripts/python/asdf_bench.py"
        let machine = MachineInfo.describe()
        print("machine: \(machine)")

        // Inputs.
        let cubePath = options.directory + "/cube_\(options.resultants)x\(options.size)x\(options.size)_uint16.asdf"
        try makeCube(path: cubePath)
        let l2Path = options.directory + "/l2_\(options.size - 8)_source.asdf"
        try makeL2(path: l2Path)
        warm(cubePath)
        warm(l2Path)
        let cubeBytes = (try FileManager.default.attributesOfItem(atPath: cubePath)[.size] as? Int) ?? 0
        print("read input: \(cubePath) (\(ByteCount.format(cubeBytes)), warm page cache)")

        var rows: [[String]] = []
        func record(_ group: String, _ ours: Measure.Result, _ theirs: Measure.Result?, bytes: Int) {
            let ratio = theirs.map { String(format: "%.1fx", $0.seconds / ours.seconds) } ?? "-"
            rows.append([group, ours.label, String(format: "%.3f s", ours.seconds),
                         String(format: "%.0f MB/s", Double(bytes) / ours.seconds / 1e6), ByteCount.format(ours.peakRSSBytes), ratio])
            if let theirs {
                rows.append(["", theirs.label, String(format: "%.3f s", theirs.seconds),
                             String(format: "%.0f MB/s", Double(bytes) / theirs.seconds / 1e6), ByteCount.format(theirs.peakRSSBytes), "1.0x"])
            }
        }

        // Read.
        let pyRead = try best("python asdf") { [options.python, script, "read", cubePath] }
        let oursRead = try best("ours (mmap)") { [me, "case", "read", cubePath] }
        let oursPopulated = try best("ours (mmap, populate)") { [me, "case", "read", cubePath, "--populate"] }
        guard oursRead.detail["checksum"] as? String == pyRead.detail["int_sum"] as? String ?? pyRead.detail["checksum"] as? String else {
            throw BenchError("checksums differ: ours \(oursRead.detail["checksum"] ?? "?") python \(pyRead.detail)")
        }
        record("open + read all (\(options.resultants)x\(options.size)x\(options.size) uint16)", oursRead, pyRead, bytes: cubeBytes)
        record("", oursPopulated, nil, bytes: cubeBytes)

        // Write.
        let l2Bytes = 4 * (options.size - 8) * (options.size - 8) + 3 * 2 * (options.size - 8) * (options.size - 8)
        for compression in [BlockCompression.none, .lz4] {
            let out = options.directory + "/l2_out_\(compression).asdf"
            let pyOut = options.directory + "/l2_out_py_\(compression).asdf"
            let py = try best("python asdf") { [options.python, script, "write", l2Path, pyOut, "--compression", compression.rawValue] }
            let ours = try best("ours") { [me, "case", "write", l2Path, out, compression.rawValue] }
            let oursSize = ours.detail["bytes"] as? Int ?? 0
            let pySize = py.detail["bytes"] as? Int ?? 0
            record("write L2-like \(options.size - 8)^2 (\(compression)), file \(ByteCount.format(oursSize)) vs \(ByteCount.format(pySize))",
                   ours, py, bytes: l2Bytes)
        }

        print("")
        for line in Table.render(header: ["benchmark", "implementation", "time (best of \(options.repeats))", "throughput", "peak RSS", "speed-up"], rows: rows) {
            print(line)
        }
    }

    private func best(_ label: String, _ command: () -> [String]) throws -> Measure.Result {
        try Measure.best(options.repeats, label, command)
    }

    private func makeCube(path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else { return }
        var cube = try TypedArray<UInt16>(shape: [options.resultants, options.size, options.size])
        cube.withUnsafeMutableBufferPointer { buffer in
            var state: UInt32 = 12345
            for i in buffer.indices {
                state = state &* 1_664_525 &+ 1_013_904_223
                buffer[i] = UInt16(truncatingIfNeeded: 1000 + (i / (options.size * options.size)) * 50 + Int(state >> 28))
            }
        }
        try ASDFFile(tree: .map(["roman": .map(["data": .ndarray(ArrayNode(cube.ndarray))])])).write(to: path)
    }

    private func makeL2(path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else { return }
        let n = options.size - 8
        var state: UInt64 = 42
        func noise() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        var data = try TypedArray<Float>(shape: [n, n])
        data.withUnsafeMutableBufferPointer { b in for i in b.indices { b[i] = Float(0.8 + 0.4 * noise()) } }
        func half(_ scale: Double) throws -> TypedArray<Float16> {
            var a = try TypedArray<Float16>(shape: [n, n])
            a.withUnsafeMutableBufferPointer { b in for i in b.indices { b[i] = Float16(scale * (0.5 + noise())) } }
            return a
        }
        let tree: Node = .map(["roman": .map([
            "data": .ndarray(ArrayNode(data.ndarray)),
            "err": .ndarray(ArrayNode(try half(0.1).ndarray)),
            "var_poisson": .ndarray(ArrayNode(try half(0.01).ndarray)),
            "var_rnoise": .ndarray(ArrayNode(try half(0.005).ndarray)),
        ])])
        try ASDFFile(tree: tree).write(to: path)
    }

    /// Reads a file once so that both implementations start from a warm page cache.
    private func warm(_ path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        while let chunk = try? handle.read(upToCount: 1 << 24), !chunk.isEmpty {}
        try? handle.close()
    }
}

/// A one-line description of the machine for the benchmark record.
enum MachineInfo {
    static func describe() -> String {
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        return "\(cpu), \(ProcessInfo.processInfo.activeProcessorCount) cores, \(ByteCount.format(Int(ProcessInfo.processInfo.physicalMemory))) RAM"
    }

    /// Peak resident memory of this process image (VmHWM). Unlike the child's rusage, it does not
    /// include the parent's peak, which Linux carries over when posix_spawn shares the parent's
    /// memory until exec.
    static func peakResidentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return 0 }
        return kb * 1024
    }

    /// User plus system CPU time of this process so far, seconds.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
