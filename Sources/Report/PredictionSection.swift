/// Per device with a latency model: the model's prediction against the real figure for every
/// architecture that has both, with the ±10 % band and the rule the model measured by.
enum PredictionSection {
    static func html(_ model: ReportModel) -> String {
        var out = "<section id=\"prediction\"><h2>Predicted against measured latency</h2>"
        let devices = model.devices.filter { device in model.architectures.contains { $0.predicted[device] != nil } }
        guard !devices.isEmpty else {
            return out + "<p class=\"missing\">No latency predictions are stored: no target of this run uses a latency "
                + "model (<code>model: regression</code> or <code>model: table</code>), so every latency was measured or replayed.</p></section>"
        }
        for device in devices {
            let pairs = model.architectures.compactMap { figures -> (String, Double, ReportFigure)? in
                guard let predicted = figures.predicted[device], let real = figures.latency[device] else { return nil }
                return (figures.name, predicted, real)
            }
            let predictedOnly = model.architectures.filter { $0.predicted[device] != nil && $0.latency[device] == nil }.count
            guard !pairs.isEmpty else {
                out += "<p class=\"missing\"><b>\(SVG.escape(device))</b>: \(predictedOnly) predictions, none of them also "
                    + "measured.</p>"
                continue
            }
            let limit = model.limit(of: device)
            let domain = LinearScale.domain(covering: pairs.flatMap { [$0.1, $0.2.value] } + (limit.map { [$0] } ?? []))
            let range = (max(0, domain.0), domain.1)
            var plot = SVGPlot(
                width: 520, height: 440, x: range, y: range, xLabel: "predicted latency on \(device) (ms)",
                yLabel: "measured latency (ms)")
            let (low, high) = range
            // The ±10 % band cut at the frame: up the left edge to the upper line, along it to the top, down
            // the right edge to the lower line, along it to the bottom; corners clamped for narrow ranges.
            func inside(_ value: Double) -> Double { Swift.min(Swift.max(value, low), high) }
            let band = [
                (low, low * 1.1), (high / 1.1, high), (high, high), (high, high * 0.9), (low / 0.9, low), (low, low),
            ]
            plot.add(SVG.polygon(band.map { (plot.x(inside($0.0)), plot.y(inside($0.1))) }, classes: "band"))
            plot.add(SVG.line(x1: plot.x(low), y1: plot.y(low), x2: plot.x(high), y2: plot.y(high), classes: "diagonal"))
            if let limit {
                // The limit on both axes: left of the vertical line the model said feasible, below the
                // horizontal one the device did; the off-diagonal quadrants are the model's wrong sides.
                plot.add(SVG.line(x1: plot.x(limit), y1: SVGPlot.top, x2: plot.x(limit), y2: plot.axisY, classes: "limit"))
                plot.add(SVG.line(x1: plot.x(low), y1: plot.y(limit), x2: plot.x(high), y2: plot.y(limit), classes: "limit"))
                plot.add(SVG.text("limit \(SVG.number(limit)) ms", x: plot.x(limit) + 4, y: SVGPlot.top + 12, classes: "limit-label"))
            }
            var within = 0
            for (name, predicted, real) in pairs {
                if abs(predicted - real.value) <= 0.1 * real.value { within += 1 }
                plot.add(SVG.circle(
                    x: plot.x(predicted), y: plot.y(real.value), radius: 3, classes: "pt \(real.source)",
                    title: "\(name)\npredicted \(SVG.number(predicted)) ms, \(real.source) \(SVG.number(real.value)) ms"))
            }
            let share = Double(within) / Double(pairs.count) * 100
            let wrongSide = limit.map { limit in pairs.count { ($0.1 <= limit) != ($0.2.value <= limit) } }
            out += "<figure class=\"chart\">" + plot.render(label: "predicted against measured on \(device)")
                + "<figcaption><b>\(SVG.escape(device))</b>: \(pairs.count) architectures predicted and then \(pairs[0].2.source), "
                + "\(within) (\(SVG.number(share, digits: 3)) %) within ±10 % (shaded band); \(predictedOnly) more decided on the "
                + "prediction alone."
                + (wrongSide.map { " \($0) of the \(pairs.count) were predicted on the other side of the limit than measured." } ?? "")
                + (model.decisionRules[device].map { " The model \(SVG.escape($0))." } ?? "")
                + "</figcaption></figure>"
        }
        return out + "</section>"
    }
}
