/// A benchmark table that cannot be read, or a question it cannot answer (unknown column,
/// device or index), naming the part that is wrong.
public struct BenchmarkDataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, naming the file, column, device or index.
    public var message: String

    /// Creates an error that reads `message`.
    public init(_ message: String) {
        self.message = message
    }

    /// The message, unchanged.
    public var description: String { message }
}
