import Measurement
/// One worker process `hsconas search` starts on this machine.
public struct LocalWorkerSpec: Sendable, Hashable {
    /// Worker id, also the name of its log file.
    public var name: String
    /// Device it replays latency for; `nil` for an accuracy-only worker.
    public var device: String?
    /// `accuracy`, `latency` or both.
    public var kinds: [String]
    public var capacity: Int
    /// `replay`, `native` or `onnxruntime`.
    public var runtime: RuntimeKind
    public var threads: Int
    public var cores: [Int]?
    /// Accuracy evaluator (`hsconas worker --evaluator`): nil or `table` for the benchmark
    /// table, `proxy`, or `command` with ``evaluatorCommand``.
    public var evaluator: AccuracyEvaluatorKind?
    public var evaluatorCommand: String?

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
