/// One architecture on a device's Pareto front of latency against the selection figure.
public struct FrontPoint: Sendable, Codable, Hashable {
    /// The architecture in the space's string form.
    public var architecture: String
    /// Its latency on the device in ms, the figure the search decided on.
    public var latencyMs: Double
    /// `measured`, `replay` or `predicted`, as stored.
    public var latencySource: String
    /// The selection figure (`valid_accuracy` or `proxy_score`).
    public var value: Double

    /// Pairs an architecture's latency on one device with its selection figure.
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
