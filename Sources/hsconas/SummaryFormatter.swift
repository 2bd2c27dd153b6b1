import Foundation
import Orchestrator
import SearchSpace

/// Renders a search result for a person.
enum SummaryFormatter {
    static func summary(_ result: SearchResult, directory: URL) -> String {
        var lines: [String] = []
        let devices = result.targets.map(\.device)
        if let best = result.best {
            lines.append("Best architecture meeting every target (\(result.dataset.map { "\(result.space), \($0)" } ?? result.space)):")
            lines.append("  \(best.architecture)" + (best.index.map { "  (NAS-Bench-201 index \($0))" } ?? ""))
            if let valid = best.validAccuracy {
                let test = best.testAccuracy.map { fixed($0, 2) + " %" } ?? "not reported"
                lines.append("  valid accuracy \(fixed(valid, 2)) %, test accuracy \(test) (\(best.accuracySource))")
            } else if let score = best.proxyScore {
                // A training-free proxy ranks networks; it is not an accuracy.
                lines.append("  proxy score \(fixed(score, 2)) (\(best.accuracySource), NASWOT: higher ranks better; not an accuracy)")
            }
            for target in result.targets {
                if let figure = best.latencyMs[target.device] {
                    let share = figure.value / target.maxLatencyMs * 100
                    let relative = target.maxLatency.map { " = \($0) of \(target.device)" } ?? ""
                    lines.append(
                        "  \(target.device): \(fixed(figure.value, 3)) ms of \(fixed(target.maxLatencyMs, 3)) ms\(relative) allowed "
                            + "(\(fixed(share, 1)) %, \(figure.source))")
                }
            }
        } else {
            lines.append("No architecture meeting every target was found.")
        }
        if let optimum = result.optimum, let regret = result.regretValid, let valid = optimum.validAccuracy {
            let scope = result.optimumScope == "all targets" ? "the same targets" : result.optimumScope
            lines.append(
                "Exhaustive optimum under \(scope): valid \(fixed(valid, 2)) % (index \(optimum.index.map(String.init) ?? "?")) "
                    + "→ regret \(fixed(regret, 2)) points")
        } else if !devices.isEmpty, result.dataset != nil {
            lines.append("No cell in the table meets every target.")
        }
        for (device, use) in (result.latencyModels ?? [:]).sorted(by: { $0.key < $1.key }) {
            // "accuracy" or "proxy score": what a lazily decided candidate waits for.
            let figure = result.best?.proxyScore != nil ? "proxy score" : "accuracy"
            let near =
                if let band = use.band { "the prediction is within ±\(fixed(band * 100, 0)) % of the limit" } else {
                    "the ±\(fixed(use.confidence ?? 0, 1)) σ interval holds the limit"
                        + (use.kind == "table" ? ", σ = " + (use.logSD.map { "\(fixed($0 * 100, 1)) %" } ?? "not yet known") : "")
                }
            let rule =
                switch result.targets.first(where: { $0.device == device })?.decide {
                case .lazy: "where \(near) and the prediction is over it or the \(figure) ranks among the best"
                case .lazyAll: "where \(near) and the \(figure) ranks among the best"
                case .interval, nil: "where \(near)"
                }
            if use.kind == "table", let a = use.a, let b = use.b {
                lines.append(
                    "Latency model on \(device): \(use.screened) candidates decided on the operator table, \(use.measured) measured "
                        + "(\(rule), the calibration set and the answer); correction \(fixed(a, 3)) · Σ table \(b < 0 ? "−" : "+") \(fixed(abs(b), 3)) ms")
            } else {
                let learned = use.references.map { "its latency on \($0.joined(separator: ", ")) (known devices)" }
                    ?? "a per-position regression"
                // A replayed device's figures are table look-ups standing in for measurements.
                let (figures, verb) = result.deviceCost?[device]?.replayed == true ? ("look-ups", "looked up") : ("measurements", "measured")
                lines.append(
                    "Latency model on \(device): \(use.screened) candidates decided on \(learned), fitted to its "
                        + "\(use.measured) \(figures) (\(verb) \(rule), the calibration set and the answer)")
            }
        }
        lines.append(String(
            format: "Spent %d %@ and %d latency look-ups over %d candidates and %d generations in %.1f s",
            result.accuracyEvaluations, result.best?.proxyScore != nil ? "proxy evaluations" : "accuracy evaluations",
            result.latencyLookups, result.candidates, result.generations, result.wallSeconds)
            + (result.accuracyEvaluationsInAll.map { all in
                " (\(all) accuracy evaluations in all: with decide: lazy-all the budget counts feasible candidates)"
            } ?? "")
            + (result.failedJobs > 0 ? ", \(result.failedJobs) failed jobs" : ""))
        if let costs = result.deviceCost, !costs.isEmpty {
            lines.append(
                "Device cost: "
                    + costs.sorted { $0.key < $1.key }.map { device, cost in
                        (cost.replayed
                            ? "\(device) \(cost.measurements) look-ups (replayed; \(fixed(cost.deviceSeconds, 1)) device-s had it been real)"
                            : "\(device) \(cost.measurements) measurements, \(fixed(cost.deviceSeconds, 1)) device-s"
                                + (cost.waitsLeftOut.map { " (and \($0))" } ?? ""))
                            + (cost.decidedOnModel > 0 ? ", \(cost.decidedOnModel) decided on its model" : "")
                    }.joined(separator: "; "))
        } else if let measurements = result.measurements, !measurements.isEmpty {
            lines.append(
                "Real measurements: "
                    + measurements.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        if let endedBy = result.endedBy {
            lines.append("Ended before the budget was spent: \(endedBy)")
        }
        if let stoppedBy = result.stoppedBy {
            lines.append(
                "Stopped early: \(stoppedBy); the answer is the best so far. Continue with "
                    + "'hsconas search --resume \(result.store)' and a larger --max-measurements / --max-wall-seconds")
        }
        if let scaling = result.channelScaling {
            lines.append("Dynamic channel scaling: \(scaling.count) candidates widened to the budget (every decision in \(scaling.log))")
            for example in scaling.examples.prefix(2) {
                lines.append(
                    "  gen \(example.generation): ratios \(SearchLog.Scaling.text(ofRatios: example.ratiosBefore)) → \(SearchLog.Scaling.text(ofRatios: example.ratiosAfter)), predicted "
                        + example.predictedMs.sorted { $0.key < $1.key }.map { device, value in
                            "\(device) \(fixed(value, 2)) of \(fixed(example.targetMs[device] ?? .nan, 2)) ms"
                        }.joined(separator: ", "))
            }
        }
        if let lambda = result.lambdaTrajectory {
            let shown = lambda.map { fixed($0.lambdaAfter, 3) }
            lines.append(
                "λ over \(lambda.count) updates (constraint lambda): "
                    + (shown.count > 12 ? (shown.prefix(6) + ["…"] + shown.suffix(5)).joined(separator: " ") : shown.joined(separator: " ")))
        }
        if !result.shrinkLog.isEmpty {
            lines.append(
                "Progressive space shrinking (space size " + result.spaceSize.map { "gen \($0.generation): \(scientific($0.size))" }
                    .joined(separator: " → ") + "):")
            for step in result.shrinkLog {
                lines.append(
                    "  gen \(step.generation): \(step.position) dropped \(step.dropped) (score \(fixed(step.score, 2))), "
                        + "space \(scientific(step.spaceSizeBefore)) → \(scientific(step.spaceSizeAfter))")
            }
        }
        lines.append("Result: \(directory.appendingPathComponent("result.json").path)")
        lines.append("Store:  \(result.store)")
        return lines.joined(separator: "\n")
    }

    static func fixed(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }

    /// Whole numbers below a million as they are, larger ones as 1.1e+12 (``SpaceSizeText``).
    static func scientific(_ value: Double) -> String { SpaceSizeText.text(value) }
}
