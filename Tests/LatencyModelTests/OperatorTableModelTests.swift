import Foundation
import LatencyModel
import SearchSpace
import Testing

@Suite("operator table with a fitted correction")
struct OperatorTableModelTests {
    /// Operators per gene: position p with choice c runs `op<c>@<p>`, and every network a stem.
    static let signatures: @Sendable (Architecture) -> [String] = { architecture in
        ["stem"] + architecture.genes.enumerated().map { "op\($1)@\($0)" }
    }
    static let table: [String: Double] = {
        var table = ["stem": 0.7]
        for position in 0..<6 {
            for choice in 0..<5 { table["op\(choice)@\(position)"] = 0.2 + 0.37 * Double(choice) + 0.05 * Double(position) }
        }
        return table
    }()

    @Test("recovers a and b from whole-network measurements", arguments: [(1.35, 2.4), (0.8, -0.3), (2.0, 0.0)])
    func recovers(a: Double, b: Double) throws {
        var model = OperatorTableModel(table: Self.table, signatures: Self.signatures)
        var generator = SeededGenerator(seed: 4)
        let mask = ChoiceMask(space: NB201Space())
        let architectures = (0..<30).map { _ in mask.sample(using: &generator) }
        let samples = architectures.map { LatencySample(architecture: $0, latencyMs: a * model.tableSum($0) + b) }
        try model.fit(samples)
        #expect(abs(model.a - a) < 1e-9)
        #expect(abs(model.b - b) < 1e-9)
        let other = mask.sample(using: &generator)
        #expect(abs(model.predict(other) - (a * model.tableSum(other) + b)) < 1e-9)
    }

    @Test("noise around the line: a and b are its least-squares estimates")
    func leastSquares() throws {
        var model = OperatorTableModel(table: ["x": 1, "y": 2]) { architecture in
            Array(repeating: "x", count: architecture.genes[0]) + Array(repeating: "y", count: architecture.genes[1])
        }
        // Table sums 1, 2, 3, 4 against 3.1, 4.9, 7.2, 8.8: slope 1.94, intercept 1.15 by hand.
        let samples = [([1, 0], 3.1), ([0, 1], 4.9), ([1, 1], 7.2), ([0, 2], 8.8)].map {
            LatencySample(architecture: Architecture(genes: $0.0), latencyMs: $0.1)
        }
        try model.fit(samples)
        #expect(abs(model.a - 1.94) < 1e-12)
        #expect(abs(model.b - 1.15) < 1e-12)
    }

    @Test("an operator missing from the table is named; predicting with it gives NaN")
    func missingOperator() {
        var table = Self.table
        table["op3@2"] = nil
        var model = OperatorTableModel(table: table, signatures: Self.signatures)
        let missing = Architecture(genes: [0, 0, 3, 0, 0, 0])
        #expect {
            try model.fit([
                LatencySample(architecture: Architecture(genes: [0, 0, 0, 0, 0, 0]), latencyMs: 3),
                LatencySample(architecture: missing, latencyMs: 4),
            ])
        } throws: { error in
            let message = (error as? LatencyModelError)?.message ?? ""
            return message.contains("sample 2") && message.contains("'op3@2'")
        }
        #expect(model.predict(missing).isNaN)
    }

    @Test("networks that all sum alike cannot fix a slope")
    func degenerate() {
        var model = OperatorTableModel(table: Self.table, signatures: Self.signatures)
        let same = Architecture(genes: [1, 1, 1, 1, 1, 1])
        #expect(throws: LatencyModelError.self) {
            try model.fit([LatencySample(architecture: same, latencyMs: 3), LatencySample(architecture: same, latencyMs: 4)])
        }
        #expect(throws: LatencyModelError.self) { try model.fit([LatencySample(architecture: same, latencyMs: 3)]) }
    }

    @Test("the calibration is stored and restored with the signature function given back")
    func storedRoundTrip() throws {
        var model = OperatorTableModel(table: Self.table, signatures: Self.signatures)
        let samples = [[0, 1, 2, 3, 4, 0], [4, 4, 4, 4, 4, 4], [0, 0, 0, 0, 0, 1]].map {
            LatencySample(architecture: Architecture(genes: $0), latencyMs: 1 + 2 * Double($0.reduce(0, +)))
        }
        try model.fit(samples)
        let data = try JSONEncoder().encode(StoredLatencyModel.operatorTable(model.calibration))
        let stored = try JSONDecoder().decode(StoredLatencyModel.self, from: data)
        #expect(throws: LatencyModelError.self) { try stored.predictor() }
        let restored = try stored.predictor(signatures: Self.signatures)
        #expect(restored.predict(samples[0].architecture) == model.predict(samples[0].architecture))
    }
}
