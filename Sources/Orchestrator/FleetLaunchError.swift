/// Local worker processes that could not be started.
public struct FleetLaunchError: Error, Sendable, CustomStringConvertible {
    /// What failed, for a person.
    public var message: String

    /// An error saying `message`.
    public init(_ message: String) {
        self.message = message
    }

    /// The message as is.
    public var description: String { message }
}
