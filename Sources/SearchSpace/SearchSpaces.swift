/// The spaces hsconas knows, by the names used in configs, on the wire and on the command line.
public enum SearchSpaces {
    public static let names = ["nb201", "spos"]

    /// The space called `name`, or an error listing the known ones.
    public static func named(_ name: String) throws(UnknownSpaceError) -> any NetworkSpace {
        switch name {
        case "nb201": NB201Space()
        case "spos": SPOSSpace()
        default: throw UnknownSpaceError(name: name)
        }
    }
}
