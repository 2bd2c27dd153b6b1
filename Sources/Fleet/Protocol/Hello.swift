/// A worker introducing itself (the body of a `hello` message).
public struct Hello: Sendable, Hashable {
    /// Stable, unique worker name, e.g. `raspi4-host3-1234`.
    public var workerID: String
    /// The device this worker measures latency on.
    public var device: String
    /// Free-form labels, e.g. `edge`, `arm64`.
    public var tags: [String]
    /// Job kinds this worker takes.
    public var kinds: [JobKind]
    /// Search spaces it can build.
    public var spaces: [String]
    /// The spaces its accuracy jobs cover, when fewer than ``spaces`` (a worker that measures any
    /// space but looks accuracy up in the NAS-Bench-201 table); nil: all of ``spaces``.
    public var accuracySpaces: [String]?
    /// Runtimes it has, e.g. `replay`, `native`, `onnxruntime`.
    public var runtimes: [String]
    /// Versions of those runtimes and of the worker itself.
    public var versions: [String: String]
    /// Accuracy jobs it may hold at once (latency jobs are always one at a time).
    public var capacity: Int
    /// Protocol extensions it speaks, e.g. ``ShippedModel/capability``; absent on the wire means none.
    public var capabilities: [String]

    /// A worker's introduction; tags, versions and capabilities default to none, and accuracy jobs
    /// cover every space it builds unless `accuracySpaces` narrows them.
    public init(
        workerID: String, device: String, tags: [String] = [], kinds: [JobKind], spaces: [String],
        runtimes: [String], versions: [String: String] = [:], capacity: Int, capabilities: [String] = [],
        accuracySpaces: [String]? = nil
    ) {
        self.capabilities = capabilities
        self.accuracySpaces = accuracySpaces
        self.workerID = workerID
        self.device = device
        self.tags = tags
        self.kinds = kinds
        self.spaces = spaces
        self.runtimes = runtimes
        self.versions = versions
        self.capacity = capacity
    }

    /// True when the worker takes jobs of `kind` in `space`: a job of a space it cannot build (or
    /// whose accuracy it cannot evaluate) would only fail there.
    public func takes(_ kind: JobKind, in space: String) -> Bool {
        kinds.contains(kind) && (kind == .accuracy ? accuracySpaces ?? spaces : spaces).contains(space)
    }
}
