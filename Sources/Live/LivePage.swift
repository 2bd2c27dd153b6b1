import Report

/// The live page: plain HTML that reloads itself every 2 seconds (a meta refresh, no scripts).
enum LivePage {
    static func html(_ status: LiveStatus) -> String {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        func number(_ value: Double) -> String { String(format: "%.4g", value) }
        var out = """
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
            \(status.finished ? "" : "<meta http-equiv=\"refresh\" content=\"2\">")
            <title>hsconas live: \(escape(status.run ?? "starting"))</title><style>
            body{font:14px/1.45 system-ui,"DejaVu Sans",sans-serif;margin:24px;color:#1d2330}h1{font-size:20px}
            h2{font-size:16px;margin-top:22px}table{border-collapse:collapse}th,td{padding:2px 10px;border-bottom:1px solid #e3e6ea;text-align:left}
            thead th{background:#f1f3f6}.mono{font-family:ui-monospace,monospace;font-size:12px}.stale{color:#b3261e}
            </style></head><body>
            <h1>hsconas live: \(escape(status.run ?? "waiting for the run"))\(status.finished ? " — finished" : "")</h1>
            <p>updated \(escape(status.updatedAt)); <a href="/api/status">/api/status</a> · <a href="/metrics">/metrics</a></p>
            <p>evaluations \(status.evaluations)\(status.budget.map { " of \($0)" } ?? ""); jobs queued \(status.jobsQueued),
            in flight \(status.jobsInFlight), completed \(status.jobsCompleted), failed \(status.jobsFailed);
            workers declared dead \(status.workerDeaths), left \(status.workerDepartures)</p>
            """
        if let problem = status.storeProblem { out += "<p class=\"stale\">store: \(escape(problem))</p>" }
        if let best = status.best {
            out += "<p>best feasible so far: <span class=\"mono\">\(escape(best.architecture))</span> — \(escape(best.metric)) "
                + "\(number(best.value)) (\(escape(best.source)))</p>"
        } else {
            out += "<p>no feasible candidate yet</p>"
        }
        out += "<h2>Workers online (\(status.workersOnline))</h2><table><thead><tr><th>device</th><th>worker</th><th>kinds</th>"
            + "<th>jobs held</th><th>measuring for (s)</th><th>last heard (s ago)</th></tr></thead><tbody>"
        for worker in status.workers.sorted(by: { ($0.device, $0.workerID) < ($1.device, $1.workerID) }) {
            // Marked once the coordinator has said the job is held far longer than the device's usual.
            let measuring = worker.measuringSeconds.map {
                worker.measuringLong ? "<td class=\"stale\">\(number($0)) — far longer than usual</td>" : "<td>\(number($0))</td>"
            } ?? "<td>–</td>"
            // A job past its lease keeps the worker busy though it holds none the search waits for.
            let held =
                worker.jobsPastLease > 0
                ? "<td class=\"stale\">\(worker.jobs) + \(worker.jobsPastLease) past its lease (re-queued or failed for good; its answer will be ignored)</td>"
                : "<td>\(worker.jobs)</td>"
            out += "<tr><td>\(escape(worker.device))</td><td>\(escape(worker.workerID))</td>"
                + "<td>\(escape(worker.kinds.joined(separator: ", ")))</td>" + held + measuring
                + "<td class=\"\(worker.secondsSinceSeen > 2 ? "stale" : "")\">\(number(worker.secondsSinceSeen))</td></tr>"
        }
        out += "</tbody></table><h2>Jobs by kind and device</h2><table><thead><tr><th>kind</th><th>device</th><th>dispatched</th>"
            + "<th>answered</th><th>failed</th><th>re-queued</th></tr></thead><tbody>"
        for (kind, devices) in status.jobs.sorted(by: { $0.key < $1.key }) {
            for (device, tally) in devices.sorted(by: { $0.key < $1.key }) {
                out += "<tr><td>\(escape(kind))</td><td>\(escape(device))</td><td>\(tally.dispatched)</td><td>\(tally.answered)</td>"
                    + "<td>\(tally.failed)</td><td>\(tally.requeued)</td></tr>"
            }
        }
        out += "</tbody></table>"
        for (device, front) in status.fronts.sorted(by: { $0.key < $1.key }) {
            out += "<h2>Pareto front on \(escape(device)) (\(front.count))</h2><table><thead><tr><th>latency (ms)</th>"
                + "<th>source</th><th>figure</th><th>architecture</th></tr></thead><tbody>"
            for point in front {
                out += "<tr><td>\(number(point.latencyMs))</td><td>\(escape(point.latencySource))</td><td>\(number(point.value))</td>"
                    + "<td class=\"mono\">\(escape(point.architecture))</td></tr>"
            }
            out += "</tbody></table>"
        }
        return out + "</body></html>"
    }
}
