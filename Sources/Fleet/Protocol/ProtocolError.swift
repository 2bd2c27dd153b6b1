/// A frame that is not a valid protocol message, with what is wrong in words a person can act on.
public struct ProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the frame.
    public var message: String

    /// Creates an error with `message` as its text.
    public init(_ message: String) {
        self.message = message
    }

    /// The message itself.
    public var description: String { message }

}
