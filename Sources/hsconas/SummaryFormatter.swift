import Foundation
import Orchestrator

/// Renders a search result for a person.
enum SummaryFormatter {
    static func summary(_ result: SearchResult, directory: URL) -> String {
        var lines: [String] = []
        let devices = result.targets.map(\.device)
        if let best = result.best {
            lines.append("Best architecture meeting every target (\(result.dataset)):")
            lines.append("  \(best.architecture)  (NAS-Bench-201 index \(best.index))")
            let test = best.testAccuracy.map { fixed($0, 2) + " %" } ?? "not reported"
            lines.append("  valid accuracy \(fixed(best.validAccuracy, 2)) %, test accuracy \(test) (\(best.accuracySource))")
            for target in result.targets {
                if let figure = best.latencyMs[target.device] {
                    lines.append(
                        "  \(target.device): \(fixed(figure.value, 3)) ms of \(fixed(target.maxLatencyMs, 3)) ms allowed (\(figure.source))")
                }
            }
        } else {
            lines.append("No architecture meeting every target was found.")
        }
        if let optimum = result.optimum, let regret = result.regretValid {
            let scope = result.optimumScope == "all targets" ? "the same targets" : result.optimumScope
            lines.append(
                "Exhaustive optimum under \(scope): valid \(fixed(optimum.validAccuracy, 2)) % (index \(optimum.index)) "
                    + "→ regret \(fixed(regret, 2)) points")
        } else if !devices.isEmpty {
            lines.append("No cell in the table meets every target.")
        }
        for (device, use) in (result.latencyModels ?? [:]).sorted(by: { $0.key < $1.key }) {
            lines.append(
                "Latency model on \(device): \(use.screened) candidates decided on the operator table, \(use.measured) measured "
                    + "(within ±\(fixed(use.band * 100, 0)) % of the limit, and the answer); correction "
                    + "\(fixed(use.a, 3)) · Σ table + \(fixed(use.b, 3)) ms")
        }
        lines.append(String(
            format: "Spent %d accuracy evaluations and %d latency look-ups over %d candidates and %d generations in %.1f s",
            result.accuracyEvaluations, result.latencyLookups, result.candidates, result.generations, result.wallSeconds)
            + (result.failedJobs > 0 ? ", \(result.failedJobs) failed jobs" : ""))
        if !result.shrinkLog.isEmpty {
            lines.append("Progressive space shrinking:")
            for step in result.shrinkLog {
                lines.append(
                    "  gen \(step.generation): \(step.position) dropped \(step.dropped) (score \(fixed(step.score, 2))), "
                        + "space \(fixed(step.spaceSizeBefore, 0)) → \(fixed(step.spaceSizeAfter, 0))")
            }
        }
        lines.append("Result: \(directory.appendingPathComponent("result.json").path)")
        lines.append("Store:  \(result.store)")
        return lines.joined(separator: "\n")
    }

    static func fixed(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }
}
