/// What a fitted ``OperatorTableModel`` needs besides its signature function: the operator table
/// and the fitted correction, `latency ≈ a · Σ table[signature] + b`.
public struct OperatorTableCalibration: Sendable, Hashable, Codable {
    /// Per-operator latency (ms) by signature.
    public var table: [String: Double]
    /// Scale on the summed table latencies.
    public var a: Double
    /// Offset (ms).
    public var b: Double

    /// Pairs `table` with its fitted scale `a` and offset `b` (ms).
    public init(table: [String: Double], a: Double, b: Double) {
        self.table = table
        self.a = a
        self.b = b
    }
}
