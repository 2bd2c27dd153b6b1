/// A fleet operation that cannot go ahead (bad endpoint, socket failure), with the reason.
public struct FleetError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
