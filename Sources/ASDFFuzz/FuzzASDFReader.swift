// libFuzzer entry point for the ASDF reader. Built only by scripts/fuzz (ROMAN_FUZZ=1), with
// `-sanitize=fuzzer,address`: every input is written to a file in /dev/shm, opened, every array
// loaded and decoded, and the file written back and re-read. Any crash, hang or sanitizer report
// is a bug; typed errors are the expected outcome for malformed input.
import ASDF
import Foundation
import FuzzDriver

private let scratch: String = {
    let dir = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    return dir + "/asdf-fuzz-\(getpid())"
}()

@_cdecl("ASDFFuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv) { data, size in fuzzOneInput(data, size) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = scratch + ".asdf"
    let bytes = data.map { Data(bytes: $0, count: size) } ?? Data()
    guard FileManager.default.createFile(atPath: input, contents: bytes) else { return 0 }
    var options = ReadOptions(validateChecksums: true)
    options.maxBlockBytes = 1 << 26
    guard let file = try? ASDFFile(contentsOf: input, options: options) else { return 0 }
    for entry in file.arrays where entry.array.array.byteCount <= 1 << 22 {
        _ = try? entry.array.array.elementValues()
    }
    _ = FileSummary(file).text
    let output = scratch + "-out.asdf"
    if (try? file.write(to: output, options: WriteOptions(compression: .lz4))) != nil {
        _ = try? ASDFFile(contentsOf: output, options: options)
    }
    return 0
}
