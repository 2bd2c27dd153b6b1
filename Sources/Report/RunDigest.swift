import Store

/// A run's standing in a few figures, for live status pages: evaluations so far, the best feasible
/// candidate and each target device's Pareto front, read the same way as the report reads them.
public struct RunDigest: Sendable {
    /// The run's name from its config.
    public var name: String
    /// The config's `budget` of selection evaluations; nil when it names none.
    public var budget: Int?
    /// `valid_accuracy` or `proxy_score`.
    public var selectionMetric: String
    /// Architectures with a selection figure.
    public var evaluations: Int
    /// The best feasible architecture so far (every limit met on the latency the search decided on).
    public var bestArchitecture: String?
    /// The best architecture's selection figure; nil when none is feasible yet.
    public var bestValue: Double?
    /// Where that figure came from, as stored (`table`, `proxy`, `evaluator`, …).
    public var bestSource: String?
    /// Per target device, the Pareto front of (latency the search decided on, selection figure).
    public var fronts: [String: [FrontPoint]]

    /// Throws when the store holds no run or no evaluations yet.
    public init(contents: RunContents) throws(ReportError) {
        let model = try ReportModel(contents: contents)
        name = model.run.name
        budget = model.budget
        selectionMetric = model.selectionMetric
        let scored = model.architectures.filter { $0.selection != nil }
        evaluations = scored.count
        let feasible = scored.filter { $0.isFeasible(model.targets) }
        let winner = feasible.max { ($0.selection?.value ?? 0, $1.name) < ($1.selection?.value ?? 0, $0.name) }
        bestArchitecture = winner?.name
        bestValue = winner?.selection?.value
        bestSource = winner?.selection?.source
        var fronts: [String: [FrontPoint]] = [:]
        for target in model.targets {
            let points = scored.compactMap { figures -> FrontPoint? in
                guard let latency = figures.decidingLatency(target.device), let value = figures.selection?.value else { return nil }
                return FrontPoint(architecture: figures.name, latencyMs: latency.value, latencySource: latency.source, value: value)
            }
            let front = ParetoFront.of(points.map { (latency: $0.latencyMs, score: $0.value) })
            fronts[target.device] = front.compactMap { point in
                points.first { $0.latencyMs == point.latency && $0.value == point.score }
            }
        }
        self.fronts = fronts
    }
}
