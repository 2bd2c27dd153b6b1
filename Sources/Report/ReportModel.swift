import Foundation
import Store
import Yams

/// A run store read for the report: the run's settings from its stored config, its answer from
/// its stored result, and every architecture's figures. Nothing here is computed from anything
/// but the store.
struct ReportModel: Sendable {
    let contents: RunContents
    let run: RunRecord
    let space: String
    let strategy: String
    let constraint: String
    let targets: [ReportTarget]
    /// The config's `budget` of selection evaluations, when it names one.
    let budget: Int?
    /// `valid_accuracy` or `proxy_score`: what candidates were selected on.
    let selectionMetric: String
    /// The answer's architecture from the stored result; nil while the run is unfinished or found none.
    let answer: String?
    /// Architectures in the order the search met them.
    let architectures: [ArchitectureFigures]
    /// How each device's latency model decided which candidates to measure, from the stored result.
    let decisionRules: [String: String]

    static let latencyMetric = "latency_ms"
    /// A reading set aside for a faster second reading of the same network (the Orchestrator's `MetricKey.discardedLatency`).
    static let discardedLatencyMetric = "latency_discarded_ms"
    /// Every metric stored by a latency job the device ran: the kept readings and the set-aside ones.
    static let latencyJobMetrics: Set<String> = [latencyMetric, discardedLatencyMetric]
    static let predictedMetric = "latency_predicted_ms"
    static let selectionMetrics = ["valid_accuracy", "proxy_score"]

    init(contents: RunContents) throws(ReportError) {
        self.contents = contents
        guard let run = contents.run else {
            throw ReportError(path: contents.path, message: "the store is empty: no run recorded")
        }
        guard !contents.evaluations.isEmpty else {
            throw ReportError(path: contents.path, message: "the store is empty: no evaluations recorded")
        }
        self.run = run
        let config: [String: Any]
        do {
            guard let parsed = try Yams.load(yaml: run.config) as? [String: Any] else {
                throw ReportError(path: contents.path, message: "the stored config (run.config) is not a YAML mapping")
            }
            config = parsed
        } catch let error as ReportError {
            throw error
        } catch {
            throw ReportError(path: contents.path, message: "the stored config (run.config) is not YAML: \(error)")
        }
        space = config["space"] as? String ?? "nb201"
        strategy = config["strategy"] as? String ?? "hsconas"
        constraint = config["constraint"] as? String ?? "hard"
        let resolved = Dictionary(
            (contents.limits ?? []).map { ($0.device, $0.limitMs) }, uniquingKeysWith: { first, _ in first })
        targets = try Self.targets(config["targets"], resolved: resolved, path: contents.path)
        budget = config["budget"] as? Int
        // The stored result (nil while the run is unfinished), read once for the answer and the models.
        let result = run.result.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        answer = (result?["best"] as? [String: Any])?["architecture"] as? String
        architectures = Self.figures(contents.evaluations)
        let metrics = Set(contents.evaluations.filter { $0.value != nil }.map(\.metric))
        selectionMetric = Self.selectionMetrics.first { metrics.contains($0) } ?? Self.selectionMetrics[0]
        decisionRules = Self.decisionRules(
            in: result, lazyRules: Self.lazyRules(config["targets"]), confirmTop: Self.confirmTop(config),
            figure: selectionMetric == "proxy_score" ? "proxy score" : "accuracy")
    }

    /// The run's limits: as the config states them in ms, or as resolved at the start from a
    /// relative one (`max_latency: pNN`); a relative limit the run never resolved is left out.
    private static func targets(_ value: Any?, resolved: [String: Double], path: String) throws(ReportError) -> [ReportTarget] {
        guard let value else { return [] }
        guard let list = value as? [Any] else {
            throw ReportError(path: path, message: "the stored config's 'targets' is not a list")
        }
        var targets: [ReportTarget] = []
        for (index, entry) in list.enumerated() {
            let fields = entry as? [String: Any]
            if let device = fields?["device"] as? String, fields?["max_latency"] != nil, fields?["max_latency_ms"] == nil {
                if let limit = resolved[device] { targets.append(ReportTarget(device: device, maxLatencyMs: limit)) }
                continue
            }
            guard let device = fields?["device"] as? String,
                let limit = (fields?["max_latency_ms"] as? Double) ?? (fields?["max_latency_ms"] as? Int).map(Double.init)
            else {
                throw ReportError(
                    path: path, message: "the stored config's 'targets[\(index)]' has no device and max_latency_ms: \(entry)")
            }
            targets.append(ReportTarget(device: device, maxLatencyMs: limit))
        }
        return targets
    }

