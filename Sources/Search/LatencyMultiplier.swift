/// The LightNAS multiplier rule (Docs/design.md §4, `constraint: lambda`), as pure functions.
///
/// Fitness is `accuracy − λ · S · (latency / T − 1)`, where latency / T is the worst over the
/// targets and `S` is a scale in accuracy units: the standard deviation of the accuracies told
/// so far times 100. So λ is dimensionless: λ = 1 means being 1 % over the target costs one
/// standard deviation of accuracy, whatever the evaluator's units (table accuracy in percent,
/// or a proxy score on its own scale). λ·S is the multiplier of LightNAS's formula.
///
/// Update, once per generation, from the elite (the best candidate by fitness so far): λ rises by
/// `step` while the elite is over the target and falls by `step` while it is under; when λ's sign
/// disagrees with the elite's side of the target (λ < 0 with the elite over, or λ > 0 with it
/// under), λ is first reset to 0. An elite exactly at the target leaves λ unchanged.
public enum LatencyMultiplier {
    /// λ after one generation whose elite has worst latency / T `eliteRatio`.
    public static func updated(_ lambda: Double, eliteRatio: Double, step: Double) -> Double {
        let side = eliteRatio - 1
        guard side != 0, side.isFinite else { return lambda }
        var next = lambda
        if (side > 0 && next < 0) || (side < 0 && next > 0) { next = 0 }
        return next + (side > 0 ? step : -step)
    }

    /// The fitness of a candidate with `accuracy` and worst latency / T `ratio`.
    public static func fitness(accuracy: Double, ratio: Double, lambda: Double, scale: Double) -> Double {
        accuracy - lambda * scale * (ratio - 1)
    }

    /// `S`: 100 × the standard deviation of `accuracies` (1 when fewer than two or all equal).
    public static func scale(of accuracies: [Double]) -> Double {
        guard accuracies.count > 1 else { return 1 }
        let mean = accuracies.reduce(0, +) / Double(accuracies.count)
        let variance = accuracies.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(accuracies.count - 1)
        let deviation = variance.squareRoot()
        return deviation > 0 && deviation.isFinite ? 100 * deviation : 1
    }
}
