import Foundation
import Report
import Store
import TestSupport
import Testing

/// Real worker processes killed, stopped, crashing and slow; each search must finish with the
/// result of an undisturbed run with the same seed (the evaluators are deterministic).
@Suite("fault injection")
struct FaultInjectionTests {
    static let accuracyWorkers = [FaultFleet.Worker(id: "acc-a", device: nil), FaultFleet.Worker(id: "acc-b", device: nil)]

    /// Architectures the crashing workers crash on (node 2 takes average pooling from both inputs).
    static let crashSubstring = "|+|avg_pool_3x3~0|avg_pool_3x3~1|+|"

    /// The undisturbed run, shared by the tests that compare with it.
    static let reference = Task<FaultFleet.Outcome, any Error> {
        var fleet = try await FaultFleet.start(label: "fault-ref", workers: FaultFleet.latencyWorkers + accuracyWorkers)
        guard try await fleet.superviseUntilDone() == 0 else { throw TestFailure("the reference run failed") }
        return try fleet.outcome()
    }

    @Test("workers SIGKILLed at random times and restarted: same result, no evaluation lost")
    func killedWorkers() async throws {
        let expected = try await Self.reference.value
        var fleet = try await FaultFleet.start(label: "fault-kill", workers: FaultFleet.latencyWorkers + Self.accuracyWorkers)
        // Four different victims: a job is re-queued at most once per victim, so none reaches 3 attempts.
        let victims = Array(fleet.specs.keys.shuffled().prefix(4))
        var killedAt: [Int] = []
        for victim in victims {
            try await fleet.waitForEvaluations(moreThan: await fleet.storedEvaluations() + Int.random(in: 5...40))
            killedAt.append(await fleet.storedEvaluations())
            fleet.workers[victim]?.signal(SIGKILL)
        }
        print("killed \(victims) at \(killedAt) stored evaluations")
        #expect(try await fleet.superviseUntilDone() == 0, "victims \(victims)")
        let actual = try fleet.outcome()
        #expect(actual == expected, "victims \(victims)")
        #expect(actual.failedKeys.isEmpty)
        for victim in victims {
            #expect(
                !fleet.coordinatorLines("worker left", victim).isEmpty,
                "\(victim) was declared dead; killed at \(killedAt); \(fleet.coordinator.output.filter { !$0.contains("unregistered") }.suffix(30))")
            #expect(fleet.coordinatorLines("worker joined", victim).count >= 2, "\(victim) came back")
        }
    }

    @Test("a worker SIGSTOPped past the heartbeat timeout, then SIGCONT: declared dead, re-registers, nothing counted twice")
    func stoppedWorker() async throws {
        let expected = try await Self.reference.value
        // Slower accuracy workers (25 ms a job), so acc-b alone still has over a second of work
        // left when acc-a is stopped, and acc-a usually holds jobs then.
        let accuracy = Self.accuracyWorkers.map { worker in
            var worker = worker
            worker.delayMs = 25
            return worker
        }
        var fleet = try await FaultFleet.start(label: "fault-stop", workers: FaultFleet.latencyWorkers + accuracy)
        let point = Int.random(in: 10...40)
        try await fleet.waitForAccuracy(moreThan: point)
        let victim = try #require(fleet.workers["acc-a"])
        victim.signal(SIGSTOP)
        // 5 heartbeats of 200 ms: past the 3 it takes to be declared dead.
        try await Task.sleep(for: .milliseconds(1000))
        #expect(fleet.coordinator.isRunning, "stopped at \(point) accuracy evaluations")
        victim.signal(SIGCONT)
        #expect(try await fleet.superviseUntilDone() == 0)
        #expect(fleet.restarts.isEmpty, "the stopped worker survived")
        let actual = try fleet.outcome()
        #expect(actual == expected)
        #expect(!fleet.coordinatorLines("worker left", "acc-a", "missed 3 heartbeats").isEmpty)
        #expect(fleet.coordinatorLines("worker joined", "acc-a").count >= 2, "acc-a re-registered")
    }

    @Test("workers that crash on some architectures: those end failed after 3 tries, the search finishes as with a clean failure")
    func crashingWorkers() async throws {
        // The reference: the same architectures answered 'failed' at once.
        // One job at a time: a crash then costs an attempt only to the job that caused it, never to
        // an innocent job held next to it.
        let failing = Self.accuracyWorkers.map { worker in
            FaultFleet.Worker(id: worker.id, device: nil, extra: ["--fault", "fail-on=\(Self.crashSubstring)"], capacity: 1)
        }
        var reference = try await FaultFleet.start(label: "fault-failref", workers: FaultFleet.latencyWorkers + failing)
        #expect(try await reference.superviseUntilDone() == 0)
        let expected = try reference.outcome()
        #expect(!expected.failedKeys.isEmpty, "the crash substring must hit some evaluated architecture")
        #expect(expected.failedKeys.allSatisfy { $0.contains(Self.crashSubstring) })

        let crashing = Self.accuracyWorkers.map { worker in
            FaultFleet.Worker(id: worker.id, device: nil, extra: ["--fault", "crash-on=\(Self.crashSubstring)"], capacity: 1)
        }
        var fleet = try await FaultFleet.start(label: "fault-crash", workers: FaultFleet.latencyWorkers + crashing)
        #expect(try await fleet.superviseUntilDone() == 0)
        let actual = try fleet.outcome()
        #expect(actual == expected)
        // Every failed architecture cost 3 crashed workers.
        let restarts = fleet.restarts.values.reduce(0, +)
        #expect(restarts >= 3 * expected.failedKeys.count, "restarts \(fleet.restarts)")
        #expect(fleet.coordinatorLines("job failed for good", "attempts=3").count == expected.failedKeys.count,
            "\(fleet.coordinatorLines("job failed for good"))")
        let store = try RunStore(existing: try #require(fleet.storePath))
        let failures = try store.evaluations().filter { $0.value == nil }
        #expect(failures.allSatisfy { ($0.error ?? "").contains("missed 3 heartbeats") }, "\(failures.map(\.error))")
        // The deaths are in the store for the report, with the jobs that went back to the queue.
        let departures = try store.fleetEvents().filter { $0.kind == .left }
        #expect(!departures.isEmpty && departures.allSatisfy { $0.detail.contains("missed 3 heartbeats") }, "\(departures)")
        #expect(departures.reduce(0) { $0 + $1.requeued } >= expected.failedKeys.count, "\(departures)")
    }

    @Test("a worker slower than its lease: its jobs go to the other worker, its late answers are ignored")
    func slowWorker() async throws {
        let expected = try await Self.reference.value
        // The healthy raspi4 worker registers first, so an expired job is offered to it first.
        let workers = [
            FaultFleet.Worker(id: "raspi4-a", device: "raspi4"),
            FaultFleet.Worker(id: "raspi4-slow", device: "raspi4", extra: ["--fault", "slow-ms=3000"]),
            FaultFleet.Worker(id: "pixel3-a", device: "pixel3"), FaultFleet.Worker(id: "gold-a", device: "gold_6240"),
        ]
        var fleet = try await FaultFleet.start(label: "fault-slow", workers: workers + Self.accuracyWorkers, staggered: true)
        #expect(try await fleet.superviseUntilDone() == 0)
        let actual = try fleet.outcome()
        #expect(actual == expected)
        #expect(!fleet.coordinatorLines("lease expired", "raspi4-slow").isEmpty)
        #expect(!fleet.coordinatorLines("ignoring result for an expired lease", "raspi4-slow").isEmpty)
        let storePath = try #require(fleet.storePath)
        let store = try RunStore(existing: storePath)
        #expect(!(try store.evaluations().contains { $0.worker == "raspi4-slow" }), "no answer of the slow worker was used")
        // Each expired lease is in the store as a re-queue from the slow worker, and the report shows them.
        let requeues = try store.fleetEvents().filter { $0.kind == .requeued }
        #expect(!requeues.isEmpty, "no re-queue stored")
        #expect(requeues.allSatisfy { $0.worker == "raspi4-slow" && $0.device == "raspi4" && $0.detail.contains("lease expired") },
            "\(requeues)")
        let report = try RunReport.html(storeAt: storePath)
        #expect(report.contains("\(requeues.count) job(s) re-queued for another attempt: \(requeues.count) after an expired lease"))
    }
}
