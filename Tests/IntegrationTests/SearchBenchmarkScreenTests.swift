import BenchmarkData
import Search
import SearchSpace
import Testing

@testable import Benchmarks

/// The benchmark's device side watches the exhaustive optimum, so `bench search` can say why a
/// seed missed it.
@Suite("bench search: the screen watches the optimum")
struct SearchBenchmarkScreenTests {
    @Test("asking for the optimum's latency and evaluating its accuracy are noted, other cells are not")
    func watchesTheOptimum() throws {
        let table = try NB201Table.bundled()
        let column = try table.latencies(device: "raspi4")
        let truth = ["raspi4": (0..<NB201Space.cellCount).map { Double(column[table.index(of: NB201Space.architecture(code: $0))]) }]
        let optimum = 628
        let screen = SearchBenchmarkScreen(
            limits: [LatencyTarget(device: "raspi4", maxLatencyMs: 15.723)], truth: truth, confidence: 2,
            references: [:], optimumCode: optimum)
        let other = NB201Space.architecture(code: 629)
        #expect(screen.latency(of: other, device: "raspi4") == truth["raspi4"]?[629])
        screen.evaluated(other, accuracy: 80)
        #expect(!screen.optimumAsked && !screen.optimumEvaluated)
        let cell = NB201Space.architecture(code: optimum)
        #expect(screen.latency(of: cell, device: "raspi4") == truth["raspi4"]?[optimum])
        #expect(screen.optimumAsked && !screen.optimumEvaluated)
        screen.evaluated(cell, accuracy: nil)
        #expect(!screen.optimumEvaluated, "a failed evaluation is no evaluation")
        screen.evaluated(cell, accuracy: 88.64)
        #expect(screen.optimumEvaluated)
        #expect(screen.evaluations == 2)
    }
}