    /// The config's `confirm_top`, else its default: 3, at most `parents` (10 by default), as
    /// `SearchConfig` reads it.
    private static func confirmTop(_ config: [String: Any]) -> Int {
        config["confirm_top"] as? Int ?? Swift.min(3, config["parents"] as? Int ?? 10)
    }

    /// The stored config's targets' `decide:` values other than `interval`, by device.
    private static func lazyRules(_ value: Any?) -> [String: String] {
        var rules: [String: String] = [:]
        for case let fields as [String: Any] in value as? [Any] ?? [] {
            if let device = fields["device"] as? String, let decide = fields["decide"] as? String, decide != "interval" {
                rules[device] = decide
            }
        }
        return rules
    }

    /// `latency_models` of the stored result, told as the rule each model measured by: a lazy
    /// target (`decide: lazy` or `lazy-all`) measured a candidate its interval could not decide
    /// only once the candidate's accuracy ranked among the `confirm_top` best.
    private static func decisionRules(
        in result: [String: Any]?, lazyRules: [String: String], confirmTop: Int, figure: String
    ) -> [String: String] {
        guard let models = result?["latency_models"] as? [String: [String: Any]] else { return [:] }
        var rules: [String: String] = [:]
        for (device, use) in models {
            let near: String
            if let band = use["band"] as? Double {
                near = "predicted within ±\(SVG.number(band * 100, digits: 3)) % of the limit"
            } else if let confidence = use["confidence"] as? Double {
                near = "whose ±\(SVG.number(confidence, digits: 2)) σ prediction interval held the limit"
            } else {
                continue
            }
            let best = "their \(figure) ranked among the \(confirmTop) best confirmed feasible so far"
            let lazily =
                switch lazyRules[device] {
                case "lazy": ", when the prediction was over the limit or \(best) (the others were decided on the prediction)"
                case "lazy-all": ", only once \(best) (the others were decided on the prediction)"
                default: ""
                }
            var rule = "measured candidates \(near)\(lazily)"
            if use["band"] == nil, let confidence = use["confidence"] as? Double, let spread = use["log_sd"] as? Double {
                let width = (Foundation.exp(confidence * spread) - 1) * 100
                rule += "; σ = \(SVG.number(spread * 100, digits: 2)) % at the end: the interval is about ±\(SVG.number(width, digits: 2)) %"
            }
            rules[device] = rule
        }
        return rules
    }

    private static func figures(_ rows: [EvaluationRecord]) -> [ArchitectureFigures] {
        var byName: [String: ArchitectureFigures] = [:]
        for (row, record) in rows.enumerated() {
            var figures = byName[record.architecture] ?? ArchitectureFigures(name: record.architecture, firstRow: row)
            if let error = record.error { figures.failures.append("\(record.metric)\(record.device.isEmpty ? "" : " on \(record.device)"): \(error)") }
            if let value = record.value, let source = record.source?.rawValue {
                switch record.metric {
                case latencyMetric: figures.latency[record.device] = ReportFigure(value: value, source: source)
                case predictedMetric: figures.predicted[record.device] = value
                case let metric where selectionMetrics.contains(metric):
                    figures.selection = ReportFigure(value: value, source: source)
                    figures.selectionRow = row
                default: break
                }
            }
            byName[record.architecture] = figures
        }
        return byName.values.sorted { $0.firstRow < $1.firstRow }
    }

    /// Every device with a latency figure, targets first in config order.
    var devices: [String] {
        var seen = targets.map(\.device)
        for figures in architectures {
            for device in figures.latency.keys.sorted() + figures.predicted.keys.sorted() where !seen.contains(device) {
                seen.append(device)
            }
        }
        return seen
    }

    func limit(of device: String) -> Double? {
        targets.first { $0.device == device }?.maxLatencyMs
    }

    /// How the selection figure is named on the page.
    var selectionLabel: String {
        selectionMetric == "proxy_score" ? "proxy score (NASWOT, not an accuracy)" : "valid accuracy (%)"
    }

    /// Sources of the selection figures, as the store labels them.
    var selectionSources: [String] {
        Array(Set(architectures.compactMap { $0.selection?.source })).sorted()
    }
}
