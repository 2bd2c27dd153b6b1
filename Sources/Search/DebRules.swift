import SearchSpace

/// Deb's feasibility rules for ranking candidates under hard constraints (Deb, 2000), as Docs/design.md §4
/// prescribes: a feasible candidate beats an infeasible one; among feasible candidates the higher
/// accuracy wins; among infeasible ones the lower total violation (``Swift/Array/violation(of:)``)
/// wins. Failed candidates (an evaluation that failed for good, or a feasible candidate without an
/// accuracy) rank after every other candidate.
///
/// No penalty weight is involved, so nothing has to be tuned per target.
public enum DebRules {
    /// The three classes a candidate falls in, best first.
    public enum Standing: Int, Sendable, Codable, Hashable, Comparable {
        case feasible = 0
        case infeasible = 1
        case failed = 2

        /// Orders the classes best first: feasible, infeasible, failed.
        public static func < (lhs: Standing, rhs: Standing) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Which class `result` falls in under `targets`.
    public static func standing(of result: CandidateResult, targets: [LatencyTarget]) -> Standing {
        if result.failed { return .failed }
        if targets.areMet(by: result.latencyMs) {
            // Meeting every target but carrying no accuracy means the evaluation never happened.
            guard let accuracy = result.accuracy, accuracy.isFinite else { return .failed }
            return .feasible
        }
        return .infeasible
    }

    /// Whether `first` ranks strictly before `second`. Equal candidates return false both ways,
    /// so callers break ties themselves (the strategies use the order candidates were told).
    public static func ranksBefore(_ first: CandidateResult, _ second: CandidateResult, targets: [LatencyTarget]) -> Bool {
        let a = standing(of: first, targets: targets)
        let b = standing(of: second, targets: targets)
        if a != b { return a < b }
        switch a {
        case .feasible:
            return (first.accuracy ?? -.infinity) > (second.accuracy ?? -.infinity)
        case .infeasible:
            return targets.violation(of: first.latencyMs) < targets.violation(of: second.latencyMs)
        case .failed:
            return false
        }
    }

    /// `results` ranked best first; ties keep their order in `results`.
    public static func ranked(_ results: [CandidateResult], targets: [LatencyTarget]) -> [CandidateResult] {
        results.enumerated().sorted { lhs, rhs in
            if ranksBefore(lhs.element, rhs.element, targets: targets) { return true }
            if ranksBefore(rhs.element, lhs.element, targets: targets) { return false }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }
}
