/// One architecture on a device's Pareto front of latency against the selection figure.
public struct FrontPoint: Sendable, Codable, Hashable {
    public var architecture: String
    public var latencyMs: Double
    /// `measured`, `replay` or `predicted`, as stored.
    public var latencySource: String
    /// The selection figure (`valid_accuracy` or `proxy_score`).
    public var value: Double

    public init(architecture: String, latencyMs: Double, latencySource: String, value: Double) {
        self.architecture = architecture
        self.latencyMs = latencyMs
        self.latencySource = latencySource
        self.value = value
    }

    enum CodingKeys: String, CodingKey {
        case architecture, value
        case latencyMs = "latency_ms"
        case latencySource = "latency_source"
    }
}
