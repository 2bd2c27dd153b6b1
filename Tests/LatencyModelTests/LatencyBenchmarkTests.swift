import BenchmarkData
import Benchmarks
import LatencyModel
import SearchSpace
import TestSupport
import Testing

@Suite("bench latency")
struct LatencyBenchmarkTests {
    @Test("cells per device, N and model, medians over seeds, and the aim check")
    func smallRun() async throws {
        let truth = SyntheticLatency(choiceCounts: NB201Space().positions.map(\.choices.count), seed: 2)
        let architectures = truth.architectures(300, seed: 3)
        let table = LatencyBenchmarkData(
            space: NB201Space(), architectures: architectures,
            latencies: [
                "additive": architectures.map(truth.additive),
                "noisy": architectures.enumerated().map { truth.additive($1) * ($0 % 2 == 0 ? 1.3 : 0.7) },
            ])
        // A short MLP training: this test is about the bookkeeping, MLPLatencyModelTests about the MLP.
        let cells = try await LatencyBenchmark.run(
            tables: [table], sizes: [40, 100], seeds: 2, parallelism: 2, mlp: MLPSettings(steps: 30))
        #expect(cells.count == 2 * 2 * 2)
        #expect(cells.map(\.device) == ["additive", "additive", "additive", "additive", "noisy", "noisy", "noisy", "noisy"])
        #expect(cells.map(\.model) == [.table, .mlp, .table, .mlp, .table, .mlp, .table, .mlp])
        let exact = cells.first { $0.device == "additive" && $0.samples == 100 && $0.model == .table }
        #expect(exact?.within10 == 1 && (exact?.kendallTau ?? 0) > 0.999)
        let report = LatencyBenchmarkReport(sizes: [40, 100], seeds: 2, seconds: 1, cells: cells)
        #expect(report.meetsAim(space: "nb201", device: "additive"))
        #expect(!report.meetsAim(space: "nb201", device: "noisy"))
        let text = report.text(tables: [table])
        #expect(text.contains("additive") && text.contains("✓") && text.contains("1 of 2 devices"))
        await #expect(throws: LatencyModelError.self) {
            try await LatencyBenchmark.run(tables: [table], sizes: [300], seeds: 1, parallelism: 1)
        }
    }
}
