/// A store that cannot be opened or written, with the file and what went wrong.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// The file concerned: a run store, or an operator table being read.
    public var path: String
    /// What went wrong, e.g. `cannot open: …`.
    public var message: String

    /// An error about the file at `path`.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `store <path>: <message>`.
    public var description: String { "store \(path): \(message)" }
}
