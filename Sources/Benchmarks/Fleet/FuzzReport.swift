/// What a ``FleetFuzzer`` run sent.
public struct FuzzReport: Sendable, Hashable {
    /// Messages queued for sending, by what they tried.
    public var sent: [EnvelopeFuzzer.Kind: Int]
    /// Messages the coordinator sent back to the fuzzing peers (e.g. `bye` asking them to register).
    public var answers: Int
    /// Wall time of the run, in seconds.
    public var seconds: Double

    /// Creates a report; the defaults are an empty one for a run to fill in.
    public init(sent: [EnvelopeFuzzer.Kind: Int] = [:], answers: Int = 0, seconds: Double = 0) {
        self.sent = sent
        self.answers = answers
        self.seconds = seconds
    }

    /// All messages sent.
    public var total: Int { sent.values.reduce(0, +) }
}
