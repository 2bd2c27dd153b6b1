/// A report that cannot be made, naming the store (or output file) and the reason.
public struct ReportError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "report of \(path): \(message)" }
}
