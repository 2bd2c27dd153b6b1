/// One latency target in a config: `{device: raspi4, max_latency_ms: 25}`.
public struct TargetConfig: Sendable, Hashable, Codable {
    public var device: String
    public var maxLatencyMs: Double

    public init(device: String, maxLatencyMs: Double) {
        self.device = device
        self.maxLatencyMs = maxLatencyMs
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case device
        case maxLatencyMs = "max_latency_ms"
    }
}
