/// A report that cannot be made, naming the store (or output file) and the reason.
public struct ReportError: Error, Sendable, CustomStringConvertible {
    /// The store the report was made from.
    public var path: String
    /// What went wrong, e.g. the store is empty or the output cannot be written.
    public var message: String

    /// An error about the report of the store at `path`.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `report of <path>: <message>`.
    public var description: String { "report of \(path): \(message)" }
}
