import Fleet
import Foundation
import Testing
import ZeroMQ

/// A worker still running a job whose lease expired: the coordinator has queued the job again and
/// will ignore the worker's answer, and the worker gets nothing else meanwhile. The snapshot (so the
/// live page and /metrics) shows it busy with a job past its lease, not idle with nothing.
@Suite("a job past its lease")
struct JobPastLeaseTests {
    /// The row of `workerID` once `condition` holds for it, heartbeating through `peer` meanwhile.
    static func row(
        _ workerID: String, of coordinator: FleetCoordinator, on peer: borrowing RawPeer,
        where condition: (WorkerStatus) -> Bool
    ) async throws -> WorkerStatus? {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if let row = coordinator.snapshot.workers.first(where: { $0.workerID == workerID }), condition(row) { return row }
            _ = try await peer.receive(timeout: .milliseconds(100)) { _ in false }
        }
        return nil
    }

    @Test("the snapshot counts the expired job until the worker answers it, and only then sends the job again")
    func pastLease() async throws {
        try await LongHeldJobTests.withLatencyPeer("pi-1", device: "raspi4") { coordinator, peer, logs, events in
            coordinator.submit([
                JobSpec(jobID: "slow", kind: .latency, space: "nb201", architecture: CoordinatorTests.cell, device: "raspi4", deadlineMs: 4000)
            ])
            let first = try #require(try await peer.receive(where: LongHeldJobTests.isJob))

            let expired = try #require(
                try await Self.row("pi-1", of: coordinator, on: peer) { $0.jobsPastLease == 1 }, "\(logs.all)")
            #expect(expired.jobs == 0)
            #expect(expired.measuringSeconds == nil)
            #expect(try await logs.waitForLine(containing: ["lease expired", "job=slow"], timeout: .zero) != nil, "\(logs.all)")
            // Queued again, but not sent to the one worker of the device while it still runs it.
            #expect(try await peer.receive(timeout: .seconds(1), where: LongHeldJobTests.isJob) == nil)
            #expect(coordinator.snapshot.pending == 1)

            // Its late answer is ignored; the worker is free again and gets the job's second attempt.
            try LongHeldJobTests.answer(first, on: peer)
            // Answered at once: the second attempt has a lease of its own.
            let again = try #require(try await peer.receive(where: LongHeldJobTests.isJob))
            try LongHeldJobTests.answer(again, on: peer)
            #expect(again.id == "slow")
            let completed = try await events.wait { CoordinatorTests.completedWorker($0) != nil }
            #expect(completed.compactMap { CoordinatorTests.completedWorker($0)?.job } == ["slow"])
            // Free in a later snapshot (the one published with the late answer may still show the second attempt).
            #expect(try await Self.row("pi-1", of: coordinator, on: peer) { $0.jobsPastLease == 0 && $0.jobs == 0 } != nil)
        }
    }
}
