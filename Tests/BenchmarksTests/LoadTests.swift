import Benchmarks
import Fleet
import Testing

/// Many workers on one coordinator (the small version of `hsconas bench load`).
@Suite("many workers on one coordinator")
struct LoadTests {
    @Test("50 connected workers: nobody is declared dead, heartbeats keep their interval, every job completes")
    func fiftyWorkers() async throws {
        let heartbeatMs = 500
        let report = try await FleetLoadProbe(
            workers: 50, heartbeatMs: heartbeatMs, holdSeconds: 2, jobs: 2000, capacity: 1, probes: 20
        ).run()
        #expect(report.workersLost == 0)
        #expect(report.completed == 2000)
        // The median idle gap is the heartbeat interval; none reaches the 3-interval death line.
        #expect(report.gapMedianMs > Double(heartbeatMs) * 0.5 && report.gapMedianMs < Double(heartbeatMs) * 2)
        #expect(report.gapMaxMs < Double(heartbeatMs) * 3)
        #expect(report.busyGapMaxMs < Double(heartbeatMs) * 3)
        #expect(report.latencyMedianMs > 0)
    }
}
