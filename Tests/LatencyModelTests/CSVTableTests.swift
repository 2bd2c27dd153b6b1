import BenchmarkData
import Testing

@Suite("CSV tables")
struct CSVTableTests {
    @Test("quoted fields, doubled quotes, line breaks in quotes, CRLF, a byte-order mark, blank lines")
    func dialect() throws {
        let text = "\u{FEFF}name,\"value, quoted\"\r\n\"a \"\"b\"\"\",1\r\n\r\n\"two\nlines\",\"\"\nlast,3"
        let csv = try CSVTable(text: text, source: "t.csv")
        #expect(csv.header == ["name", "value, quoted"])
        #expect(csv.rowCount == 3)
        #expect(csv.field(row: 0, column: 0) == "a \"b\"")
        #expect(csv.field(row: 1, column: 0) == "two\nlines" && csv.field(row: 1, column: 1) == "")
        #expect(csv.values(column: 1) == ["1", "", "3"])
        // Lines: the header is 1, row 1 is 2, a blank line 3, row 2 spans 4–5, row 3 is 6.
        #expect([csv.line(ofRow: 0), csv.line(ofRow: 1), csv.line(ofRow: 2)] == [2, 4, 6])
        #expect(try csv.column(named: "value, quoted") == 1)
    }

    @Test("trailing commas make empty fields; a file without a last line break is read whole")
    func edges() throws {
        let csv = try CSVTable(text: "a,b\n1,\n,2", source: "t.csv")
        #expect(csv.values(column: 0) == ["1", ""])
        #expect(csv.values(column: 1) == ["", "2"])
    }

    @Test(
        "malformed text is rejected naming the row, line and field",
        arguments: [
            ("a,b\n1,2\n3,\"4\n", "t.csv row 2 (line 3): field 2 opens a quote on line 3 that is never closed"),
            ("a,b\n1,\"2\"x\n", "t.csv row 1 (line 2): field 2 has 'x' after its closing quote"),
            ("a,b\n1,2\"\n", "t.csv row 1 (line 2): field 2 has a quote inside an unquoted field"),
            ("a,b\n1,2\n3\n", "t.csv row 2 (line 3) has 1 field(s), the header has 2"),
            ("a,b\n1,2,3\n", "t.csv row 1 (line 2) has 3 field(s), the header has 2"),
            ("a,\"b\n", "t.csv header (line 1): field 2 opens a quote"),
            ("", "t.csv is empty"),
            ("\n\r\n", "t.csv is empty"),
        ])
    func malformed(text: String, expected: String) {
        #expect {
            try CSVTable(text: text, source: "t.csv")
        } throws: { error in
            (error as? BenchmarkDataError)?.message.hasPrefix(expected) == true
        }
    }

    @Test("a missing column lists those there are; a repeated one is ambiguous")
    func columns() throws {
        let csv = try CSVTable(text: "arch,lat_a_ms,lat_b_ms,lat_a_ms\nx,1,2,3\n", source: "t.csv")
        #expect {
            try csv.column(named: "lat_c_ms")
        } throws: { error in
            (error as? BenchmarkDataError)?.message == "t.csv has no column 'lat_c_ms'; available: arch, lat_a_ms, lat_b_ms, lat_a_ms"
        }
        #expect(throws: BenchmarkDataError.self) { try csv.column(named: "lat_a_ms") }
        #expect(try csv.column(named: "lat_b_ms") == 2)
    }
}
