import BenchmarkData
import Benchmarks
import Testing

/// `hsconas bench transfer` on the bundled NAS-Bench-201 table: the left-out device is learned from
/// the others, and readings taken during a load spike cost the fit what `--spikes` reports.
@Suite("bench transfer: a new device learns from the fleet")
struct TransferBenchmarkTests {
    static func cells(spikes: Int) throws -> (transfer: TransferBenchmarkCell, perPosition: TransferBenchmarkCell) {
        let table = try LatencyBenchmarkData.nb201(.bundled())
        let cells = try TransferBenchmark.run(table: table, sizes: [10], seeds: 3, leaving: ["titanxp_1"], spikes: spikes)
        let transfer = try #require(cells.first { $0.model == TransferBenchmark.transfer })
        let perPosition = try #require(cells.first { $0.model == TransferBenchmark.perPosition })
        return (transfer, perPosition)
    }

    @Test("ten measured networks and the fleet rank the rest of titanxp_1; one spiked reading among them tilts the fit")
    func spikeTiltsTheFit() throws {
        let clean = try Self.cells(spikes: 0)
        #expect(clean.transfer.device == "titanxp_1" && clean.transfer.samples == 10 && clean.transfer.seeds == 3)
        #expect(clean.transfer.spearmanRho >= 0.95 && clean.transfer.within10 >= 0.9, "\(clean.transfer)")
        #expect(clean.transfer.spearmanRho > clean.perPosition.spearmanRho + 0.3, "\(clean.perPosition)")
        let spiked = try Self.cells(spikes: 1)
        #expect(spiked.transfer.spearmanRho < clean.transfer.spearmanRho - 0.02, "\(spiked.transfer)")
        #expect(spiked.transfer.within10 < clean.transfer.within10 - 0.1, "\(spiked.transfer)")
    }
}
