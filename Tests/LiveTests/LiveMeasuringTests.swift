import Fleet
import Testing

@testable import Live

/// How long each worker has held its latency or profile job, and the jobs it runs past their lease, on the
/// live page and in /metrics.
@Suite("live page: a job held far longer than usual, or past its lease")
struct LiveMeasuringTests {
    static let workers = [
        WorkerStatus(
            workerID: "phone-1", device: "my-phone", kinds: ["latency"], capacity: 1, secondsSinceSeen: 0.3, jobs: 1,
            measuringSeconds: 17.5, measuringLong: true),
        WorkerStatus(
            workerID: "pi-1", device: "rpi4-lab", kinds: ["latency"], capacity: 1, secondsSinceSeen: 0.2, jobs: 1,
            measuringSeconds: 1.25),
        WorkerStatus(workerID: "acc-1", device: "none", kinds: ["accuracy"], capacity: 4, secondsSinceSeen: 0.1, jobs: 0),
        // Still running a job whose lease expired: busy, though it holds nothing the search waits for.
        WorkerStatus(
            workerID: "server-1", device: "server", kinds: ["latency"], capacity: 1, secondsSinceSeen: 0.4, jobs: 0,
            jobsPastLease: 1),
    ]

    @Test("the page marks the worker the coordinator has told about, shows the others' figure, and a dash for none")
    func page() {
        let status = LiveStatus(
            run: "pi-phone-server", store: nil, finished: false, updatedAt: "now", workersOnline: 4, workers: Self.workers,
            jobsQueued: 0, jobsInFlight: 2, jobsCompleted: 10, jobsFailed: 0, jobs: [:], workerDeaths: 0, workerDepartures: 0,
            evaluations: 5, budget: 60, best: nil, fronts: [:], storeProblem: nil)
        let html = LivePage.html(status)
        #expect(html.contains("<th>measuring for (s)</th>"))
        #expect(html.contains("<td class=\"stale\">17.5 — far longer than usual</td>"), "\(html)")
        #expect(html.contains("<td>1.25</td>"), "\(html)")
        #expect(html.contains("<td>0</td><td>–</td>"), "\(html)")
        #expect(
            html.contains("<td class=\"stale\">0 + 1 past its lease (re-queued or failed for good; its answer will be ignored)</td><td>–</td>"),
            "\(html)")
    }

    @Test("/metrics has each worker's seconds with its job, 0 for none")
    func metrics() {
        let metrics = LiveMetrics()
        metrics.update(fleet: FleetSnapshot(workersOnline: 4, workers: Self.workers), contents: nil, best: nil, metric: nil)
        let text = metrics.text()
        #expect(text.contains(#"hsconas_worker_measuring_seconds{worker="phone-1",device="my-phone"} 17.5"#), "\(text)")
        #expect(text.contains(#"hsconas_worker_measuring_seconds{worker="acc-1",device="none"} 0.0"#), "\(text)")
        #expect(text.contains(#"hsconas_worker_jobs_past_lease{worker="server-1",device="server"} 1.0"#), "\(text)")
        // The worker past its lease counts as busy, beside the two measuring.
        #expect(text.contains(#"hsconas_workers{state="busy"} 3.0"#), "\(text)")
        #expect(text.contains(#"hsconas_workers{state="idle"} 1.0"#), "\(text)")
    }
}
