import BenchmarkData
import Foundation
import Orchestrator
import SearchSpace
import TestSupport
import Testing

/// What a `space: spos` config may say, and the errors for what it may not.
@Suite("spos search configs")
struct SPOSConfigTests {
    static let base = """
        name: spos
        space: spos
        seed: 1
        budget: 20
        population: 8
        parents: 3
        targets:
          - device: cpu
            runtime: native
            max_latency_ms: 10
        fleet:
          accuracy_workers: 1
        output: unused
        """

    static func parse(_ yaml: String) throws(ConfigError) -> SearchConfig {
        // The table is only consulted for replayed nb201 devices.
        try SearchConfig.parse(yaml: yaml, table: table)
    }

    static let table = try! NB201Table.bundled()

    @Test("defaults for spos: hard constraint, channel scaling, the proxy evaluator and the operator-table model")
    func defaults() throws {
        let config = try Self.parse(Self.base)
        #expect(config.isSPOS)
        #expect(config.constraint == .hard)
        #expect(config.usesChannelScaling)
        #expect(config.accuracyEvaluator == .proxy)
        #expect(config.targets[0].usesOperatorTable(spos: true))
        #expect(config.evolutionOptions.channelScaling)
        #expect(config.evolutionOptions.constraintMode == .hard)
        // nb201 keeps its defaults: no channel scaling, the table.
        let nb201 = try Self.parse(MeasuredSearchTests.config())
        #expect(!nb201.usesChannelScaling && nb201.accuracyEvaluator == .table && !nb201.evolutionOptions.channelScaling)
    }

    @Test("lambda mode carries its step and start into the EA options")
    func lambda() throws {
        let config = try Self.parse(Self.base + "\nconstraint: lambda\nlambda_step: 0.05\nlambda_initial: 0.2")
        #expect(config.evolutionOptions.constraintMode == .lambda)
        #expect(config.evolutionOptions.lambdaStep == 0.05)
        #expect(config.evolutionOptions.lambdaInitial == 0.2)
        #expect(!config.evolutionOptions.channelScaling, "channel scaling belongs to the hard mode")
    }

    @Test("shrink_min_expected sets the evidence a shrinking step needs; the EA's default otherwise")
    func shrinkEvidence() throws {
        #expect(try Self.parse(Self.base).evolutionOptions.shrinking.minimumExpectedCount == 15)
        let config = try Self.parse(Self.base + "\nshrink_min_expected: 2.5")
        #expect(config.evolutionOptions.shrinking.minimumExpectedCount == 2.5)
    }

    @Test("bad spos configs are refused with the field and the value named")
    func errors() {
        let cases: [(yaml: String, field: String, value: String)] = [
            (Self.base.replacingOccurrences(of: "space: spos", with: "space: mobilenet"), "space", "mobilenet"),
            (Self.base + "\ndataset: cifar10", "dataset", "cifar10"),
            (Self.base + "\nconstraint: soft", "constraint", "soft"),
            (Self.base + "\nshrink_min_expected: 0", "shrink_min_expected", "0"),
            (Self.base + "\nlambda_step: 0.1", "lambda_step", "0.1"),
            (Self.base + "\nconstraint: lambda\nlambda_step: -1", "lambda_step", "-1"),
            (Self.base + "\nconstraint: lambda\nlambda_initial: .inf", "lambda_initial", "inf"),
            (Self.base + "\nconstraint: lambda\nchannel_scaling: true", "channel_scaling", "lambda"),
            (Self.base.replacingOccurrences(of: "runtime: native", with: "runtime: replay"), "targets[0].runtime", "replay"),
            (Self.base.replacingOccurrences(of: "runtime: native", with: "runtime: native\n    model: none"), "targets[0].model", "none"),
            (Self.base.replacingOccurrences(of: "runtime: native", with: "runtime: native\n    model: oracle"), "targets[0].model", "oracle"),
            (Self.base.replacingOccurrences(of: "runtime: native", with: "runtime: native\n    band: 1.5"), "targets[0].band", "1.5"),
            (Self.base.replacingOccurrences(of: "runtime: native", with: "runtime: native\n    confidence: 0"), "targets[0].confidence", "0"),
            (Self.base.replacingOccurrences(of: "runtime: native", with: "runtime: native\n    model: regression\n    band: 0.1"),
             "targets[0].band", "0.1"),
            (Self.base.replacingOccurrences(of: "accuracy_workers: 1", with: "accuracy_workers: 1\n  accuracy_evaluator: table"),
             "fleet.accuracy_evaluator", "table"),
            (Self.base.replacingOccurrences(of: "accuracy_workers: 1", with: "accuracy_workers: 1\n  accuracy_evaluator: oracle"),
             "fleet.accuracy_evaluator", "oracle"),
            (Self.base.replacingOccurrences(of: "accuracy_workers: 1", with: "accuracy_workers: 1\n  accuracy_evaluator: command"),
             "fleet.evaluator_command", "command"),
            (Self.base.replacingOccurrences(of: "accuracy_workers: 1", with: "accuracy_workers: 1\n  evaluator_command: ./eval.sh"),
             "fleet.evaluator_command", "./eval.sh"),
            (Self.base.replacingOccurrences(of: "targets:", with: "strategy: random\nconstraint: lambda\ntargets:"), "constraint", "random"),
            (Self.base.components(separatedBy: "targets:")[0] + "constraint: lambda\nfleet:\n  accuracy_workers: 1\n",
             "constraint", "target"),
            (MeasuredSearchTests.config() + "\nchannel_scaling: true", "channel_scaling", "nb201"),
        ]
        for (index, test) in cases.enumerated() {
            do {
                _ = try Self.parse(test.yaml)
                Issue.record("case \(index) (\(test.field)) was accepted")
            } catch {
                #expect(error.field == test.field, "case \(index): \(error)")
                #expect(error.description.contains(test.value), "case \(index) should name '\(test.value)': \(error)")
            }
        }
    }

    @Test("model: regression is accepted on spos without channel scaling, and refused with it")
    func regression() throws {
        let yaml = Self.base.replacingOccurrences(of: "runtime: native", with: "runtime: native\n    model: regression")
        let config = try Self.parse(yaml + "\nchannel_scaling: false")
        #expect(config.targets[0].usesRegression(spos: true))
        #expect(!config.targets[0].usesOperatorTable(spos: true))
        #expect(!config.usesChannelScaling)
        #expect(throws: ConfigError.self) { try Self.parse(yaml) }
    }

    @Test("the spos signature index lists exactly the operators the network graph has")
    func signatureIndex() async throws {
        let mismatches = try await offPool {
            let space = SPOSSpace()
            let index = try SPOSSignatureIndex(space: space)
            var generator = SeededGenerator(seed: 11)
            let mask = ChoiceMask(space: space)
            var mismatches: [String] = []
            for _ in 0..<6 {
                let architecture = mask.sample(using: &generator)
                if try index.signatures(of: architecture).sorted() != space.operatorSignatures(of: architecture).sorted() {
                    mismatches.append(space.format(architecture))
                }
            }
            #expect(index.signatures(of: Architecture(genes: [0, 1])) == ["(not a spos architecture)"])
            return mismatches
        }
        #expect(mismatches.isEmpty, "index and graph disagree on \(mismatches)")
    }
}
