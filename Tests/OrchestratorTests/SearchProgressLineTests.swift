import Orchestrator
import Testing

/// The live progress line writes the space size as the summary and `store check` do.
@Suite("search progress line")
struct SearchProgressLineTests {
    static func progress(spaceSize: Double) -> SearchProgress {
        SearchProgress(
            generation: 3, accuracyEvaluations: 40, budget: 60, latencyLookups: 120, evaluationsPerSecond: 2.5,
            bestValidAccuracy: 91.234, bestTestAccuracy: 90.5, workersOnline: 3, failedJobs: 0, spaceSize: spaceSize,
            measurements: ["rpi4-lab": 17, "server": 15])
    }

    @Test("nb201's size is a count, spos's is in three significant figures, never an Int conversion")
    func spaceSize() {
        #expect(Self.progress(spaceSize: 15625).line.hasSuffix(" · space 15625 · workers 3"))
        #expect(Self.progress(spaceSize: 1.2702e30).line.contains(" · space 1.27e+30 · "))
        #expect(
            Self.progress(spaceSize: 15625).line
                == "gen 3 · evals 40/60 · lookups 120 · measured rpi4-lab 17, server 15 · 2.5 evals/s · best valid 91.23 test 90.50 · space 15625 · workers 3")
    }
}
