/// What the MLP regresses: latency itself or its logarithm, standardised over the training set.
public enum MLPTarget: String, Sendable, Hashable, Codable, CaseIterable {
    /// Standardised latency in ms (the default; see ``MLPLatencyModel``).
    case latency
    /// Standardised log-latency: squared error on it is relative error on the latency.
    case logLatency
}
