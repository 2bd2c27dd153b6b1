import SearchSpace

/// Dynamic channel scaling (DCS), this project's reading of HSCoNAS (Docs/design.md §4).
///
/// Given a candidate's operators, its channel ratios are chosen on the devices' latency models
/// so that it uses the budget:
/// 1. every ratio gene starts at its narrowest allowed choice; if even that is predicted over a
///    target, the operator configuration cannot fit and the candidate is dropped;
/// 2. **stage phase** — repeatedly widen, by one choice each, all ratio genes of the group
///    (spos: stage) whose step buys the most added work (MACs) per added predicted latency,
///    among the steps that keep every prediction ≤ T;
/// 3. **layer phase** — the same with single genes, which spends the slack a whole-stage step
///    is too coarse for (the refinement this project adds to the per-stage reading, so the
///    widened candidate lands within a few percent of T rather than within a stage step).
///
/// Latency is compared across devices by the tightest one: a step's latency cost is the rise of
/// the worst predicted latency / T over the targets, and every target must stay met. The result
/// never exceeds any target on the model.
public struct DynamicChannelScaling: Sendable, Codable, Hashable {
    /// Run the layer phase after the stage phase.
    public var layerRefinement: Bool

    /// Scaling that runs the layer phase unless `layerRefinement` is false.
    public init(layerRefinement: Bool = true) {
        self.layerRefinement = layerRefinement
    }

    /// The widened candidate and its predictions.
    public struct Outcome: Sendable, Hashable {
        /// The candidate with its widened channel ratios (its operators unchanged).
        public var architecture: Architecture
        /// Device → predicted latency (ms) of `architecture`.
        public var predictedMs: [String: Double]
        /// The worst predicted latency / T over the targets.
        public var budgetUse: Double
        /// Predictions made (for cost accounting).
        public var predictions: Int
    }

    /// Widens `architecture`'s channels within `targets` on `predictor`; nil when the predictor
    /// has no model for a target or the narrowest channels are already over a target.
    public func scale(
        _ architecture: Architecture, space: some ChannelScalableSpace, mask: ChoiceMask, targets: [LatencyTarget],
        predictor: any CandidateLatencyPredictor
    ) -> Outcome? {
        guard !targets.isEmpty else { return nil }
        var predictions = 0
        func evaluate(_ genes: [Int]) -> (ratio: Double, latencies: [String: Double])? {
            let candidate = Architecture(genes: genes)
            var worst = 0.0
            var latencies: [String: Double] = [:]
            for target in targets where latencies[target.device] == nil {
                predictions += 1
                guard let value = predictor.predictedLatencyMs(of: candidate, device: target.device), value.isFinite,
                    target.maxLatencyMs > 0
                else { return nil }
                latencies[target.device] = value
            }
            for target in targets {
                guard let value = latencies[target.device] else { return nil }
                worst = Swift.max(worst, value / target.maxLatencyMs)
            }
            return (worst, latencies)
        }

        var genes = architecture.genes
        let groups = space.channelGroups.map { $0.filter { genes.indices.contains($0) && mask.allowed.indices.contains($0) } }
        for position in groups.joined() {
            guard let narrowest = mask.allowed[position].first else { return nil }
            genes[position] = narrowest
        }
        guard var current = evaluate(genes), current.ratio <= 1 else { return nil }
        var work = space.work(of: Architecture(genes: genes))

        /// The gene values after widening every gene of `unit` by one allowed choice; nil when
        /// none of them can widen.
        func widened(_ unit: [Int]) -> [Int]? {
            var trial = genes
            var changed = false
            for position in unit {
                let allowed = mask.allowed[position]
                if let next = allowed.first(where: { $0 > trial[position] }) {
                    trial[position] = next
                    changed = true
                }
            }
            return changed ? trial : nil
        }
        /// Greedy widening over `units` until no step fits.
        func grow(_ units: [[Int]]) {
            while true {
                var best: (genes: [Int], evaluation: (ratio: Double, latencies: [String: Double]), work: Double, gain: Double)?
                for unit in units {
                    guard let trial = widened(unit), let evaluation = evaluate(trial), evaluation.ratio <= 1 else { continue }
                    let trialWork = space.work(of: Architecture(genes: trial))
                    let addedWork = trialWork - work
                    guard addedWork > 0 else { continue }
                    // A step the model sees as free is worth everything; ties go to the first unit.
                    let gain = addedWork / Swift.max(evaluation.ratio - current.ratio, 1e-9)
                    if gain > (best?.gain ?? -.infinity) { best = (trial, evaluation, trialWork, gain) }
                }
                guard let best else { return }
                genes = best.genes
                current = best.evaluation
                work = best.work
            }
        }
        grow(groups)
        if layerRefinement { grow(groups.joined().map { [$0] }) }
        return Outcome(
            architecture: Architecture(genes: genes), predictedMs: current.latencies, budgetUse: current.ratio,
            predictions: predictions)
    }
}
