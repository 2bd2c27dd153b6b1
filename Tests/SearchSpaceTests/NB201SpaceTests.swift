import BenchmarkData
import SearchSpace
import Testing

@Suite("NAS-Bench-201 space")
struct NB201SpaceTests {
    let space = NB201Space()

    @Test("every cell's string and index round-trip exactly as the table has them")
    func roundTripAllCells() throws {
        let table = try NB201Table.bundled()
        var seen = Set<Architecture>()
        for index in 0..<NB201Space.cellCount {
            let architecture = try table.architecture(at: index)
            #expect(table.index(of: architecture) == index)
            let text = space.format(architecture)
            #expect(try space.parse(text) == architecture)
            seen.insert(architecture)
        }
        #expect(seen.count == NB201Space.cellCount)
    }

    @Test("index 0 and 1 match the published table rows")
    func knownRows() throws {
        let table = try NB201Table.bundled()
        #expect(
            space.format(try table.architecture(at: 0))
                == "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|")
        #expect(
            space.format(try table.architecture(at: 1))
                == "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|")
    }

    @Test(
        "malformed strings are rejected naming the bad part",
        arguments: [
            ("|nor_conv_3x3~0|+|nor_conv_3x3~0|skip_connect~1|", "expected 3 nodes"),
            ("|conv_5x5~0|+|none~0|none~1|+|none~0|none~1|none~2|", "unknown operation 'conv_5x5'"),
            ("|none~1|+|none~0|none~1|+|none~0|none~1|none~2|", "must come from node 0"),
            ("|none~0|+|none~0|+|none~0|none~1|none~2|", "needs 2 edge(s), found 1"),
            ("none~0|+|none~0|none~1|+|none~0|none~1|none~2|", "must start and end with '|'"),
            ("|none0|+|none~0|none~1|+|none~0|none~1|none~2|", "must be 'operation~source'"),
            ("", "expected 3 nodes"),
        ])
    func rejectsMalformed(input: String, expected: String) {
        #expect {
            try space.parse(input)
        } throws: { error in
            guard let error = error as? ArchitectureError else { return false }
            return error.description.contains(expected) && error.input == input
        }
    }

    @Test("an index out of range names the range")
    func indexOutOfRange() throws {
        let table = try NB201Table.bundled()
        for bad in [-1, 15_625, 1_000_000] {
            #expect {
                try table.architecture(at: bad)
            } throws: { error in
                (error as? BenchmarkDataError)?.message.contains("\(bad) is out of range 0...15624") ?? false
            }
        }
    }

    @Test("validate rejects wrong gene counts and values")
    func validateGenes() {
        #expect(throws: ArchitectureError.self) { try space.validate(Architecture(genes: [0, 1, 2])) }
        #expect(throws: ArchitectureError.self) { try space.validate(Architecture(genes: [0, 1, 2, 3, 4, 5])) }
        #expect(throws: Never.self) { try space.validate(Architecture(genes: [0, 1, 2, 3, 4, 4])) }
    }

    @Test("dense code is a bijection on 0..<15625")
    func denseCode() {
        for code in stride(from: 0, to: NB201Space.cellCount, by: 7) {
            #expect(NB201Space.code(of: NB201Space.architecture(code: code)) == code)
        }
    }
}
