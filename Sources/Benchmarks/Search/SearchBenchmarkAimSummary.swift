import Orchestrator

/// One strategy's standing against issue #11's regret aims over the targets of a search benchmark
/// run: how many targets meet the median and the worst-case aim, and what the dearest device paid.
public struct SearchBenchmarkAimSummary: Sendable, Hashable {
    /// A target meets the median aim when its median regret over the seeds is at most this (points).
    public static let medianRegretAim = 0.05
    /// A target meets the worst-case aim when no seed's regret is over this (points).
    public static let worstRegretAim = 0.2
    /// Regrets are differences of single-precision accuracies near 90 %, each off by up to ~4e-6:
    /// a regret this close to an aim meets it.
    static let tolerance = 1e-5

    /// The strategy summarised.
    public var strategy: StrategyKind
    /// Its rows, one per target.
    public var targets: Int
    /// Targets whose median regret over the seeds is at most ``medianRegretAim``.
    public var meetingMedianAim: Int
    /// Targets on which no seed's regret is over ``worstRegretAim``.
    public var meetingWorstAim: Int
    /// The target whose busiest device made the most measurements (median per search); nil when
    /// the rows carry no measurements.
    public var dearestTarget: String?
    /// That device's median measurements per search.
    public var dearestMedianMeasurements: Double?

    /// The summary of `strategy`'s rows among `rows`.
    public init(strategy: StrategyKind, rows: [SearchBenchmarkRow]) {
        let mine = rows.filter { $0.strategy == strategy }
        self.strategy = strategy
        targets = mine.count
        meetingMedianAim = mine.count { $0.medianRegret <= Self.medianRegretAim + Self.tolerance }
        meetingWorstAim = mine.count { $0.worstRegret <= Self.worstRegretAim + Self.tolerance }
        let costs = mine.compactMap { row in row.medianMeasurements.max().map { (row.target.label, $0) } }
        if let top = costs.max(by: { $0.1 < $1.1 }) {
            dearestTarget = top.0
            dearestMedianMeasurements = top.1
        }
    }

    /// One line, e.g. "hsconas: median regret ≤ 0.05 on 8 of 12 targets, worst ≤ 0.2 on 7 of 12; …".
    public var line: String {
        var text =
            "\(strategy.rawValue): median regret ≤ \(Self.medianRegretAim) on \(meetingMedianAim) of \(targets) targets, "
            + "worst ≤ \(Self.worstRegretAim) on \(meetingWorstAim) of \(targets)"
        if let dearestTarget, let dearestMedianMeasurements {
            let figure = dearestMedianMeasurements.rounded() == dearestMedianMeasurements
                ? "\(Int(dearestMedianMeasurements))" : "\(dearestMedianMeasurements)"
            text += "; dearest device \(figure) measurements per search (median, \(dearestTarget))"
        }
        return text
    }
}
