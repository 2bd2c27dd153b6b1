import Foundation

/// What `hsconas latency fit` prints: the fit's set-up and its score on the held-out rows.
public struct LatencyFitReport: Sendable, Hashable, Codable {
    /// The table's path.
    public var table: String
    /// The space the architecture column was read in.
    public var space: String
    /// The columns read.
    public var architectureColumn: String, latencyColumn: String
    /// The model fitted.
    public var model: LatencyModelKind
    /// The seed of the rows drawn (and of the MLP).
    public var seed: UInt64
    /// Rows fitted on; all the others (`score.count`) were scored.
    public var trainingCount: Int
    /// The model's score on the rows not fitted on.
    public var score: LatencyScore
    /// Time the fit took.
    public var fitSeconds: Double

    /// Collects a finished fit's set-up and score.
    public init(
        table: String, space: String, architectureColumn: String, latencyColumn: String,
        model: LatencyModelKind, seed: UInt64, trainingCount: Int, score: LatencyScore, fitSeconds: Double
    ) {
        self.table = table
        self.space = space
        self.architectureColumn = architectureColumn
        self.latencyColumn = latencyColumn
        self.model = model
        self.seed = seed
        self.trainingCount = trainingCount
        self.score = score
        self.fitSeconds = fitSeconds
    }

    /// The human-readable form.
    public var text: String {
        """
        \(model == .table ? "per-position table (least squares)" : "MLP") on \(space) networks from \(table)
          architecture column '\(architectureColumn)', latency column '\(latencyColumn)'
          fitted on \(trainingCount) rows drawn with seed \(seed) in \(String(format: "%.3f", fitSeconds)) s; scored on the other \(score.count)
          RMSE        \(String(format: "%.4f", score.rmse)) ms
          MAPE        \(String(format: "%.2f", score.mape)) %
          within ±10% \(String(format: "%.1f", score.within10 * 100)) %
          Kendall τ   \(String(format: "%.4f", score.kendallTau))
        """
    }
}
