/// The parameters of a fitted ``MLPLatencyModel``: input → hidden[0] → hidden[1] → 1, each
/// weight matrix row-major `inputs × outputs`.
struct MLPWeights: Sendable, Hashable, Codable {
    var inputs: Int
    var hidden: [Int]
    /// All parameters in one array: w1, b1, w2, b2, w3, b3.
    var values: [Float]

    /// Start of each block in `values`: w1, b1, w2, b2, w3, b3, end.
    var offsets: [Int] {
        let h1 = hidden[0], h2 = hidden[1]
        let sizes = [inputs * h1, h1, h1 * h2, h2, h2, 1]
        var starts = [0]
        var end = 0
        for size in sizes {
            end += size
            starts.append(end)
        }
        return starts
    }

    static func parameterCount(inputs: Int, hidden: [Int]) -> Int {
        inputs * hidden[0] + hidden[0] + hidden[0] * hidden[1] + hidden[1] + hidden[1] + 1
    }
}
