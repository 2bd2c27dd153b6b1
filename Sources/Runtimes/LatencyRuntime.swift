import Measurement
import SearchSpace

/// Something that measures a network's real latency on this machine: the native engine, ONNX
/// Runtime through a helper process, or the user's own benchmark command.
public protocol LatencyRuntime: Sendable {
    /// `native`, `onnxruntime` or `command`, as on the command line and in stored figures.
    var name: String { get }
    /// Builds the network for `architecture` and measures it with `settings`.
    func measure(
        space: any NetworkSpace, architecture: Architecture, settings: MeasurementSettings
    ) async throws -> LatencyMeasurement
    /// Releases threads and helper processes.
    func shutdown() async
}
