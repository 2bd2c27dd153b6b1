import Measurement
import SearchSpace

/// Something that measures a network's real latency on this machine: the native engine, ONNX
/// Runtime through a helper process, or the user's own benchmark command.
public protocol LatencyRuntime: Sendable {
    /// `native`, `onnxruntime` or `command`, as on the command line and in stored figures.
    var name: String { get }
    /// Measures `graph` (a whole network or one operator of it) with `settings`.
    func measure(graph: NetworkGraph, settings: MeasurementSettings) async throws -> LatencyMeasurement
    /// Whether this runtime repeats runs by the settings' method (warm-up, minimum runs and time,
    /// attempts); false for one that runs a tool with its own repetition once.
    var timesByMethod: Bool { get }
    /// Releases threads and helper processes.
    func shutdown() async
}

extension LatencyRuntime {
    /// True unless a runtime says otherwise.
    public var timesByMethod: Bool { true }

    /// Builds the network for `architecture` and measures it with `settings`.
    public func measure(
        space: any NetworkSpace, architecture: Architecture, settings: MeasurementSettings
    ) async throws -> LatencyMeasurement {
        try await measure(graph: try space.network(for: architecture), settings: settings)
    }
}
