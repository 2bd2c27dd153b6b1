/// One worker process `hsconas search` starts on this machine.
public struct LocalWorkerSpec: Sendable, Hashable {
    /// Worker id, also the name of its log file.
    public var name: String
    /// Device it replays latency for; `nil` for an accuracy-only worker.
    public var device: String?
    /// `accuracy`, `latency` or both.
    public var kinds: [String]
    public var capacity: Int

    public init(name: String, device: String?, kinds: [String], capacity: Int) {
        self.name = name
        self.device = device
        self.kinds = kinds
        self.capacity = capacity
    }
}
