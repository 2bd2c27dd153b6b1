/// A latency limit of the run, from its stored config.
struct ReportTarget: Sendable, Hashable {
    var device: String
    var maxLatencyMs: Double
}
