import Foundation
import Store

/// The HTML report of one run: a single self-contained file (inline SVG and CSS, no scripts, no
/// fonts or anything else from the network) made from the run's store alone.
public enum RunReport {
    /// The report of the store at `path`. Throws, naming the file, when it is not a run store,
    /// cannot be read, or holds no run or no evaluations.
    public static func html(storeAt path: String) throws(ReportError) -> String {
        let contents: RunContents
        do {
            contents = try StoreInspection.contents(at: path)
        } catch {
            throw ReportError(path: path, message: error.message)
        }
        return page(try ReportModel(contents: contents))
    }

    /// Writes the report of the store at `path` to `output`.
    public static func write(storeAt path: String, to output: String) throws(ReportError) {
        let text = try html(storeAt: path)
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw ReportError(path: path, message: "cannot write \(output): \(error.localizedDescription)")
        }
    }

    private static let sections = [
        ("scatter", "accuracy vs latency"), ("progress", "progress"), ("prediction", "predicted vs measured"),
        ("shrink", "space shrinking"), ("search-log", "channel scaling and λ"), ("environment", "environments"),
        ("workers", "workers"),
    ]

    static func page(_ model: ReportModel) -> String {
        let title = "hsconas run '\(model.run.name)'"
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(SVG.escape(title))</title>
            <style>\(ReportStyle.css)</style></head>
            <body><main>
            <h1>\(SVG.escape(title))</h1>
            \(summary(model))
            <nav>\(sections.map { "<a href=\"#\($0.0)\">\($0.1)</a>" }.joined(separator: " · "))</nav>
            \(DeviceScatterSection.html(model))
            \(ProgressSection.html(model))
            \(PredictionSection.html(model))
            \(ShrinkSection.html(model))
            \(SearchLogSection.html(model))
            \(EnvironmentSection.html(model))
            \(WorkerSection.html(model))
            <footer>Made by <code>hsconas report</code> from \(SVG.escape(model.contents.path)). Every figure on this page is
            read from that store and labelled with its source as stored.</footer>
            </main></body></html>
            """
    }

    private static func summary(_ model: ReportModel) -> String {
        let run = model.run
        let rows = model.contents.evaluations
        let formatter = ISO8601DateFormatter()
        let selection = model.architectures.filter { $0.selection != nil }.count
        let latency = rows.filter { $0.metric == ReportModel.latencyMetric && $0.value != nil }
        let bySource = Dictionary(grouping: latency) { $0.source?.rawValue ?? "?" }.map { "\($0.value.count) \($0.key)" }.sorted()
        let predicted = rows.filter { $0.metric == ReportModel.predictedMetric && $0.value != nil }.count
        let failed = rows.filter { $0.error != nil }.count
        var items = [
            ("space", model.space), ("strategy", "\(model.strategy), constraint \(model.constraint), seed \(run.seed)"),
            ("started", formatter.string(from: run.createdAt)),
            ("finished", run.finishedAt.map { formatter.string(from: $0) } ?? "not finished (the report shows what is stored so far)"),
            ("targets", model.targets.isEmpty ? "none" : model.targets.map { "\($0.device) ≤ \(SVG.number($0.maxLatencyMs)) ms" }.joined(separator: ", ")),
            ("evaluated", "\(model.architectures.count) architectures; \(selection) with a \(model.selectionMetric) "
                + "(\(model.selectionSources.joined(separator: ", "))); latency figures: \(bySource.isEmpty ? "none" : bySource.joined(separator: ", "))"
                + (predicted > 0 ? "; \(predicted) predicted" : "") + (failed > 0 ? "; \(failed) failed" : "")),
        ]
        if let answer = model.answer, let figures = model.architectures.first(where: { $0.name == answer }) {
            let latencies = model.targets.map { target in
                figures.latency[target.device].map { "\(target.device) \(SVG.number($0.value)) ms (\($0.source))" }
                    ?? "\(target.device): not stored"
            }
            items.append((
                "answer",
                "\(answer) — \(model.selectionMetric) \(figures.selection.map { "\(SVG.number($0.value)) (\($0.source))" } ?? "not stored"); "
                    + latencies.joined(separator: ", ")))
        } else {
            items.append(("answer", run.result == nil ? "none yet: the run has not finished" : "no architecture met every target"))
        }
        return "<table class=\"kv summary\"><tbody>"
            + items.map { "<tr><th>\($0.0)</th><td>\(SVG.escape($0.1))</td></tr>" }.joined() + "</tbody></table>"
    }
}
