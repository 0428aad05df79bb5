import ASDF
import Foundation
import InteropSupport
import Testing
@testable import WFI

@Suite struct SchemaTests {
    @Test func embeddedSchemasMatchTheInstalledRad() throws {
        let dir = try TemporaryDirectory()
        guard let output = try PythonTools.run([PythonTools.script("rad_resolve.py"), "--swift", dir.file("rad.swift")]) else { return }
        try #require(output.status == 0, "\(output.stderr.suffix(2000))")
        let fresh = try String(contentsOfFile: dir.file("rad.swift"), encoding: .utf8)
        let committed = try String(contentsOfFile: PythonTools.packageRoot + "/Sources/WFI/Schemas/RADSchemas.generated.swift", encoding: .utf8)
        #expect(fresh == committed,
                "Sources/WFI/Schemas/RADSchemas.generated.swift is stale: regenerate with scripts/python/rad_resolve.py --swift")
        #expect(SchemaCatalog.tags.count == 39)
        #expect(SchemaCatalog.radVersion == "1.1.0")
        #expect(SchemaCatalog.tags.contains("asdf://stsci.edu/datamodels/roman/tags/wfi_image-2.1.0"))
    }

    @Test func tagGlobsAndSafeCasts() {
        #expect(SchemaValidator.tagMatches("tag:stsci.edu:asdf/core/ndarray-1.1.0", "tag:stsci.edu:asdf/core/ndarray-1.*"))
        #expect(!SchemaValidator.tagMatches("tag:stsci.edu:asdf/core/ndarray-2.0.0", "tag:stsci.edu:asdf/core/ndarray-1.*"))
        #expect(SchemaValidator.tagMatches("tag:stsci.edu:gwcs/wcs-1.4.0", "tag:stsci.edu:gwcs/wcs-*"))
        #expect(!SchemaValidator.tagMatches(nil, "tag:stsci.edu:gwcs/wcs-*"))
        #expect(!SchemaValidator.tagMatches("tag:stsci.edu:gwcs/wcs-1.0/x", "tag:stsci.edu:gwcs/wcs-*"), "* stops at /")
        #expect(SchemaValidator.canCastSafely(.int16, to: .float32))
        #expect(!SchemaValidator.canCastSafely(.int32, to: .float32))
        #expect(SchemaValidator.canCastSafely(.uint8, to: .int16))
        #expect(!SchemaValidator.canCastSafely(.float64, to: .float32))
        #expect(SchemaValidator.canCastSafely(.float32, to: .complex64))
    }
}
