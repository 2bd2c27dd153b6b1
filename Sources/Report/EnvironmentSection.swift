import Foundation
import Store

/// Where each measured device's figures were measured, as its workers reported it: the fixed
/// part (runtime, version, CPU, cores, threads, batch) once per distinct environment, and the
/// per-measurement statistics (CV, runs, attempts, …) as median and range.
enum EnvironmentSection {
    /// Keys that change with every measurement (`model_sha256`: the thin worker's hash of each network's model).
    static let perMeasurement: Set<String> = [
        "mean_ms", "p10_ms", "p90_ms", "cv", "runs", "attempts", EvaluationRecord.hostLockWaitKey, "measured_from", "measured_until",
        EvaluationRecord.deviceWaitKey, "model_sha256",
    ]

    static func html(_ model: ReportModel) -> String {
        var out = "<section id=\"environment\"><h2>Measurement environments</h2>"
        let measured = model.contents.evaluations.filter { $0.source == .measured && $0.value != nil }
        guard !measured.isEmpty else {
            return out + "<p class=\"missing\">Nothing in this run was measured on a device: every latency was replayed "
                + "from a benchmark table or predicted, so there is no measurement environment to show.</p></section>"
        }
        for (device, rows) in Dictionary(grouping: measured, by: \.device).sorted(by: { $0.key < $1.key }) {
            let parsed = rows.map { row in
                (row, (row.environment.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) } as? [String: Any]) ?? [:])
            }
            let groups = Dictionary(grouping: parsed) { _, fields in
                fields.filter { !perMeasurement.contains($0.key) }.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "\n")
            }
            out += "<h3>\(SVG.escape(device))</h3>"
            for (_, group) in groups.sorted(by: { $0.value.count > $1.value.count }) {
                let fields = group[0].1
                out += "<p class=\"note\">\(group.count) measured figure\(group.count == 1 ? "" : "s") from "
                    + "\(SVG.escape(Set(group.map(\.0.worker)).sorted().joined(separator: ", ")))</p>"
                guard !fields.isEmpty else {
                    out += "<p class=\"missing\">No environment was reported with these figures.</p>"
                    continue
                }
                out += "<table class=\"kv\"><tbody>"
                for (key, value) in fields.sorted(by: { $0.key < $1.key }) where !perMeasurement.contains(key) {
                    out += "<tr><th>\(SVG.escape(key))</th><td>\(SVG.escape("\(value)"))</td></tr>"
                }
                for key in perMeasurement.sorted() {
                    let values = group.compactMap { ($0.1[key] as? String).flatMap(Double.init) }.sorted()
                    guard let low = values.first, let high = values.last, !key.hasPrefix("measured_") else { continue }
                    out += "<tr><th>\(SVG.escape(key))</th><td>median \(SVG.number(values[values.count / 2])) "
                        + "(\(SVG.number(low))–\(SVG.number(high)), \(values.count) figure\(values.count == 1 ? "" : "s"))</td></tr>"
                }
                out += "</tbody></table>"
            }
        }
        return out + "</section>"
    }
}
