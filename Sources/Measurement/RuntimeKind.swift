/// Where a device's latency comes from. Commands and configs each accept the kinds that make
/// sense for them (``RuntimeKind/workerRuntimes``, ``RuntimeKind/targetRuntimes``, …) and name the
/// others in their error. On the wire (`hello`) runtimes stay strings: a worker in another
/// language may offer one this version does not know.
public enum RuntimeKind: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
    /// Looked up in a benchmark table; labelled replayed, never measured.
    case replay
    /// The native engine on this machine's CPU (oneDNN on x86-64 and OpenBLAS; no ONNX).
    case native
    /// The network exported to ONNX and timed by ONNX Runtime.
    case onnxruntime
    /// The user's benchmark tool, `{model}` in its command line.
    case command
    /// A target measured by workers the user starts elsewhere; the search starts none.
    case remote

    /// The raw value, as configs and flags spell it.
    public var description: String { rawValue }

    /// True when figures are looked up, not measured.
    public var isReplayed: Bool { self == .replay }

    /// What `hsconas worker --runtime` runs.
    public static let workerRuntimes: [RuntimeKind] = [.replay, .native, .onnxruntime, .command]
    /// What a search target's `runtime:` may say.
    public static let targetRuntimes: [RuntimeKind] = [.replay, .native, .onnxruntime, .remote]
    /// What `hsconas measure` times with.
    public static let measuringRuntimes: [RuntimeKind] = [.native, .onnxruntime, .command]
    /// What local profiling workers run.
    public static let profilingRuntimes: [RuntimeKind] = [.native, .onnxruntime]

    /// `values` as a comma-separated list, for error messages.
    public static func list(_ values: [RuntimeKind]) -> String {
        values.map(\.rawValue).joined(separator: ", ")
    }
}
