import SearchSpace

/// Runs a strategy to its end in the calling thread, with evaluators given as closures: the
/// reference for what a driver must do (benchmarks and tests use it; the fleet driver does the
/// same with workers).
///
/// Per asked batch: latency on every target first; then accuracy only for candidates that meet
/// every target (or for all of them when the strategy ``SearchStrategy/needsAccuracyOfInfeasible``),
/// as ``BatchEvaluationRule`` decides; then the results are told in ask order. A `nil` latency is a failed measurement, a `nil`
/// accuracy a failed evaluation; both mark the candidate `failed`.
///
/// A latency may be a model's prediction rather than a measurement; `confirm` then gets every
/// evaluated candidate (accuracy known) and returns the latencies it measured now to replace
/// predicted ones, so a candidate whose accuracy matters is told on real figures. It gets them
/// once the whole batch is evaluated, best accuracy first (ties in ask order), as the fleet
/// driver confirms them.
public enum SearchDriver {
    /// Runs `strategy` until it finishes or asks nothing; returns the number of batches.
    @discardableResult
    public static func runSynchronously<Strategy: SearchStrategy>(
        _ strategy: inout Strategy,
        latency: (Architecture, String) -> Double?,
        accuracy: (Architecture) -> Double?,
        confirm: ((CandidateResult) -> [String: Double])? = nil
    ) -> Int {
        var batches = 0
        while !strategy.isFinished {
            let batch = strategy.ask()
            if batch.isEmpty { break }
            strategy.tell(evaluate(batch, targets: strategy.targets, infeasibleToo: strategy.needsAccuracyOfInfeasible,
                latency: latency, accuracy: accuracy, confirm: confirm))
            batches += 1
        }
        return batches
    }

    /// Evaluates one batch as described above and returns the results in batch order.
    public static func evaluate(
        _ batch: [Architecture], targets: [LatencyTarget], infeasibleToo: Bool,
        latency: (Architecture, String) -> Double?, accuracy: (Architecture) -> Double?,
        confirm: ((CandidateResult) -> [String: Double])? = nil
    ) -> [CandidateResult] {
        let rule = BatchEvaluationRule(targets: targets, accuracyOfInfeasible: infeasibleToo)
        var candidates = batch.map(rule.figures(for:))
        // Latency on every target first, for the whole batch, as the fleet does it.
        for index in candidates.indices {
            while case .latency(let devices) = rule.next(for: candidates[index]) {
                for device in devices {
                    candidates[index].settleLatency(latency(candidates[index].architecture, device), device: device)
                }
            }
        }
        var results = candidates.map { candidate in
            guard rule.next(for: candidate) == .accuracy else { return candidate.result }
            var evaluated = candidate
            evaluated.settleAccuracy(accuracy(candidate.architecture))
            return evaluated.result
        }
        guard let confirm else { return results }
        // Once the whole batch's accuracies are known.
        for index in ConfirmationOrder.bestFirst(results.map { $0.failed ? nil : $0.accuracy }) {
            results[index].latencyMs.merge(confirm(results[index])) { _, measured in measured }
        }
        return results
    }
}
