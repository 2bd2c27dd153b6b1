import Fleet
import Foundation
import Prometheus
import Store

/// The Prometheus side of the live page: a registry fed from the same snapshots as the page.
///
/// The coordinator's and the store's figures are running totals; counters are moved by the
/// difference since the last refresh, so they only ever grow, as Prometheus expects.
final class LiveMetrics {
    let registry = PrometheusCollectorRegistry()
    private var totals: [String: Int] = [:]
    private var measuredSeen = 0
    private let measurement: DurationHistogram

    init() {
        measurement = registry.makeDurationHistogram(
            descriptor: Self.name("measurement_duration", unit: "seconds", help: "Measured latency jobs, lease to answer, less any wait for an unreachable device"),
            buckets: [.milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
                      .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30)])
    }

    /// `hsconas_<metric>_<unit>`.
    private static func name(_ metric: String, unit: String, help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "hsconas", metricName: metric, unitName: unit, helpText: help)
    }

    /// Moves the counter `hsconas_<name>_total{labels}` up to `total`.
    private func count(_ name: String, _ labels: [(String, String)], total: Int, help: String) {
        let key = name + labels.map { "|\($0.0)=\($0.1)" }.joined()
        let delta = total - (totals[key] ?? 0)
        let counter = registry.makeCounter(descriptor: Self.name(name, unit: "total", help: help), labels: labels)
        if delta > 0 { counter.increment(by: Int64(delta)) }
        totals[key] = max(total, totals[key] ?? 0)
    }

    private func gauge(_ name: String, unit: String = "", labels: [(String, String)] = [], _ value: Double, help: String) {
        registry.makeGauge(descriptor: Self.name(name, unit: unit, help: help), labels: labels).set(value)
    }

    func update(fleet: FleetSnapshot, contents: RunContents?, best: Double?, metric: String?) {
        for (kind, devices) in fleet.jobs {
            for (device, tally) in devices {
                let labels = [("kind", kind), ("device", device.isEmpty ? "any" : device)]
                count("jobs_dispatched", labels, total: tally.dispatched, help: "Job leases handed to workers")
                count("jobs_answered", labels, total: tally.answered, help: "Job results accepted")
                count("jobs_failed", labels, total: tally.failed, help: "Jobs failed for good")
                count("jobs_requeued", labels, total: tally.requeued, help: "Jobs put back in the queue")
            }
        }
        count("worker_departures", [("reason", "dead")], total: fleet.deaths, help: "Workers that left the fleet")
        count("worker_departures", [("reason", "left")], total: fleet.departures, help: "Workers that left the fleet")
        let busy = fleet.workers.filter { $0.jobs > 0 || $0.jobsPastLease > 0 }.count
        gauge("workers", labels: [("state", "busy")], Double(busy), help: "Live workers by state")
        gauge("workers", labels: [("state", "idle")], Double(fleet.workers.count - busy), help: "Live workers by state")
        gauge("jobs_queued", Double(fleet.pending), help: "Jobs waiting for a worker")
        gauge("jobs_in_flight", Double(fleet.inFlight), help: "Jobs leased to workers")
        gauge("dropped_messages", Double(fleet.dropped), help: "Malformed frames dropped by the coordinator")
        for worker in fleet.workers {
            gauge(
                "worker_heartbeat_gap", unit: "seconds", labels: [("worker", worker.workerID), ("device", worker.device)],
                worker.secondsSinceSeen, help: "Seconds since the worker's last message")
            gauge(
                "worker_measuring", unit: "seconds", labels: [("worker", worker.workerID), ("device", worker.device)],
                worker.measuringSeconds ?? 0, help: "Seconds the worker has held its latency or profile job (0: none)")
            gauge(
                "worker_jobs_past_lease", labels: [("worker", worker.workerID), ("device", worker.device)],
                Double(worker.jobsPastLease), help: "Jobs the worker still runs after their lease expired (re-queued or failed for good)")
        }
        gauge(
            "heartbeat_gap_max", unit: "seconds", fleet.workers.map(\.secondsSinceSeen).max() ?? 0,
            help: "Longest silence among live workers")
        guard let contents else { return }
        var byMetric: [String: Int] = [:]
        for row in contents.evaluations where row.value != nil {
            byMetric["\(row.metric)|\(row.source?.rawValue ?? "")", default: 0] += 1
        }
        for (key, total) in byMetric {
            let parts = key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            count("evaluations", [("metric", parts[0]), ("source", parts[1])], total: total, help: "Figures stored")
        }
        let failures = contents.evaluations.filter { $0.error != nil }.count
        count("evaluation_failures", [], total: failures, help: "Evaluations stored as failed")
        let measured = contents.evaluations.filter { $0.source == .measured && $0.metric == "latency_ms" && $0.value != nil }
        for row in measured.dropFirst(measuredSeen) {
            // Device time: waits for an unreachable device or the host lock are left out, as in the device's cost.
            measurement.recordNanoseconds(Int64(row.deviceSeconds * 1e9))
        }
        measuredSeen = max(measuredSeen, measured.count)
        if let best, let metric {
            gauge("best_feasible", labels: [("metric", metric)], best, help: "Best feasible selection figure so far")
        }
    }

    func text() -> String {
        registry.emitToString()
    }
}
