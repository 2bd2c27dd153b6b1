/// An operator signature a space's catalog does not hold (a profile job for an unknown operator).
public struct UnknownOperatorError: Error, Sendable, Equatable, CustomStringConvertible {
    public var signature: String
    public var space: String

    public init(signature: String, space: String) {
        self.signature = signature
        self.space = space
    }

    public var description: String { "no operator '\(signature)' in space \(space)" }
}
