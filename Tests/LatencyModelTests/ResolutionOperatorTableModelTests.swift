import Foundation
import LatencyModel
import SearchSpace
import Testing

@Suite("operator table with one correction per feature-map size")
struct ResolutionOperatorTableModelTests {
    /// Position p with choice c runs an operator on a 32×32 map for p < 3, else on 8×8; its table
    /// latency grows with c.
    static let signatures: @Sendable (Architecture) -> [String] = { architecture in
        architecture.genes.enumerated().map { position, choice in
            position < 3 ? "op\(choice)@\(position) 16x32x32->16x32x32" : "op\(choice)@\(position) 64x8x8->64x8x8"
        }
    }
    static let table: [String: Double] = {
        var table: [String: Double] = [:]
        for position in 0..<6 {
            for choice in 0..<5 {
                let resolution = position < 3 ? "16x32x32->16x32x32" : "64x8x8->64x8x8"
                table["op\(choice)@\(position) \(resolution)"] = 0.2 + 0.37 * Double(choice) + 0.05 * Double(position)
            }
        }
        return table
    }()

    @Test("the output size of a signature is its last two dimensions after the arrow")
    func resolutionOfSignature() {
        #expect(ResolutionOperatorTableModel.resolution(of: "conv1x1/g1/s1/p0+bn+relu 32x56x56->51x56x56") == "56x56")
        #expect(ResolutionOperatorTableModel.resolution(of: "op 64x8x8->64x8x8") == "8x8")
        #expect(ResolutionOperatorTableModel.resolution(of: "stem") == "")
        let model = ResolutionOperatorTableModel(table: Self.table, signatures: Self.signatures)
        #expect(model.resolutions == ["32x32", "8x8"])
    }

    @Test("a device whose late operators run 2× their table: the per-size terms learn it where one scale cannot")
    func learnsPerSizeScale() throws {
        var generator = SeededGenerator(seed: 7)
        let mask = ChoiceMask(space: NB201Space())
        let architectures = (0..<60).map { _ in mask.sample(using: &generator) }
        var refined = ResolutionOperatorTableModel(table: Self.table, signatures: Self.signatures, shrinkage: 0.01)
        func truth(_ architecture: Architecture) throws -> Double {
            let sums = try #require(refined.resolutionSums(architecture))
            return sums[0] + 2 * sums[1] + 0.5
        }
        let samples = try architectures.map { LatencySample(architecture: $0, latencyMs: try truth($0)) }
        let training = Array(samples.prefix(30))
        let held = Array(samples.dropFirst(30))
        try refined.fit(training)
        var plain = OperatorTableModel(table: Self.table, signatures: Self.signatures)
        try plain.fit(training)
        let refinedScore = refined.score(held)
        let plainScore = plain.score(held)
        #expect(refinedScore.mape < 0.5, "per size: MAPE \(refinedScore.mape) %")
        #expect(plainScore.mape > 3 * refinedScore.mape, "one scale: MAPE \(plainScore.mape) %")
    }

    @Test("a strong prior keeps the plain correction; a network with an unknown operator predicts NaN")
    func strongPriorAndMissingOperator() throws {
        var generator = SeededGenerator(seed: 3)
        let mask = ChoiceMask(space: NB201Space())
        let samples = (0..<20).map { _ in
            let architecture = mask.sample(using: &generator)
            let sum = Self.signatures(architecture).reduce(0) { $0 + (Self.table[$1] ?? 0) }
            return LatencySample(architecture: architecture, latencyMs: 1.3 * sum + 0.2 * Double(architecture.genes[4]))
        }
        var refined = ResolutionOperatorTableModel(table: Self.table, signatures: Self.signatures, shrinkage: 1e9)
        try refined.fit(samples)
        let other = mask.sample(using: &generator)
        #expect(abs(refined.predict(other) - refined.global.predict(other)) < 1e-6)
        var partial = Self.table
        partial["op4@5 64x8x8->64x8x8"] = nil
        var missing = ResolutionOperatorTableModel(table: partial, signatures: Self.signatures)
        try missing.fit(samples.filter { $0.architecture.genes[5] != 4 })
        let unknown = Architecture(genes: [0, 0, 0, 0, 0, 4])
        #expect(missing.resolutionSums(unknown) == nil)
        #expect(missing.predict(unknown).isNaN)
    }
}
