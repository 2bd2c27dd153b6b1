import Store

/// HSCoNAS's own decisions on spos: every dynamic-channel-scaling step and every λ update.
enum SearchLogSection {
    static func html(_ model: ReportModel) -> String {
        var out = "<section id=\"search-log\"><h2>Channel scaling and λ</h2>"
        out += scaling(model)
        out += lambda(model)
        return out + "</section>"
    }

    private static func scaling(_ model: ReportModel) -> String {
        guard let events = model.contents.channelScaling else {
            return "<p class=\"missing\">Channel scaling is not recorded in this store (written by an hsconas before the "
                + "<code>channel_scaling</code> table; see the run's <code>search-log.json</code>).</p>"
        }
        guard !events.isEmpty else {
            return "<p class=\"missing\">No candidate was widened by dynamic channel scaling in this run "
                + "(space \(SVG.escape(model.space)), strategy \(SVG.escape(model.strategy)), constraint "
                + "\(SVG.escape(model.constraint)); it runs on spos with <code>constraint: hard</code>).</p>"
        }
        // How close each widened candidate was predicted to land to its tightest limit.
        let ratios = events.map { event in
            event.predictedMs.compactMap { device, value in event.targetMs[device].map { value / $0 } }.max() ?? .nan
        }
        var plot = SVGPlot(
            height: 280, x: (0, Double(events.count + 1)), y: LinearScale.domain(covering: ratios + [1]),
            xLabel: "channel-scaling decision", yLabel: "predicted latency / limit")
        plot.add(SVG.line(x1: plot.x(0), y1: plot.y(1), x2: plot.x(Double(events.count + 1)), y2: plot.y(1), classes: "limit"))
        for (index, event) in events.enumerated() where ratios[index].isFinite {
            plot.add(SVG.circle(
                x: plot.x(Double(index + 1)), y: plot.y(ratios[index]), radius: 2.5, classes: "pt predicted",
                title: "generation \(event.generation): \(event.after)\npredicted / limit \(SVG.number(ratios[index], digits: 3))"))
        }
        var out = "<figure class=\"chart\">" + plot.render(label: "channel scaling: predicted latency over limit")
            + "<figcaption>\(events.count) candidates widened; each mark is the widened candidate's worst <b>predicted</b> "
            + "latency over its limit (the device models' figure, not a measurement).</figcaption></figure>"
        out += "<table><thead><tr><th>generation</th><th>channel ratios before → after</th><th>predicted / limit (ms)</th>"
            + "</tr></thead><tbody>"
        for event in events.prefix(12) {
            let predicted = event.predictedMs.sorted { $0.key < $1.key }.map { device, value in
                "\(device) \(SVG.number(value)) / \(SVG.number(event.targetMs[device] ?? .nan))"
            }.joined(separator: ", ")
            out += "<tr><td>\(event.generation)</td><td class=\"mono\">\(ratioText(event.ratiosBefore)) →<br>"
                + "\(ratioText(event.ratiosAfter))</td><td>\(SVG.escape(predicted))</td></tr>"
        }
        out += "</tbody></table>"
        if events.count > 12 { out += "<p class=\"note\">First 12 of \(events.count) decisions shown.</p>" }
        return out
    }

    private static func ratioText(_ ratios: [Double]) -> String {
        ratios.map { SVG.number($0, digits: 2) }.joined(separator: " ")
    }

    private static func lambda(_ model: ReportModel) -> String {
        guard let updates = model.contents.lambdaUpdates else {
            return "<p class=\"missing\">λ updates are not recorded in this store (written by an hsconas before the "
                + "<code>lambda_update</code> table).</p>"
        }
        guard let last = updates.last else {
            return "<p class=\"missing\">No λ update in this run (constraint \(SVG.escape(model.constraint)); λ moves only "
                + "with <code>constraint: lambda</code>).</p>"
        }
        let generations = updates.map { Double($0.generation) }
        var plot = SVGPlot(
            height: 280, x: LinearScale.domain(covering: generations + [0], padding: 0.02),
            y: LinearScale.domain(covering: updates.flatMap { [$0.lambdaAfter, $0.lambdaBefore] }),
            xLabel: "generation", yLabel: "λ")
        plot.add(SVG.polyline(updates.map { (plot.x(Double($0.generation)), plot.y($0.lambdaAfter)) }, classes: "best"))
        for update in updates {
            plot.add(SVG.circle(
                x: plot.x(Double(update.generation)), y: plot.y(update.lambdaAfter), radius: 3, classes: "step",
                title: "generation \(update.generation): λ \(SVG.number(update.lambdaBefore)) → \(SVG.number(update.lambdaAfter)), "
                    + "elite latency / limit \(SVG.number(update.eliteLatencyRatio, digits: 3))"))
        }
        return "<figure class=\"chart\">" + plot.render(label: "lambda over generations")
            + "<figcaption>\(updates.count) λ updates, λ ended at \(SVG.number(last.lambdaAfter)) (elite's latency / limit "
            + "then \(SVG.number(last.eliteLatencyRatio, digits: 3))).</figcaption></figure>"
    }
}
