/// What the store holds about one architecture: its selection figure, its latency per device
/// (measured or replayed), the model's prediction per device, and whether anything failed.
struct ArchitectureFigures: Sendable, Hashable {
    var name: String
    /// Position of its first stored row: the order the search met it in.
    var firstRow: Int
    /// `valid_accuracy` or `proxy_score`, with its source.
    var selection: ReportFigure?
    /// Row index of the selection figure, for ordering evaluations.
    var selectionRow: Int?
    /// Latency per device from `latency_ms` (measured or replay).
    var latency: [String: ReportFigure] = [:]
    /// Predictions per device from `latency_predicted_ms`.
    var predicted: [String: Double] = [:]
    var failures: [String] = []

    /// The latency the search decided on for a device: the real figure, else the prediction.
    func decidingLatency(_ device: String) -> ReportFigure? {
        latency[device] ?? predicted[device].map { ReportFigure(value: $0, source: "predicted") }
    }

    /// Meets every limit on the figures the search decided on.
    func isFeasible(_ targets: [ReportTarget]) -> Bool {
        targets.allSatisfy { target in decidingLatency(target.device).map { $0.value <= target.maxLatencyMs } ?? false }
    }
}
