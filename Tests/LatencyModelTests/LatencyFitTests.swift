import BenchmarkData
import Foundation
import LatencyModel
import SearchSpace
import TestSupport
import Testing

@Suite("latency fit from CSV tables")
struct LatencyFitTests {
    static func fit(
        space: String = "nb201", architectureColumn: String = "arch_str", latencyColumn: String = "lat_gold_6240_ms",
        samples: Int = 40, seed: UInt64 = 3, model: LatencyModelKind = .table
    ) -> LatencyFit {
        LatencyFit(
            space: space, architectureColumn: architectureColumn, latencyColumn: latencyColumn, samples: samples,
            seed: seed, model: model)
    }

    @Test("fits on N rows of a NAS-Bench-201 fixture and scores on all the others", arguments: LatencyModelKind.allCases)
    func endToEndNB201(model: LatencyModelKind) async throws {
        let (report, again) = try await offPool {
            let fit = Self.fit(latencyColumn: "lat_1080ti_1_ms", samples: 60, model: model)
            return (try fit.run(url: Fixture.url("nb201_sample")), try fit.run(url: Fixture.url("nb201_sample")))
        }
        #expect(report.trainingCount == 60 && report.score.count == 60)
        #expect(report.space == "nb201" && report.model == model && report.table.hasSuffix("nb201_sample.csv"))
        // The 1080 Ti is close to additive on NAS-Bench-201; 60 cells pin its table down.
        #expect(report.score.within10 > 0.6 && report.score.kendallTau > 0.6)
        #expect(report.score.rmse > 0 && report.score.mape > 0)
        #expect(report.score == again.score, "same seed, same rows, same fit")
        let json = try JSONEncoder().encode(report)
        #expect(try JSONDecoder().decode(LatencyFitReport.self, from: json) == report)
        #expect(report.text.contains("within ±10%") && report.text.contains("Kendall τ"))
    }

    @Test("reads the quoted, CRLF FBNet fixture by op indices or by op names")
    func endToEndFBNet() throws {
        let byIndex = try Self.fit(space: "fbnet", architectureColumn: "op_idx", latencyColumn: "raspi4_ms", samples: 100)
            .run(url: Fixture.url("fbnet_sample"))
        let byName = try Self.fit(space: "fbnet", architectureColumn: "ops", latencyColumn: "raspi4_ms", samples: 100)
            .run(url: Fixture.url("fbnet_sample"))
        #expect(byIndex.score.count == 50)
        #expect(byIndex.score == byName.score)
        #expect(byIndex.score.within10 > 0.5)
    }

    @Test("different seeds draw different rows")
    func seeds() throws {
        let first = try Self.fit(seed: 1).run(url: Fixture.url("nb201_sample"))
        let second = try Self.fit(seed: 2).run(url: Fixture.url("nb201_sample"))
        #expect(first.score != second.score)
        let split = LatencySplit(rowCount: 10, trainingCount: 4, seed: 9)
        #expect(Set(split.training + split.heldOut) == Set(0..<10) && split.training.count == 4)
        #expect(split == LatencySplit(rowCount: 10, trainingCount: 4, seed: 9))
    }

    @Test(
        "bad input fails with one error naming what is wrong",
        arguments: [
            ("bad_latency", "lat_gold_6240_ms", 5, "bad_latency.csv row 4 (line 5), column 'lat_gold_6240_ms': 'n/a' is not a number"),
            ("zero_latency", "lat_gold_6240_ms", 5, "zero_latency.csv row 7 (line 8), column 'lat_gold_6240_ms': latency 0 ms is not positive"),
            ("bad_architecture", "lat_gold_6240_ms", 5,
             "bad_architecture.csv row 3 (line 4), column 'arch_str': invalid nb201 architecture '|conv_5x5~0|"),
            ("short_row", "lat_gold_6240_ms", 5, "short_row.csv row 6 (line 7) has 3 field(s), the header has 4"),
            ("unclosed_quote", "lat_gold_6240_ms", 5, "unclosed_quote.csv row 2 (line 3): field 2 opens a quote on line 3"),
            ("nb201_sample", "lat_pixel3_ms", 5,
             "nb201_sample.csv has no column 'lat_pixel3_ms'; available: arch_index, arch_str, lat_gold_6240_ms, lat_1080ti_1_ms"),
            ("nb201_sample", "lat_gold_6240_ms", 120,
             "cannot fit on 120 samples: \(Fixture.url("nb201_sample").path) has 120 rows and at least one must be left to score on (use at most 119)"),
            ("nb201_sample", "lat_gold_6240_ms", 1, "cannot fit on 1 sample(s); use at least 2"),
        ])
    func badInput(fixture: String, column: String, samples: Int, expected: String) {
        #expect {
            try Self.fit(latencyColumn: column, samples: samples).run(url: Fixture.url(fixture))
        } throws: { error in
            let message = (error as? LatencyModelError)?.message ?? "\(error)"
            return message.contains(expected)
        }
    }

    @Test("an architecture of another space, an unknown space, a file that is not there")
    func wrongSpaceOrFile() {
        #expect {
            try Self.fit(space: "fbnet").run(url: Fixture.url("nb201_sample"))
        } throws: { error in
            ((error as? LatencyModelError)?.message ?? "").contains("row 1 (line 2), column 'arch_str': invalid fbnet architecture")
        }
        #expect {
            try Self.fit(space: "nb301").run(url: Fixture.url("nb201_sample"))
        } throws: { error in
            ((error as? LatencyModelError)?.message ?? "").contains("unknown search space 'nb301'; expected one of nb201, fbnet, spos")
        }
        #expect {
            try Self.fit().run(url: URL(fileURLWithPath: "/nonexistent/table.csv"))
        } throws: { error in
            ((error as? LatencyModelError)?.message ?? "").hasPrefix("cannot read /nonexistent/table.csv")
        }
    }

    @Test("the shared NAS-Bench-201 table: 100 cells fit the 1080 Ti's additive table", .enabled(if: Fixture.hasSharedNB201))
    func sharedNB201() async throws {
        let report = try await offPool {
            try Self.fit(latencyColumn: "lat_titan_rtx_256_ms", samples: 100, seed: 0).run(url: Fixture.sharedNB201)
        }
        #expect(report.score.count == 15_525)
        #expect(report.score.within10 > 0.9 && report.score.kendallTau > 0.9)
    }
}
