/// How `hsconas worker --evaluator command` runs the user's evaluator process.
public struct CommandEvaluatorSettings: Sendable, Hashable {
    /// The shell command that starts the evaluator, e.g. `python3 my_eval.py` (run by `/bin/sh -c`).
    public var command: String
    /// Longest wait for one answer; past it the evaluator is killed and restarted and the job fails
    /// (retryable).
    public var timeout: Duration
    /// Longest wait for the evaluator's `ready` line after a (re)start: loading a supernet
    /// checkpoint can take a while.
    public var startupTimeout: Duration
    /// Where the evaluator's stderr goes (appended; everything a user evaluator prints to stdout
    /// through the Python module lands here too).
    public var logPath: String

    /// Default longest wait for one answer: 300 s.
    public static let defaultTimeout: Duration = .seconds(300)
    /// Default longest wait for the `ready` line: 600 s.
    public static let defaultStartupTimeout: Duration = .seconds(600)

    /// Settings for `command`, logging to `logPath`, with the default timeouts unless given.
    public init(
        command: String, timeout: Duration = Self.defaultTimeout, startupTimeout: Duration = Self.defaultStartupTimeout,
        logPath: String
    ) {
        self.command = command
        self.timeout = timeout
        self.startupTimeout = startupTimeout
        self.logPath = logPath
    }
}
