/// The spaces hsconas knows, looked up by name (``SpaceKind``).
public enum SearchSpaces {
    /// The known spaces' names (``SpaceKind`` raw values, e.g. `nb201`), in declaration order.
    public static let names = SpaceKind.allCases.map(\.rawValue)

    /// The space called `name`, or an error listing the known ones.
    public static func named(_ name: String) throws(UnknownSpaceError) -> any NetworkSpace {
        guard let kind = SpaceKind(rawValue: name) else { throw UnknownSpaceError(name: name) }
        return kind.space
    }
}
