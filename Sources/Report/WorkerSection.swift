import Foundation
import Store

/// Workers over time: one lane per worker with its jobs (lease to answer, as stored with each
/// figure), when it joined and left, the jobs re-queued when it left and those re-queued for
/// another attempt (an expired lease, a retryable failure); then the jobs that failed for good.
enum WorkerSection {
    private struct Job {
        var worker: String
        var kind: String
        var device: String
        var architecture: String
        var start: Double
        var end: Double
    }

    static func html(_ model: ReportModel) -> String {
        var out = "<section id=\"workers\"><h2>Workers and their jobs</h2>"
        let rows = model.contents.evaluations
        let origin = ([model.run.createdAt] + rows.map(\.startedAt) + (model.contents.fleetEvents ?? []).map(\.at)).min()
            ?? model.run.createdAt
        let jobs = rows.compactMap { row -> Job? in
            guard !row.worker.isEmpty, row.value != nil else { return nil }
            let kind: String
            switch row.metric {
            case let metric where ReportModel.latencyJobMetrics.contains(metric): kind = "latency"
            case let metric where ReportModel.selectionMetrics.contains(metric): kind = "accuracy"
            default: return nil
            }
            return Job(
                worker: row.worker, kind: kind, device: row.device, architecture: row.architecture,
                start: row.startedAt.timeIntervalSince(origin), end: row.finishedAt.timeIntervalSince(origin))
        }
        let events = model.contents.fleetEvents ?? []
        var devices: [String: String] = [:]
        for event in events where !event.device.isEmpty { devices[event.worker] = event.device }
        for job in jobs where job.kind == "latency" { devices[job.worker] = devices[job.worker] ?? job.device }
        let workers = Set(jobs.map(\.worker) + events.map(\.worker)).sorted {
            (devices[$0] ?? "", $0) < (devices[$1] ?? "", $1)
        }
        if workers.isEmpty {
            out += "<p class=\"missing\">No job in this store names a worker.</p>"
        } else {
            out += timeline(workers: workers, devices: devices, jobs: jobs, events: events, origin: origin)
            out += table(workers: workers, devices: devices, jobs: jobs, events: events, origin: origin)
        }
        if model.contents.fleetEvents == nil {
            out += "<p class=\"missing\">Workers joining and leaving are not recorded in this store (written by an hsconas "
                + "before the <code>fleet_event</code> table): only the jobs are shown.</p>"
        }
        out += requeues(events, origin: origin)
        out += failures(rows)
        return out + "</section>"
    }

    private static func timeline(
        workers: [String], devices: [String: String], jobs: [Job], events: [FleetEventRecord], origin: Date
    ) -> String {
        let lane = 20.0
        let end = max(jobs.map(\.end).max() ?? 1, events.map { $0.at.timeIntervalSince(origin) }.max() ?? 1, 0.001)
        var plot = SVGPlot(
            width: 980, height: 14 + 46 + lane * Double(workers.count), x: (0, end * 1.01),
            y: (-0.5, Double(workers.count) - 0.5), xLabel: "seconds since the run started", yLabel: "", left: 190)
        let index = Dictionary(uniqueKeysWithValues: workers.enumerated().map { ($1, $0) })
        // Lane 0 at the top.
        func laneY(_ worker: String) -> Double { plot.y(Double(workers.count - 1 - (index[worker] ?? 0))) }
        plot.yLabels = workers.enumerated().map { position, worker in
            (Double(workers.count - 1 - position), worker + (devices[worker].map { " (\($0))" } ?? ""))
        }
        for job in jobs {
            let x = plot.x(job.start)
            plot.add(SVG.rect(
                x: x, y: laneY(job.worker) - lane * 0.32, width: max(plot.x(job.end) - x, 1), height: lane * 0.64,
                classes: "job \(job.kind)",
                title: "\(job.kind)\(job.device.isEmpty ? "" : " on \(job.device)"): \(job.architecture)\n"
                    + "\(SVG.number(job.start)) s → \(SVG.number(job.end)) s"))
        }
        for event in events {
            let x = plot.x(event.at.timeIntervalSince(origin))
            let y = laneY(event.worker)
            switch event.kind {
            case .joined:
                plot.add(SVG.polygon([(x, y - 7), (x + 7, y), (x, y + 7)], classes: "joined"))
            case .requeued:
                plot.add(SVG.polygon([(x, y - 8), (x - 5, y - 2), (x + 5, y - 2)], classes: "requeue"))
                plot.add(SVG.circle(x: x, y: y - 4, radius: 6, classes: "hit", title: "re-queued from \(event.worker): \(event.detail)"))
            case .left:
                let dead = event.detail.contains("missed")
                plot.add(SVG.line(x1: x - 6, y1: y - 6, x2: x + 6, y2: y + 6, classes: dead ? "death" : "leave"))
                plot.add(SVG.line(x1: x - 6, y1: y + 6, x2: x + 6, y2: y - 6, classes: dead ? "death" : "leave"))
                plot.add(SVG.circle(
                    x: x, y: y, radius: 7, classes: "hit",
                    title: "\(event.worker) left: \(event.detail); \(event.requeued) job(s) re-queued"))
            }
        }
        return "<figure class=\"chart\">" + plot.render(label: "workers and their jobs over time")
            + "<figcaption>Bars: <span class=\"key accuracy\">accuracy</span> and <span class=\"key latency\">latency</span> "
            + "jobs from lease to answer. ▶ joined, <span class=\"death-key\">✕</span> declared dead (missed heartbeats), "
            + "grey ✕ left otherwise, <span class=\"requeue-key\">▲</span> a job taken from it and re-queued for another "
            + "attempt.</figcaption></figure>"
    }

