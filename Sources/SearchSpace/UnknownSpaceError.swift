/// A space name hsconas does not know.
public struct UnknownSpaceError: Error, Sendable, Equatable, CustomStringConvertible {
    public var name: String

    public var description: String {
        "unknown search space '\(name)'; expected one of \(SearchSpaces.names.joined(separator: ", "))"
    }
}
