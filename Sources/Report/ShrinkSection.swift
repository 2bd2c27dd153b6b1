import Foundation

/// Progressive space shrinking: the space size after each step, and every dropped choice.
enum ShrinkSection {
    static func html(_ model: ReportModel) -> String {
        var out = "<section id=\"shrink\"><h2>Space shrinking</h2>"
        let shrinks = model.contents.shrinks
        guard let first = shrinks.first else {
            return out + "<p class=\"missing\">No shrink step is stored: the run did not reach a shrinking point "
                + "(<code>shrink_every</code>), shrinking was off, or no choice was clearly under-represented.</p></section>"
        }
        let evaluationsAt = Dictionary(
            model.contents.checkpoints.map { ($0.generation, $0.evaluations) }, uniquingKeysWith: { first, _ in first })
        var steps: [(generation: Int, size: Double)] = [(0, first.spaceSizeBefore)]
        for shrink in shrinks {
            if steps.last?.generation == shrink.generation {
                steps[steps.count - 1].size = shrink.spaceSizeAfter
            } else {
                steps.append((shrink.generation, shrink.spaceSizeAfter))
            }
        }
        let lastGeneration = max(model.contents.checkpoints.last?.generation ?? 0, steps.last?.generation ?? 0)
        let sizes = steps.map { log10(max($0.size, 1)) }
        var plot = SVGPlot(
            height: 280, x: (0, Double(max(lastGeneration, 1))), y: LinearScale.domain(covering: sizes + [sizes[0] + 0.5]),
            xLabel: "generation", yLabel: "log10 space size")
        var line: [(Double, Double)] = []
        for (index, step) in steps.enumerated() {
            if index > 0, let last = line.last { line.append((plot.x(Double(step.generation)), last.1)) }
            line.append((plot.x(Double(step.generation)), plot.y(sizes[index])))
        }
        if let last = line.last { line.append((plot.x(Double(lastGeneration)), last.1)) }
        plot.add(SVG.polyline(line, classes: "best"))
        for (index, step) in steps.enumerated() {
            plot.add(SVG.circle(
                x: plot.x(Double(step.generation)), y: plot.y(sizes[index]), radius: 3.5, classes: "step",
                title: "generation \(step.generation): \(SVG.number(step.size)) architectures"))
        }
        out += "<figure class=\"chart\">" + plot.render(label: "space size over generations")
            + "<figcaption>\(shrinks.count) choices dropped; the space went from \(SVG.number(first.spaceSizeBefore)) to "
            + "\(SVG.number(steps.last?.size ?? first.spaceSizeBefore)) architectures.</figcaption></figure>"
        out += "<table><thead><tr><th>generation</th><th>evaluations by then</th><th>position</th><th>dropped</th><th>score</th>"
            + "<th>space size</th></tr></thead><tbody>"
        for shrink in shrinks {
            out += "<tr><td>\(shrink.generation)</td><td>\(evaluationsAt[shrink.generation].map(String.init) ?? "–")</td>"
                + "<td>\(SVG.escape(shrink.positionName))</td><td>\(SVG.escape(shrink.choiceName))</td>"
                + "<td>\(SVG.number(shrink.score, digits: 3))</td>"
                + "<td>\(SVG.number(shrink.spaceSizeBefore)) → \(SVG.number(shrink.spaceSizeAfter))</td></tr>"
        }
        return out + "</tbody></table></section>"
    }
}
