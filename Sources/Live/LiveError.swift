/// A live-page option or server problem, naming the option and value.
public struct LiveError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, naming the option and value or the address.
    public var description: String

    /// Creates an error with `description` as its text.
    public init(_ description: String) {
        self.description = description
    }
}
