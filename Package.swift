// swift-tools-version: 6.1
// The Roman WFI processing and archive system.
import Foundation
import PackageDescription

/// Release builds use the vector instructions of the machine that builds them (AVX2 and FMA on
/// any x86-64 server of the last decade: the pixel loops run on 4 doubles at a time instead of 2),
/// when /proc/cpuinfo shows them; the results are bit for bit the same (Swift does not fuse
/// multiply-adds on its own). `ROMAN_TARGET_CPU=<cpu>` picks another LLVM CPU name, `generic`
/// turns it off (for binaries copied to other machines).
let targetCPU: String? = {
    if let chosen = ProcessInfo.processInfo.environment["ROMAN_TARGET_CPU"] { return chosen == "generic" ? nil : chosen }
    #if arch(x86_64) && os(Linux)
    guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
          let flags = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return nil }
    let names = Set(flags.split(separator: " ").map(String.init))
    return ["avx2", "fma", "bmi2", "movbe", "f16c"].allSatisfy(names.contains) ? "haswell" : nil
    #else
    return nil
    #endif
}()
let machineSettings: [SwiftSetting] = targetCPU.map { [.unsafeFlags(["-target-cpu", $0], .when(configuration: .release))] } ?? []

let package = Package(
    name: "RomanWFI",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "roman", targets: ["RomanCLI"]),
        .executable(name: "roman-bench", targets: ["RomanBenchmarks"]),
        .library(name: "ASDF", targets: ["ASDF"]),
        .library(name: "Arrays", targets: ["Arrays"]),
        .library(name: "WFI", targets: ["WFI"]),
        .library(name: "WCS", targets: ["WCS"]),
        .library(name: "Astrometry", targets: ["Astrometry"]),
        .library(name: "Parquet", targets: ["Parquet"]),
        .library(name: "Catalog", targets: ["Catalog"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    ],
    targets: [
        // C libraries from Debian (zlib1g-dev, libbz2-dev, liblz4-dev, libzstd-dev, libsnappy-dev, libssl-dev).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CBZip2", providers: [.apt(["libbz2-dev"])]),
        .systemLibrary(name: "CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CSnappy", pkgConfig: "snappy", providers: [.apt(["libsnappy-dev"])]),
        .systemLibrary(name: "CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // FFTW 3 (double precision) for the reference-pixel correction (libfftw3-dev).
        .systemLibrary(name: "CFFTW", pkgConfig: "fftw3", providers: [.apt(["libfftw3-dev"])]),

        // Layer 1: files (mapping, atomic writes) and typed pixel buffers.
        .target(name: "FileIO"),
        .target(
            name: "Arrays",
            dependencies: ["FileIO"]
        ),
        // Layer 1: how text is written as YAML scalars (shared by the ASDF and Parquet writers).
        .target(name: "YAMLText"),
        // Layer 2: the ASDF file format (knows nothing of Roman).
        .target(
            name: "ASDF",
            dependencies: [
                "Arrays", "FileIO", "YAMLText", "CZlib", "CBZip2", "CLZ4", "CLibCrypto",
                .product(name: "Yams", package: "Yams"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        // Layer 2: tables as text (astropy ECSV, CSV), knowing nothing of Roman.
        .target(name: "Tables", dependencies: ["FileIO", .product(name: "Yams", package: "Yams")]),
        // Layer 2: the Apache Parquet format (knows nothing of Roman): catalogs for pyarrow and astropy.
        .target(
            name: "Parquet",
            dependencies: [
                "FileIO", "YAMLText", "CZlib", "CZstd", "CSnappy", "CLZ4",
                .product(name: "Yams", package: "Yams"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        // Layer 3: the Roman WFI data products, reference files, DQ flags and file names.
        .target(name: "WFI", dependencies: ["ASDF", "Arrays", "FileIO"]),
        // Layer 4: science. Transforms, the Roman focal plane (SIAF) and telescope attitude.
        .target(name: "WCS", dependencies: ["ASDF", "Arrays"]),
        // Layer 4: science. The simulator of WFI scenes, ramps and reference files.
        .target(
            name: "Simulation",
            dependencies: ["WFI", "WCS", "Tables", "ASDF", "Arrays", "FileIO"]
        ),
        .target(name: "Calibration", dependencies: ["WFI", "WCS", "ASDF", "Arrays", "FileIO", "CFFTW"]),
        // Layer 4: science. Matching source lists to a Gaia-like reference catalog and the one
        // astrometric fit of a whole exposure's focal plane.
        .target(name: "Astrometry", dependencies: ["WCS", "WFI", "Tables", "Parquet", "ASDF", "FileIO"]),
        // Layer 4: science. Source detection, deblending and photometry (L2/L3 -> L4 catalogs).
        .target(name: "Catalog", dependencies: ["WFI", "WCS", "ASDF", "Arrays", "FileIO", "Parquet"]),
        // Layer 5: operations. The prompt flow of an exposure (calibration, catalogs, the
        // 18-detector barrier, the alignment and the updates it brings).
        .target(name: "Prompt", dependencies: ["Calibration", "Catalog", "Astrometry", "WFI", "Parquet", "Arrays"]),
        // Layer 6: tools.
        .executableTarget(
            name: "RomanCLI",
            dependencies: [
                "ASDF", "Arrays", "FileIO", "WFI", "WCS", "Tables", "Simulation", "Calibration", "Astrometry", "Catalog", "Prompt",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "RomanBenchmarks",
            dependencies: ["ASDF", "Arrays", "WFI", "WCS", "Tables", "Simulation", "Calibration", "Astrometry", "Parquet", "Catalog", "Prompt"]
        ),

        // Shared by the test targets: running the reference Python tools, canonical tree dumps.
        .target(name: "InteropSupport", dependencies: ["ASDF", "Arrays"], path: "Tests/InteropSupport"),
        .testTarget(name: "ArraysTests", dependencies: ["Arrays", "FileIO"]),
        .testTarget(name: "ASDFTests", dependencies: ["ASDF", "Arrays", "InteropSupport"]),
        .testTarget(name: "WFITests", dependencies: ["WFI", "ASDF", "Arrays", "InteropSupport"]),
        .testTarget(name: "CalibrationTests", dependencies: ["Calibration", "Simulation", "WFI", "ASDF", "Arrays", "InteropSupport"]),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "WCS", "WFI", "Tables", "Arrays", "InteropSupport"]),
        .testTarget(name: "ParquetTests", dependencies: ["Parquet", "InteropSupport"]),
        .testTarget(name: "YAMLTextTests", dependencies: ["YAMLText", .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "CatalogTests", dependencies: ["Catalog", "Calibration", "Simulation", "WCS", "WFI", "ASDF", "Arrays", "Parquet", "InteropSupport"]),
        .testTarget(name: "WCSTests", dependencies: ["WCS", "WFI", "ASDF", "Arrays", "InteropSupport"]),
        .testTarget(name: "PromptTests", dependencies: ["Prompt", "Calibration", "Catalog", "Astrometry", "Simulation", "WFI", "Parquet", "InteropSupport"]),
        .testTarget(name: "TablesTests", dependencies: ["Tables", "InteropSupport"]),
        .testTarget(name: "AstrometryTests", dependencies: ["Astrometry", "Simulation", "WCS", "WFI", "Tables", "Parquet", "ASDF", "InteropSupport"]),
    ],
    swiftLanguageModes: [.v6]
)

for target in package.targets where target.type == .regular || target.type == .executable {
    target.swiftSettings = (target.swiftSettings ?? []) + machineSettings
}

// The fuzzer executables are built only by scripts/fuzz, which sets ROMAN_FUZZ=1 and
// `-sanitize=fuzzer` (libFuzzer supplies `main`, so a normal build could not link them).
if ProcessInfo.processInfo.environment["ROMAN_FUZZ"] != nil {
    package.targets.append(.target(name: "FuzzDriver"))
    package.targets.append(.executableTarget(name: "ASDFFuzz", dependencies: ["ASDF", "FuzzDriver"]))
    package.products.append(.executable(name: "asdf-fuzz", targets: ["ASDFFuzz"]))
    package.targets.append(.executableTarget(name: "ParquetFuzz", dependencies: ["Parquet", "FuzzDriver"]))
    package.products.append(.executable(name: "parquet-fuzz", targets: ["ParquetFuzz"]))
}
