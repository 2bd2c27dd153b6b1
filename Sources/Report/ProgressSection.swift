import Store

/// The best feasible selection figure as evaluations are spent, and against the device-seconds
/// spent measuring where the run measured anything.
enum ProgressSection {
    static func html(_ model: ReportModel) -> String {
        // Selection figures in the order they were stored.
        let evaluated = model.architectures.filter { $0.selection != nil }
            .sorted { ($0.selectionRow ?? 0) < ($1.selectionRow ?? 0) }
        var out = "<section id=\"progress\"><h2>Best feasible \(SVG.escape(model.selectionMetric)) over the run</h2>"
        out += "<p class=\"note\">Feasible: every limit met on the latency the search decided on (measured or replayed, "
            + "else predicted). Grey dots are every evaluation; the line is the best feasible one so far.</p>"
        guard !evaluated.isEmpty else { return out + "<p class=\"missing\">No \(model.selectionMetric) stored yet.</p></section>" }
        var best: Double?
        var points: [(x: Double, value: Double, best: Double?, name: String)] = []
        for (index, figures) in evaluated.enumerated() {
            guard let value = figures.selection?.value else { continue }
            if figures.isFeasible(model.targets) { best = max(best ?? value, value) }
            points.append((Double(index + 1), value, best, figures.name))
        }
        out += "<figure class=\"chart\">" + chart(points, model: model, xLabel: "accuracy evaluations")
        out += "<figcaption>\(evaluated.count) evaluations; best feasible \(best.map { SVG.number($0) } ?? "none").</figcaption></figure>"
        out += deviceSeconds(model, evaluated: evaluated)
        return out + "</section>"
    }

    /// The same curve against cumulative seconds of measured latency jobs (start to finish per job,
    /// less any wait for an unreachable device or the host's measurement lock), readings set aside by
    /// a second reading included:
    /// the device spent that time too.
    private static func deviceSeconds(_ model: ReportModel, evaluated: [ArchitectureFigures]) -> String {
        let measured = model.contents.evaluations.filter {
            ReportModel.latencyJobMetrics.contains($0.metric) && $0.source == .measured && $0.value != nil
        }.sorted { $0.finishedAt < $1.finishedAt }
        guard !measured.isEmpty else {
            return "<p class=\"missing\">No latency in this run was measured on a device (all replayed or predicted), so "
                + "there is no device-seconds figure.</p>"
        }
        // Each job's environment read once.
        let times = measured.map(\.deviceTime)
        let selectionRows = model.contents.evaluations.filter { ReportModel.selectionMetrics.contains($0.metric) && $0.value != nil }
        let finishedAt = Dictionary(selectionRows.map { ($0.architecture, $0.finishedAt) }, uniquingKeysWith: { first, _ in first })
        var best: Double?
        var points: [(x: Double, value: Double, best: Double?, name: String)] = []
        var spent = 0.0
        var next = 0
        for figures in evaluated {
            guard let value = figures.selection?.value, let done = finishedAt[figures.name] else { continue }
            while next < measured.count, measured[next].finishedAt <= done {
                spent += times[next].seconds
                next += 1
            }
            if figures.isFeasible(model.targets) { best = max(best ?? value, value) }
            points.append((spent, value, best, figures.name))
        }
        let total = times.reduce(0) { $0 + $1.seconds }
        let waited = times.reduce(0) { $0 + $1.deviceWaitSeconds }
        let locked = times.reduce(0) { $0 + $1.hostLockWaitSeconds }
        let waitNote =
            (waited > 0 ? ", less \(SVG.number(waited)) s in which workers held jobs for a device that did not answer (--device-wait)" : "")
            + (locked >= 0.05 ? ", less \(SVG.number(locked)) s in which jobs waited for the host's measurement lock" : "")
        return "<figure class=\"chart\">" + chart(points, model: model, xLabel: "device-seconds of measured latency jobs")
            + "<figcaption>\(measured.count) measured latency jobs, \(SVG.number(total)) device-seconds in all (lease to answer, "
            + "as the store times them\(waitNote)).</figcaption></figure>"
    }

    private static func chart(
        _ points: [(x: Double, value: Double, best: Double?, name: String)], model: ReportModel, xLabel: String
    ) -> String {
        let xDomain = LinearScale.domain(covering: points.map(\.x) + [0], padding: 0.02)
        var plot = SVGPlot(
            height: 300, x: (max(0, xDomain.0), xDomain.1), y: LinearScale.domain(covering: points.map(\.value)),
            xLabel: xLabel, yLabel: model.selectionLabel)
        for point in points {
            plot.add(SVG.circle(x: plot.x(point.x), y: plot.y(point.value), radius: 2, classes: "eval",
                title: "\(point.name): \(SVG.number(point.value))"))
        }
        var line: [(Double, Double)] = []
        for point in points {
            guard let best = point.best else { continue }
            if let last = line.last { line.append((plot.x(point.x), last.1)) }
            line.append((plot.x(point.x), plot.y(best)))
        }
        if !line.isEmpty { plot.add(SVG.polyline(line, classes: "best")) }
        return plot.render(label: "best feasible against \(xLabel)")
    }
}
