import Foundation
import InteropSupport
import Testing
@testable import Catalog

/// The compiled-in column list is romancal 1.1.0's, with roman_datamodels' units and descriptions.
@Suite struct CatalogColumnTests {
    @Test func columnsMatchTheInstalledRomancal() throws {
        guard let output = try PythonTools.run([PythonTools.script("catalog_columns.py"), "--swift"]) else { return }
        try #require(output.status == 0, "\(output.stderr.suffix(2000))")
        let committed = try String(contentsOfFile: PythonTools.packageRoot + "/Sources/Catalog/Output/CatalogColumns.generated.swift",
                                   encoding: .utf8)
        #expect(output.stdout == committed,
                "Sources/Catalog/Output/CatalogColumns.generated.swift is stale: regenerate with scripts/python/catalog_columns.py --swift")
    }

    @Test func promptColumnsInRomancalsOrder() {
        let names = CatalogColumn.prompt.map(\.name)
        #expect(names.count == 74)
        #expect(names.prefix(4) == ["label", "flagged_spatial_id", "x_centroid", "y_centroid"])
        #expect(names.last == "dust_ebv")
        for name in AperturePhotometry.columnNames { #expect(names.contains(name) && names.contains(name + "_err")) }
        #expect(AperturePhotometry.columnNames == ["aper01_flux", "aper02_flux", "aper04_flux", "aper08_flux", "aper16_flux"])
        #expect(CatalogColumn.named("kron_flux")?.unit == "nJy" && CatalogColumn.named("ra")?.type == .float64)
        #expect(CatalogColumn.named("segment_area")?.unit == "arcsec2" && CatalogColumn.named("is_extended")?.type == .bool)
    }
}
