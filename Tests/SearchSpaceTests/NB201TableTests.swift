import BenchmarkData
import Foundation
import SearchSpace
import Testing

@Suite("NAS-Bench-201 table")
struct NB201TableTests {
    @Test("the bundled table has 27 devices and the published best accuracies")
    func contents() throws {
        let table = try NB201Table.bundled()
        #expect(table.devices.count == 27)
        #expect(table.devices.contains("raspi4") && table.devices.contains("pixel3") && table.devices.contains("gold_6240"))
        #expect(abs(Double(try table.column("c10_test_acc").max() ?? 0) - 94.37) < 0.01)
        #expect(abs(Double(try table.column("c100_test_acc").max() ?? 0) - 73.51) < 0.01)
        #expect(abs(Double(try table.column("in16_test_acc").max() ?? 0) - 47.31) < 0.01)
    }

    @Test("values match the source CSV row for row")
    func matchesCSV() throws {
        // A committed sample of the source CSV (every 97th row): the shipped binary must agree with it.
        let csvURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/nb201-sample.csv")
        let text = try String(contentsOf: csvURL, encoding: .utf8)
        let lines = text.split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        let table = try NB201Table.bundled()
        let space = NB201Space()
        #expect(lines.count > 150)
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let index = Int(fields[0]) ?? -1
            #expect(space.format(try table.architecture(at: index)) == fields[1])
            for (column, name) in header.enumerated() where column >= 3 {
                // The table was written as float(double(text)), so round the same way.
                let expected = Double(fields[column]).map(Float.init) ?? .nan
                #expect(try table.column(name)[index] == expected, "row \(index) column \(name)")
            }
        }
    }

    @Test("unknown devices and columns are named in the error")
    func unknownNames() throws {
        let table = try NB201Table.bundled()
        #expect { try table.latencies(device: "toaster") } throws: { error in
            (error as? BenchmarkDataError)?.message.contains("device 'toaster'") ?? false
        }
        #expect { try table.column("nope") } throws: { error in
            (error as? BenchmarkDataError)?.message.contains("'nope'") ?? false
        }
    }

    @Test("corrupt and truncated table files are refused with the reason")
    func corruptFiles() throws {
        #expect { try NB201Table(data: Data("not a table at all".utf8)) } throws: { error in
            (error as? BenchmarkDataError)?.message.contains("bad magic") ?? false
        }
        let bytes = try Data(contentsOf: try NB201Table.bundledURL())
        #expect { try NB201Table(data: bytes.prefix(bytes.count - 10)) } throws: { error in
            (error as? BenchmarkDataError)?.message.contains("truncated") ?? false
        }
        var duplicated = bytes
        // Two rows claiming the same cell must not be accepted silently.
        let codes = bytes.count - 51 * 4 * NB201Space.cellCount - 2 * NB201Space.cellCount
        duplicated[codes + 2] = duplicated[codes]
        duplicated[codes + 3] = duplicated[codes + 1]
        #expect { try NB201Table(data: duplicated) } throws: { error in
            (error as? BenchmarkDataError)?.message.contains("repeats") ?? false
        }
    }

    @Test("the exhaustive optimum under a limit is feasible and beats every feasible cell")
    func optimum() throws {
        let table = try NB201Table.bundled()
        let oracle = try NB201Oracle(table: table, dataset: .cifar10)
        let limit = try oracle.latencyPercentile(25, device: "raspi4")
        let best = try #require(try oracle.optimum(limits: [("raspi4", limit)]))
        #expect(try oracle.latency(best.architecture, device: "raspi4") <= limit)
        let latencies = try table.latencies(device: "raspi4")
        let valid = try table.column(NB201Dataset.cifar10.validColumn)
        for index in valid.indices where Double(latencies[index]) <= limit {
            #expect(Double(valid[index]) <= best.validAccuracy)
        }
        #expect(try oracle.optimum(limits: [("raspi4", 0.0000001)])?.index == nil)
    }
}
