import Foundation
@testable import LatencyModel
import SearchSpace
import TestSupport
import Testing

@Suite("MLP latency model")
struct MLPLatencyModelTests {
    /// Additive costs plus 4 ms when gene 0 is choice 1 and gene 1 is choice 2 (a product of two
    /// indicators: no per-position table can represent it).
    static let truth = SyntheticLatency(choiceCounts: [4, 4, 4, 4, 4, 4], seed: 11)
    static func interacting(_ architecture: Architecture) -> Double {
        let genes = architecture.genes
        return truth.additive(architecture) + (genes[0] == 1 && genes[1] == 2 ? 4 : 0)
    }

    @Test("learns an interaction of two genes that the per-position table cannot")
    func learnsNonAdditive() async throws {
        let truth = Self.truth
        let architectures = truth.architectures(1_600, seed: 4)
        let training = truth.samples(Array(architectures.prefix(600)), Self.interacting)
        let heldOut = truth.samples(Array(architectures.suffix(1_000)), Self.interacting)
        let (mlp, table) = try await offPool {
            var mlp = MLPLatencyModel(layout: truth.layout, settings: MLPSettings(seed: 1))
            try mlp.fit(training)
            var table = PositionTableRegression(layout: truth.layout)
            try table.fit(training)
            return (mlp.score(heldOut), table.score(heldOut))
        }
        // The best additive fit spreads the 4 ms as 1 ms over every network with gene 0 = 1 and 1 ms
        // over those with gene 1 = 2: residual standard deviation 4 · √(0.0352) ≈ 0.75 ms.
        #expect(table.rmse > 0.7)
        #expect(mlp.rmse < table.rmse / 2, "MLP RMSE \(mlp.rmse) ms vs table \(table.rmse) ms")
        #expect(mlp.within10 > table.within10)
        // The networks with the interaction are where the difference is.
        let affected = heldOut.filter { $0.architecture.genes[0] == 1 && $0.architecture.genes[1] == 2 }
        #expect(affected.count > 20)
    }

    @Test("the same seed gives the same model; another seed another one")
    func deterministic() async throws {
        let truth = Self.truth
        let architectures = truth.architectures(300, seed: 8)
        let training = truth.samples(Array(architectures.prefix(100)), Self.interacting)
        let probe = Array(architectures.suffix(200))
        let settings = MLPSettings(steps: 200, seed: 5)
        let (first, second, other) = try await offPool {
            var first = MLPLatencyModel(layout: truth.layout, settings: settings)
            var second = first
            var other = MLPLatencyModel(layout: truth.layout, settings: MLPSettings(steps: 200, seed: 6))
            try first.fit(training)
            try second.fit(training)
            try other.fit(training)
            return (first.predict(probe), second.predict(probe), other.predict(probe))
        }
        #expect(first == second)
        #expect(first != other)
    }

    @Test("one network at a time (no BLAS) predicts what the batched sgemm path does")
    func singleMatchesBatched() async throws {
        let truth = Self.truth
        let architectures = truth.architectures(1_500, seed: 12)
        let training = truth.samples(Array(architectures.prefix(200)), Self.interacting)
        let model = try await offPool {
            var model = MLPLatencyModel(layout: truth.layout, settings: MLPSettings(steps: 200, seed: 2))
            try model.fit(training)
            return model
        }
        // More than one 1,024-row chunk, and a genome of another space in the middle.
        var probe = Array(architectures.suffix(1_300))
        probe.insert(Architecture(genes: [0, 1]), at: 700)
        let batched = model.predict(probe)
        #expect(batched.count == probe.count)
        #expect(batched[700].isNaN)
        for (index, architecture) in probe.enumerated() where index != 700 {
            let single = model.predict(architecture)
            #expect(abs(single - batched[index]) <= 1e-4 * abs(single))
        }
        let restored = try JSONDecoder().decode(MLPLatencyModel.self, from: JSONEncoder().encode(model))
        #expect(restored.predict(probe[0]) == model.predict(probe[0]))
    }

    @Test("unfitted, too few samples, or samples of another space")
    func refusals() {
        var model = MLPLatencyModel(space: NB201Space())
        #expect(!model.isFitted)
        #expect(model.predict(Architecture(genes: [0, 0, 0, 0, 0, 0])).isNaN)
        #expect(throws: LatencyModelError.self) {
            try model.fit([LatencySample(architecture: Architecture(genes: [0, 0, 0, 0, 0, 0]), latencyMs: 1)])
        }
        #expect {
            try model.fit([
                LatencySample(architecture: Architecture(genes: [0, 0, 0, 0, 0, 0]), latencyMs: 1),
                LatencySample(architecture: Architecture(genes: [0, 0, 0, 0, 0, 5]), latencyMs: 1),
            ])
        } throws: { error in
            (error as? LatencyModelError)?.message.contains("sample 2") == true
        }
    }

    @Test("backward pass matches finite differences of the loss")
    func gradientCheck() {
        let layout = OneHotLayout(choiceCounts: [3, 3, 3])
        var generator = SeededGenerator(seed: 3)
        let hidden = [5, 4]
        let values = (0..<MLPWeights.parameterCount(inputs: 9, hidden: hidden)).map { _ in Float(generator.unit() * 2 - 1) }
        let architectures = (0..<6).map { _ in Architecture(genes: (0..<3).map { _ in Int(generator.next() % 3) }) }
        let targets: [Float] = [0.5, -1, 2, 0.3, 0.1, -0.7]
        func loss(_ values: [Float]) -> Double {
            let network = MLPNetwork(layout: layout, weights: MLPWeights(inputs: 9, hidden: hidden, values: values), capacity: 6)
            network.load(architectures)
            let output = network.forward(rows: 6)
            return (0..<6).reduce(0.0) { $0 + Double((output[$1] - targets[$1]) * (output[$1] - targets[$1])) } / 6
        }
        let network = MLPNetwork(layout: layout, weights: MLPWeights(inputs: 9, hidden: hidden, values: values), capacity: 6)
        network.load(architectures)
        targets.withUnsafeBufferPointer { network.backward(rows: 6, targets: $0) }
        let analytic = network.gradientsForTesting
        for index in values.indices {
            var plus = values, minus = values
            plus[index] += 1e-2
            minus[index] -= 1e-2
            let numeric = (loss(plus) - loss(minus)) / 2e-2
            #expect(abs(numeric - Double(analytic[index])) < 1e-3, "parameter \(index)")
        }
    }
}
