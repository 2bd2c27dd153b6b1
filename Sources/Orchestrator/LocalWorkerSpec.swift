import Measurement
/// One worker process `hsconas search` starts on this machine.
public struct LocalWorkerSpec: Sendable, Hashable {
    /// Worker id, also the name of its log file.
    public var name: String
    /// Device it replays latency for; `nil` for an accuracy-only worker.
    public var device: String?
    /// `accuracy`, `latency` or both.
    public var kinds: [String]
    /// Accuracy jobs held at once (`--capacity`); latency jobs always run one at a time.
    public var capacity: Int
    /// `replay`, `native` or `onnxruntime`.
    public var runtime: RuntimeKind
    /// Threads a measuring worker's runtime may use (`--threads`).
    public var threads: Int
    /// CPUs a measuring worker pins to (`--cores`); nil picks the highest-numbered ones, one per thread.
    public var cores: [Int]?
    /// Accuracy evaluator (`hsconas worker --evaluator`): nil or `table` for the benchmark
    /// table, `proxy`, or `command` with ``evaluatorCommand``.
    public var evaluator: AccuracyEvaluatorKind?
    /// The evaluator command line for `command` (`--evaluator-command`).
    public var evaluatorCommand: String?

    /// A worker spec; `runtime` defaults to `replay`, `threads` to 1, the rest to nil.
    public init(
        name: String, device: String?, kinds: [String], capacity: Int, runtime: RuntimeKind = .replay, threads: Int = 1,
        cores: [Int]? = nil, evaluator: AccuracyEvaluatorKind? = nil, evaluatorCommand: String? = nil
    ) {
        self.evaluator = evaluator
        self.evaluatorCommand = evaluatorCommand
        self.name = name
        self.device = device
        self.kinds = kinds
        self.capacity = capacity
        self.runtime = runtime
        self.threads = threads
        self.cores = cores
    }
}
