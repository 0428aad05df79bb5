// The libFuzzer driver shared by the fuzz executables (built only by scripts/fuzz with
// ROMAN_FUZZ=1 and `-sanitize=fuzzer`). SwiftPM names an executable's entry point
// `<Target>_main`, so libFuzzer's own `main` is not used; each executable's entry point calls
// `runLibFuzzer` with its per-input callback instead.

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// Hands the command line to libFuzzer, which calls `callback` with every input.
public func runLibFuzzer(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32 {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, callback)
}
