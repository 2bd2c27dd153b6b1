import SearchSpace

/// One measured network: an architecture and its whole-network latency.
public struct LatencySample: Sendable, Hashable, Codable {
    /// The network.
    public var architecture: Architecture
    /// Latency in milliseconds (positive).
    public var latencyMs: Double

    /// Pairs a network with its measured latency (ms).
    public init(architecture: Architecture, latencyMs: Double) {
        self.architecture = architecture
        self.latencyMs = latencyMs
    }
}
