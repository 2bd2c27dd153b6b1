/// Per target device: selection figure against latency for every architecture with a latency
/// there, the Pareto front, the limit and the answer. Architectures without a selection figure
/// (over a hard limit, so never evaluated for accuracy) sit in a strip under the axis.
enum DeviceScatterSection {
    static func html(_ model: ReportModel) -> String {
        var out = "<section id=\"scatter\"><h2>Accuracy against latency, per device</h2>"
        out += "<p class=\"note\">One mark per architecture with a latency figure on the device. Colour says where the "
            + "latency came from, as the store labels it: <span class=\"key measured\">measured</span> "
            + "<span class=\"key replay\">replay</span> <span class=\"key predicted\">predicted</span> (decided on the "
            + "device's latency model, never measured). The y figure is the \(SVG.escape(model.selectionLabel)), source "
            + "<b>\(SVG.escape(model.selectionSources.isEmpty ? "none stored yet" : model.selectionSources.joined(separator: ", ")))</b>. Marks in the strip under the axis have "
            + "no such figure: they broke a hard limit and were never evaluated for accuracy.</p>"
        for device in model.devices {
            out += plot(model, device: device)
        }
        return out + "</section>"
    }

    private static func plot(_ model: ReportModel, device: String) -> String {
        let limit = model.limit(of: device)
        let marks = model.architectures.compactMap { figures in
            figures.decidingLatency(device).map { (figures: figures, latency: $0) }
        }
        let scored = marks.compactMap { mark in mark.figures.selection.map { (mark, $0.value) } }
        let xDomain = LinearScale.domain(covering: marks.map(\.latency.value) + (limit.map { [$0] } ?? []))
        let yDomain = LinearScale.domain(covering: scored.map(\.1))
        var plot = SVGPlot(
            x: (max(0, xDomain.0), xDomain.1), y: yDomain, xLabel: "latency on \(device) (ms)", yLabel: model.selectionLabel,
            strip: 26)
        if let limit {
            plot.add(SVG.line(x1: plot.x(limit), y1: SVGPlot.top, x2: plot.x(limit), y2: plot.axisY + 24, classes: "limit"))
            // Near the axis: the answer's label sits at the top, where the best figures are.
            plot.add(SVG.text("limit \(SVG.number(limit)) ms", x: plot.x(limit) + 4, y: plot.axisY - 6, classes: "limit-label"))
        }
        plot.add(SVG.text("no figure", x: plot.left - 6, y: plot.axisY + 16, classes: "strip-label", anchor: "end"))
        let front = ParetoFront.of(scored.map { (latency: $0.0.latency.value, score: $0.1) })
        if front.count > 1 {
            var steps: [(Double, Double)] = []
            for (index, point) in front.enumerated() {
                if index > 0 { steps.append((plot.x(point.latency), plot.y(front[index - 1].score))) }
                steps.append((plot.x(point.latency), plot.y(point.score)))
            }
            plot.add(SVG.polyline(steps, classes: "front"))
        }
        for mark in marks {
            let source = mark.latency.source
            let attributes = " data-device=\"\(SVG.escape(device))\" data-arch=\"\(SVG.escape(mark.figures.name))\" data-source=\"\(source)\""
            let x = plot.x(mark.latency.value)
            if let score = mark.figures.selection {
                let title = "\(mark.figures.name)\n\(SVG.number(mark.latency.value)) ms (\(source)), \(model.selectionMetric) "
                    + "\(SVG.number(score.value)) (\(score.source))"
                plot.add(SVG.circle(x: x, y: plot.y(score.value), radius: 3.2, classes: "pt \(source)", attributes: attributes, title: title))
            } else {
                let title = "\(mark.figures.name)\n\(SVG.number(mark.latency.value)) ms (\(source)), no \(model.selectionMetric)"
                plot.add(SVG.circle(x: x, y: plot.axisY + 13, radius: 2.4, classes: "pt stripped \(source)", attributes: attributes, title: title))
            }
        }
        var answerText = "no answer stored (the run is unfinished or found none)"
        if let answer = model.answer, let mark = scored.first(where: { $0.0.figures.name == answer }) {
            let (x, y) = (plot.x(mark.0.latency.value), plot.y(mark.1))
            plot.add(SVG.circle(x: x, y: y, radius: 8, classes: "answer", title: "answer: \(answer)"))
            plot.add(SVG.text("answer", x: x + 10, y: y - 8, classes: "answer-label"))
            answerText = "answer at \(SVG.number(mark.0.latency.value)) ms (\(mark.0.latency.source)), "
                + "\(model.selectionMetric) \(SVG.number(mark.1))"
        }
        let over = limit.map { limit in marks.filter { $0.latency.value > limit }.count } ?? 0
        let bySource = Dictionary(grouping: marks, by: \.latency.source).map { "\($0.value.count) \($0.key)" }.sorted()
        let caption = "<b>\(SVG.escape(device))</b>\(limit.map { " — limit \(SVG.number($0)) ms" } ?? " — no limit on this device"): "
            + "\(marks.count) architectures (\(bySource.joined(separator: ", "))), \(scored.count) with a \(model.selectionMetric), "
            + "\(over) over the limit, \(front.count) on the Pareto front; \(SVG.escape(answerText))."
        return "<figure class=\"chart\">" + plot.render(label: "accuracy against latency on \(device)")
            + "<figcaption>\(caption)</figcaption></figure>"
    }
}
