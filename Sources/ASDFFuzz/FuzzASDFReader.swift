// libFuzzer entry point for the ASDF reader. Built only by scripts/fuzz (ROMAN_FUZZ=1), with
// `-sanitize=fuzzer,address`: every input is written to a file in /dev/shm, opened, every array
// loaded and decoded, and the file written back and re-read. Any crash, hang or sanitizer report
// is a bug; typed errors are the expected outcome for malformed input.
import ASDF
import Foundation

private let scratch: String = {
    let dir = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    return dir + "/asdf-fuzz-\(getpid())"
}()

/// libFuzzer's driver (SwiftPM names the executable's entry point `ASDFFuzz_main`, so libFuzzer's
/// own `main` is not used; this entry point hands control to the driver instead).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

@_cdecl("ASDFFuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
        fuzzOneInput(data, size)
    }
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
