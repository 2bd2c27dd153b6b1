/// A benchmark table that cannot be read, or a question it cannot answer (unknown column,
/// device or index), naming the part that is wrong.
public struct BenchmarkDataError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
