/// An operator signature a space's catalog does not hold (a profile job for an unknown operator).
public struct UnknownOperatorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The signature that was asked for.
    public var signature: String
    /// The name of the space whose catalog was searched.
    public var space: String

    /// An error for `signature` missing from `space`.
    public init(signature: String, space: String) {
        self.signature = signature
        self.space = space
    }

    /// `no operator '<signature>' in space <space>`.
    public var description: String { "no operator '\(signature)' in space \(space)" }
}
