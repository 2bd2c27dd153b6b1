import BenchmarkData
import SearchSpace
import Testing

@Suite("FBNet space")
struct FBNetSpaceTests {
    let space = FBNetSpace()

    @Test("22 positions of 9 operations, in devices.json's order")
    func shape() {
        #expect(space.name == "fbnet")
        #expect(space.positions.count == 22)
        #expect(space.positions.allSatisfy { $0.choices.count == 9 })
        #expect(space.positions[0].choices[3] == "k3_e6" && space.positions[21].choices[8] == "skip")
    }

    @Test("every network of the bundled table round-trips; the ops column parses to the same genes")
    func bundledRoundTrip() throws {
        let csv = try CSVTable(contentsOf: try FBNetTable.bundledURL())
        let indices = try csv.column(named: "op_idx"), names = try csv.column(named: "ops")
        #expect(csv.rowCount == 5_000)
        for row in 0..<csv.rowCount {
            let text = csv.field(row: row, column: indices)
            let architecture = try space.parse(text)
            #expect(space.format(architecture) == text)
            #expect(try space.parse(csv.field(row: row, column: names)) == architecture)
        }
        #expect(space.format(try space.parse("7-8-1-8-4-8-8-8-7-4-1-4-7-3-2-7-3-2-4-2-4-5")).hasPrefix("7-8-1-8-4-"))
    }

    @Test(
        "malformed strings are rejected naming the bad part",
        arguments: [
            ("7-8-1", "expected 22 op indices separated by '-', found 3"),
            ("7-8-1-8-4-8-8-8-7-4-1-4-7-3-2-7-3-2-4-2-4-5-0", "found 23"),
            ("7-8-1-8-4-9-8-8-7-4-1-4-7-3-2-7-3-2-4-2-4-5", "layer 6 '9' is not an op index 0…8"),
            ("7-8-1-8-4-8-8-8-7-4-1-4-7-3-2-7-3-2-4-2-x-5", "layer 21 'x' is not an op index"),
            ("7-8-1-8-4-8-8-8-7-4--4-7-3-2-7-3-2-4-2-4-5", "layer 11 is empty"),
            ("07-8-1-8-4-8-8-8-7-4-1-4-7-3-2-7-3-2-4-2-4-5", "layer 1 '07'"),
            (" 7-8-1-8-4-8-8-8-7-4-1-4-7-3-2-7-3-2-4-2-4-5", "layer 1 ' 7'"),
            ("", "found 1"),
        ])
    func rejectsMalformed(input: String, expected: String) {
        #expect {
            try space.parse(input)
        } throws: { error in
            guard let error = error as? ArchitectureError else { return false }
            return error.description.contains(expected) && error.input == input && error.space == "fbnet"
        }
    }

    @Test("the bundled table has 27 devices with a latency for every network")
    func bundledTable() throws {
        let table = try FBNetTable.bundled()
        #expect(table.architectures.count == 5_000)
        #expect(table.devices.count == 27)
        #expect(table.devices.contains("raspi4") && table.devices.contains("titanxp_64"))
        let raspi = try table.latencies(device: "raspi4")
        #expect(raspi.count == 5_000 && raspi.allSatisfy { $0 > 0 })
        #expect(abs(raspi[0] - 30.252860404143576) < 1e-12)
        #expect(throws: BenchmarkDataError.self) { try table.latencies(device: "lat_raspi4") }
    }
}
