import Foundation

/// What `hsconas bench hsconas` measured, with a Markdown rendering.
public struct HSCoNASBenchmarkResult: Sendable, Hashable, Codable {
    /// The device name the searches measured, `cpu_<threads>t`.
    public var device: String
    /// Threads the measured networks ran with.
    public var threads: Int
    /// The latency targets T (ms).
    public var targetsMs: [Double]
    /// The seeds every target and mode ran with.
    public var seeds: [UInt64]
    /// Accuracy (NASWOT proxy) evaluations each search could spend.
    public var budget: Int
    /// The EA's population P.
    public var population: Int
    /// How the operator-table model decided what to measure: a fixed band (nil: the interval of
    /// `confidence` σ) and the `decide:` rule.
    public var band: Double?
    /// Standard deviations of the model's prediction interval.
    public var confidence: Double
    /// The ``TargetDecisionRule`` raw value: `interval`, `lazy` or `lazy-all`.
    public var decide: String
    /// Target by target, seed by seed, the modes in order.
    public var rows: [HSCoNASBenchmarkRow]
    /// Wall time of the whole benchmark, in seconds.
    public var wallSeconds: Double

    /// Creates a result; the model options default to the 2 σ interval rule.
    public init(
        device: String, threads: Int, targetsMs: [Double], seeds: [UInt64], budget: Int, population: Int,
        band: Double? = nil, confidence: Double = 2, decide: String = "interval", rows: [HSCoNASBenchmarkRow], wallSeconds: Double
    ) {
        self.device = device
        self.threads = threads
        self.targetsMs = targetsMs
        self.seeds = seeds
        self.budget = budget
        self.population = population
        self.band = band
        self.confidence = confidence
        self.decide = decide
        self.rows = rows
        self.wallSeconds = wallSeconds
    }

    static func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }

    static func percent(_ value: Double?) -> String {
        value.map { (($0 >= 0 ? "+" : "") + fixed($0 * 100, 1)) + " %" } ?? "–"
    }

    /// One search as a status line.
    public static func line(_ row: HSCoNASBenchmarkRow) -> String {
        "T \(fixed(row.targetMs, 2)) ms · \(row.mode) · seed \(row.seed): "
            + (row.measuredMs.map { "measured \(fixed($0, 3)) ms (\(percent(row.deviation)))" } ?? "nothing feasible")
            + " · proxy \(row.proxyScore.map { fixed($0, 2) } ?? "–") · \(row.measurements) measured / \(row.screened) screened"
            + " · \(fixed(row.wallSeconds, 1)) s"
    }

    /// A Markdown table, one row per search, then a line per mode over all targets and seeds.
    public func markdown() -> String {
        var lines = [
            "HSCoNAS on spos, \(device) (this CPU, \(threads) thread\(threads == 1 ? "" : "s"), native engine, measured), "
                + "budget \(budget) proxy evaluations, population \(population), seeds \(seeds.map(String.init).joined(separator: ", ")) "
                + "(the same for every mode). Measured = the returned architecture's real latency; aim −3 % … 0 % of T.",
            "",
            "| T (ms) | mode | seed | measured (ms) | vs T | proxy score | measured nets | screened on model | candidates | DCS widened | wall (s) |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for row in rows {
            lines.append(
                "| \(Self.fixed(row.targetMs, 2)) | \(row.mode) | \(row.seed) | \(row.measuredMs.map { Self.fixed($0, 3) } ?? "none feasible") "
                    + "| \(Self.percent(row.deviation)) | \(row.proxyScore.map { Self.fixed($0, 2) } ?? "–") | \(row.measurements) "
                    + "| \(row.screened) | \(row.candidates) | \(row.channelScalings) | \(Self.fixed(row.wallSeconds, 1)) |")
        }
        lines.append("")
        for mode in Set(rows.map(\.mode)).sorted() {
            let mine = rows.filter { $0.mode == mode }
            let deviations = mine.compactMap(\.deviation).sorted()
            let inAim = deviations.filter { (-0.03...0).contains($0) }.count
            let feasible = deviations.filter { $0 <= 0 }.count
            let median = deviations.isEmpty ? nil : deviations[deviations.count / 2]
            let measured = mine.map(\.measurements).reduce(0, +)
            let screened = mine.map(\.screened).reduce(0, +)
            lines.append(
                "- \(mode): \(feasible)/\(mine.count) feasible on the measurement, \(inAim)/\(mine.count) within −3 % … 0 %, "
                    + "median \(Self.percent(median)) of T; \(measured) real measurements vs \(screened) candidates screened on the model; "
                    + "mean wall \(Self.fixed(mine.map(\.wallSeconds).reduce(0, +) / Double(max(mine.count, 1)), 1)) s")
        }
        lines.append("")
        lines.append("Total wall time \(Self.fixed(wallSeconds, 1)) s.")
        return lines.joined(separator: "\n")
    }
}