    private static func table(
        workers: [String], devices: [String: String], jobs: [Job], events: [FleetEventRecord], origin: Date
    ) -> String {
        var out = "<table><thead><tr><th>worker</th><th>device</th><th>accuracy jobs</th><th>latency jobs</th>"
            + "<th>busy (s)</th><th>joined (s)</th><th>re-queued from it</th><th>left</th></tr></thead><tbody>"
        let byWorker = Dictionary(grouping: jobs, by: \.worker)
        for worker in workers {
            let own = byWorker[worker] ?? []
            let joined = events.filter { $0.worker == worker && $0.kind == .joined }
                .map { SVG.number($0.at.timeIntervalSince(origin), digits: 3) }
            let left = events.filter { $0.worker == worker && $0.kind == .left }.map { event in
                "at \(SVG.number(event.at.timeIntervalSince(origin), digits: 3)) s: \(event.detail); \(event.requeued) re-queued"
            }
            out += "<tr><td>\(SVG.escape(worker))</td><td>\(SVG.escape(devices[worker] ?? "–"))</td>"
                + "<td>\(own.filter { $0.kind == "accuracy" }.count)</td><td>\(own.filter { $0.kind == "latency" }.count)</td>"
                + "<td>\(SVG.number(own.reduce(0) { $0 + $1.end - $1.start }, digits: 3))</td>"
                + "<td>\(joined.isEmpty ? "–" : joined.joined(separator: ", "))</td>"
                + "<td>\(events.filter { $0.worker == worker && $0.kind == .requeued }.count)</td>"
                + "<td class=\"\(left.contains { $0.contains("missed") } ? "bad" : "")\">"
                + "\(SVG.escape(left.isEmpty ? "–" : left.joined(separator: "; ")))</td></tr>"
        }
        return out + "</tbody></table>"
    }

    /// Jobs put back in the queue for another attempt, as the store recorded them.
    private static func requeues(_ events: [FleetEventRecord], origin: Date) -> String {
        let requeued = events.filter { $0.kind == .requeued }
        guard !requeued.isEmpty else {
            return "<p>No job was re-queued for another attempt (an expired lease, a retryable failure). Stores written "
                + "before hsconas recorded re-queues show none; jobs re-queued because their worker left are in the table "
                + "above.</p>"
        }
        let expired = requeued.filter { $0.detail.contains("lease expired") }.count
        var out = "<p>\(requeued.count) job(s) re-queued for another attempt: \(expired) after an expired lease "
            + "(<code>fleet.job_deadline_ms</code>), \(requeued.count - expired) after a retryable failure.</p>"
        out += "<table><thead><tr><th>at (s)</th><th>from worker</th><th>device</th><th>job and why</th></tr></thead><tbody>"
        for event in requeued.prefix(50) {
            out += "<tr><td>\(SVG.number(event.at.timeIntervalSince(origin), digits: 3))</td><td>\(SVG.escape(event.worker))</td>"
                + "<td>\(SVG.escape(event.device.isEmpty ? "–" : event.device))</td><td>\(SVG.escape(event.detail))</td></tr>"
        }
        out += "</tbody></table>"
        if requeued.count > 50 { out += "<p class=\"note\">First 50 of \(requeued.count) shown.</p>" }
        return out
    }

    private static func failures(_ rows: [EvaluationRecord]) -> String {
        let failed = rows.filter { $0.error != nil }
        guard !failed.isEmpty else { return "<p class=\"note\">No job failed for good.</p>" }
        var out = "<h3>Jobs that failed for good (\(failed.count))</h3><table><thead><tr><th>metric</th><th>device</th>"
            + "<th>architecture</th><th>error</th></tr></thead><tbody>"
        for row in failed {
            let error = row.error ?? ""
            let shown = error.count > 300 ? String(error.prefix(300)) + "…" : error
            out += "<tr><td>\(SVG.escape(row.metric))</td><td>\(SVG.escape(row.device))</td>"
                + "<td class=\"mono\">\(SVG.escape(row.architecture))</td><td>\(SVG.escape(shown))</td></tr>"
        }
        return out + "</tbody></table>"
    }
}
