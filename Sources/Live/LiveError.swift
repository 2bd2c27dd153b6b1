/// A live-page option or server problem, naming the option and value.
public struct LiveError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
