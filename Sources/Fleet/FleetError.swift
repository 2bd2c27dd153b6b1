/// A fleet operation that cannot go ahead (bad endpoint, socket failure), with the reason.
public struct FleetError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for a person.
    public var message: String

    /// Creates an error with `message` as its text.
    public init(_ message: String) {
        self.message = message
    }

    /// The message itself.
    public var description: String { message }
}
