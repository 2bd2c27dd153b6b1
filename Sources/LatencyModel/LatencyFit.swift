import BenchmarkData
import Foundation
import SearchSpace

/// `hsconas latency fit`: fit a model on N networks drawn from a CSV latency table and score it
/// on all the others.
public struct LatencyFit: Sendable {
    /// The space the architecture column is written in (see ``LatencySpaces``).
    public var space: String
    /// The column of architecture strings.
    public var architectureColumn: String
    /// The column of latencies (ms).
    public var latencyColumn: String
    /// Networks to fit on.
    public var samples: Int
    /// Seed of the draw (and of the MLP's training).
    public var seed: UInt64
    /// The model to fit.
    public var model: LatencyModelKind

    /// A fit of `model` on `samples` rows drawn with `seed` from the named columns.
    public init(
        space: String, architectureColumn: String, latencyColumn: String, samples: Int, seed: UInt64,
        model: LatencyModelKind
    ) {
        self.space = space
        self.architectureColumn = architectureColumn
        self.latencyColumn = latencyColumn
        self.samples = samples
        self.seed = seed
        self.model = model
    }

    /// Reads the table at `url`, then fits and scores as ``run(csv:)``.
    public func run(url: URL) throws(LatencyModelError) -> LatencyFitReport {
        let csv: CSVTable
        do {
            csv = try CSVTable(contentsOf: url)
        } catch {
            throw LatencyModelError(error.message)
        }
        return try run(csv: csv)
    }

    /// Fits on `samples` rows drawn with `seed`, scores on every other row.
    public func run(csv: CSVTable) throws(LatencyModelError) -> LatencyFitReport {
        let space = try LatencySpaces.named(self.space)
        let rows = try LatencyDataset.samples(
            from: csv, space: space, architectureColumn: architectureColumn, latencyColumn: latencyColumn)
        guard samples >= 2 else {
            throw LatencyModelError("cannot fit on \(samples) sample(s); use at least 2")
        }
        guard samples < rows.count else {
            throw LatencyModelError(
                "cannot fit on \(samples) samples: \(csv.source) has \(rows.count) rows and at least one must be "
                    + "left to score on (use at most \(rows.count - 1))")
        }
        let split = LatencySplit(rowCount: rows.count, trainingCount: samples, seed: seed)
        var predictor = model.makeModel(layout: OneHotLayout(space: space), mlp: MLPSettings(seed: seed))
        let start = ContinuousClock.now
        try predictor.fit(split.training.map { rows[$0] })
        let fitted = ContinuousClock.now - start
        let score = predictor.score(split.heldOut.map { rows[$0] })
        return LatencyFitReport(
            table: csv.source, space: self.space, architectureColumn: architectureColumn,
            latencyColumn: latencyColumn, model: model, seed: seed, trainingCount: samples,
            score: score,
            fitSeconds: Double(fitted.components.seconds) + Double(fitted.components.attoseconds) * 1e-18)
    }
}
