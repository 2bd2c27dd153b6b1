/// An architecture string or genome that does not belong to a space, with the part that is wrong.
public struct ArchitectureError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The space the input was meant for.
    public var space: String
    /// The whole input as given.
    public var input: String
    /// What is wrong, naming the offending part.
    public var reason: String

    /// An error for `input` of `space`, with `reason` naming the wrong part.
    public init(space: String, input: String, reason: String) {
        self.space = space
        self.input = input
        self.reason = reason
    }

    /// `invalid <space> architecture '<input>': <reason>`.
    public var description: String {
        "invalid \(space) architecture '\(input)': \(reason)"
    }
}
