// libFuzzer entry point for the Parquet reader. Built only by `scripts/fuzz parquet`
// (ROMAN_FUZZ=1), with `-sanitize=fuzzer,address`: every input is decoded in memory (footer, every
// column, key-value metadata), and a table that decodes is written back and read again. Any
// crash, hang or sanitizer report is a bug; typed errors are the expected outcome for malformed
// input.
import FuzzDriver
import Parquet

@_cdecl("ParquetFuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv) { data, size in fuzzOneInput(data, size) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    // Small limits keep forged sizes and counts from exhausting memory.
    let options = ParquetReadOptions(maxDecodedBytes: 1 << 24, concurrency: 1)
    guard let reader = try? ParquetReader(bytes: bytes, options: options) else { return 0 }
    for index in reader.columns.indices { _ = try? reader.readColumn(index) }
    guard let table = try? reader.readTable(), table.rowCount <= 1 << 16 else { return 0 }
    let writeOptions = ParquetWriteOptions(compression: .snappy, rowGroupSize: 1000, concurrency: 1)
    if let written = try? ParquetWriter.encode(table, options: writeOptions) {
        _ = try? ParquetReader(bytes: written, options: options).readTable()
    }
    return 0
}
