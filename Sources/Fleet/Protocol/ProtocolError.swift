/// A frame that is not a valid protocol message, with what is wrong in words a person can act on.
public struct ProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }

}
