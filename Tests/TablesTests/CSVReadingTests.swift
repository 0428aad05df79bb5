import Testing
@testable import Tables

@Suite struct CSVReadingTests {
    @Test func readsTypedColumns() throws {
        let text = [
            "# a comment",
            "source_id,ra,dec,name,pmra",
            "4295806720,270.5,66.25,\"a, b\",1.5",
            "4295806721,270.6,-66.0,plain,",
            "",
            "4295806722,1e-3,0,\"say \"\"hi\"\"\",nan",
        ].joined(separator: "\n")
        let table = try ECSVTable(csvText: text, file: "t.csv")
        #expect(table.rowCount == 3)
        #expect(table.column("source_id") == .int64([4_295_806_720, 4_295_806_721, 4_295_806_722]))
        #expect(table.doubles("ra") == [270.5, 270.6, 0.001])
        #expect(table.strings("name") == ["a, b", "plain", "say \"hi\""])
        let pm = try #require(table.doubles("pmra"))
        #expect(pm[0] == 1.5 && pm[1].isNaN && pm[2].isNaN)
    }

    @Test func rejectsRaggedRows() {
        #expect(throws: ECSVError.malformed(file: "t.csv", line: 3, problem: "1 fields, expected 2")) {
            _ = try ECSVTable(csvText: "a,b\n1,2\n3\n", file: "t.csv")
        }
        #expect(throws: ECSVError.self) { _ = try ECSVTable(csvText: "# only\n", file: "t.csv") }
    }
}
