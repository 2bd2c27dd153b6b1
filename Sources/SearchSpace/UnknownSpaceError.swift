/// A space name hsconas does not know.
public struct UnknownSpaceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The name as given.
    public var name: String

    /// Names the unknown space and lists the known ones.
    public var description: String {
        "unknown search space '\(name)'; expected one of \(SearchSpaces.names.joined(separator: ", "))"
    }
}
