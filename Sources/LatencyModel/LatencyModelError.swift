/// A latency model that cannot be fitted, or a latency table that cannot be read, naming the
/// part that is wrong (sample, row, column, value).
public struct LatencyModelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, naming the part.
    public var message: String

    /// Creates an error with `message` as its text.
    public init(_ message: String) {
        self.message = message
    }

    /// The message itself.
    public var description: String { message }
}
