import Foundation
import Search
import SearchSpace
import Testing

@Suite("dynamic channel scaling")
struct DynamicChannelScalingTests {
    let space = SPOSSpace()

    /// The widest and narrowest versions of `architecture`.
    func extremes(_ architecture: Architecture) -> (narrow: Architecture, wide: Architecture) {
        var narrow = architecture.genes
        var wide = architecture.genes
        for layer in 0..<SPOSSpace.layerCount {
            narrow[2 * layer + 1] = 0
            wide[2 * layer + 1] = SPOSSpace.ratios.count - 1
        }
        return (Architecture(genes: narrow), Architecture(genes: wide))
    }

    @Test("the work table equals the graph's multiply-accumulates")
    func workIsExact() throws {
        var generator = SeededGenerator(seed: 4)
        let mask = ChoiceMask(space: space)
        for _ in 0..<12 {
            let architecture = mask.sample(using: &generator)
            let graph = try space.graph(for: architecture)
            #expect(space.work(of: architecture) == Double(graph.multiplyAccumulates))
        }
    }

    @Test("never over budget on the model, keeps the operators, and uses the budget", arguments: [8.0, 11.0, 15.0])
    func withinBudget(limit: Double) {
        let device = SPOSFixture()
        let targets = [LatencyTarget(device: device.device, maxLatencyMs: limit)]
        let mask = ChoiceMask(space: space)
        var generator = SeededGenerator(seed: 11)
        var scaled = 0
        for _ in 0..<60 {
            let bred = mask.sample(using: &generator)
            let (narrow, wide) = extremes(bred)
            let outcome = DynamicChannelScaling().scale(bred, space: space, mask: mask, targets: targets, predictor: device)
            guard let outcome else {
                #expect(device.latency(narrow) > limit, "dropped although its narrowest version fits")
                continue
            }
            scaled += 1
            let latency = device.latency(outcome.architecture)
            #expect(latency <= limit)
            #expect(outcome.predictedMs[device.device] == latency)
            for layer in 0..<SPOSSpace.layerCount {
                #expect(outcome.architecture.genes[2 * layer] == bred.genes[2 * layer])
            }
            if device.latency(wide) <= limit {
                #expect(outcome.architecture == wide)
            } else {
                // One more step on any layer would break the budget: the slack left is below the
                // cheapest single-layer step, which on this device is under 2 % of T.
                #expect(latency / limit >= 0.97, "budget use \(latency / limit)")
            }
        }
        #expect(scaled > 10)
    }

    @Test("with several devices the tightest one binds and all stay within their targets")
    func tightestDeviceBinds() {
        let predictor = TwoDevicePredictor()
        let targets = [
            LatencyTarget(device: "phone", maxLatencyMs: 12), LatencyTarget(device: "server", maxLatencyMs: 11),
        ]
        let mask = ChoiceMask(space: space)
        var generator = SeededGenerator(seed: 5)
        var scaled = 0
        for _ in 0..<40 {
            let bred = mask.sample(using: &generator)
            guard
                let outcome = DynamicChannelScaling().scale(bred, space: space, mask: mask, targets: targets, predictor: predictor)
            else { continue }
            scaled += 1
            let phone = predictor.first.latency(outcome.architecture)
            let server = predictor.second.latency(outcome.architecture)
            #expect(phone <= 12 && server <= 11)
            #expect(outcome.budgetUse == max(phone / 12, server / 11))
            let wide = extremes(bred).wide
            if predictor.first.latency(wide) <= 12, predictor.second.latency(wide) <= 11 {
                #expect(outcome.architecture == wide)
            } else {
                #expect(outcome.budgetUse >= 0.97, "budget use \(outcome.budgetUse)")
            }
        }
        #expect(scaled > 10)
    }

    @Test("a device without a model, or operators too slow at the narrowest channels, give nothing")
    func refusals() {
        let device = SPOSFixture()
        let mask = ChoiceMask(space: space)
        var generator = SeededGenerator(seed: 1)
        let bred = mask.sample(using: &generator)
        let unknown = [LatencyTarget(device: "elsewhere", maxLatencyMs: 10)]
        #expect(DynamicChannelScaling().scale(bred, space: space, mask: mask, targets: unknown, predictor: device) == nil)
        let impossible = [LatencyTarget(device: device.device, maxLatencyMs: 0.5)]
        #expect(DynamicChannelScaling().scale(bred, space: space, mask: mask, targets: impossible, predictor: device) == nil)
    }

    /// Runs an HSCoNAS search on spos against the synthetic device, telling results in order.
    static func search(channelScaling: Bool, limit: Double, seed: UInt64 = 3) -> (HSCoNASEvolution, [CandidateResult]) {
        let device = SPOSFixture()
        let settings = SearchSettings(
            seed: seed, budget: 120, targets: [LatencyTarget(device: device.device, maxLatencyMs: limit)],
            population: 20, parents: 5)
        var strategy = HSCoNASEvolution(
            settings: settings, space: SPOSSpace(), options: .init(channelScaling: channelScaling))
        let told = device.run(&strategy)
        return (strategy, told)
    }

    @Test("in a search, scaling uses more of the budget than screening alone, and logs every decision")
    func searchUsesBudget() throws {
        let limit = 11.0
        let (scaled, scaledTold) = Self.search(channelScaling: true, limit: limit)
        let (plain, plainTold) = Self.search(channelScaling: false, limit: limit)
        let device = SPOSFixture()
        let scaledBest = try #require(scaled.incumbent)
        let plainBest = try #require(plain.incumbent)
        let scaledUse = device.latency(scaledBest.architecture) / limit
        #expect(scaledUse <= 1 && scaledUse >= 0.97, "DCS answer uses \(scaledUse) of the budget")
        #expect(scaledBest.accuracy ?? 0 > plainBest.accuracy ?? 0)
        // Budget use of the evaluated (feasible) candidates: with scaling every one competes near T.
        func meanUse(_ told: [CandidateResult]) -> Double {
            let uses = told.filter { $0.accuracy != nil }.map { device.latency($0.architecture) / limit }
            return uses.reduce(0, +) / Double(max(1, uses.count))
        }
        let scaledMean = meanUse(scaledTold)
        let plainMean = meanUse(plainTold)
        #expect(scaledMean >= 0.97, "mean budget use with DCS \(scaledMean)")
        #expect(scaledMean > plainMean, "mean budget use: DCS \(scaledMean) vs screening only \(plainMean)")
        // Nothing DCS asked was over the budget, so no candidate was wasted on a latency look-up.
        #expect(scaledTold.allSatisfy { $0.accuracy != nil })
        // Every asked candidate was a logged scaling decision within the budget on the model.
        #expect(scaled.scalingLog.count == scaled.candidatesSeen)
        for event in scaled.scalingLog {
            #expect(event.ratiosBefore.count == SPOSSpace.layerCount && event.ratiosAfter.count == SPOSSpace.layerCount)
            #expect(event.predictedMs[device.device].map { $0 <= limit } == true)
            #expect(event.targetMs == [device.device: limit])
            #expect(event.budgetUse <= 1)
        }
        #expect(plain.scalingLog.isEmpty)
    }

    @Test("a checkpointed scaling search resumes with the same asks")
    func checkpointResumes() throws {
        let device = SPOSFixture()
        let settings = SearchSettings(
            seed: 8, budget: 60, targets: [LatencyTarget(device: device.device, maxLatencyMs: 8)], population: 12, parents: 4)
        var original = HSCoNASEvolution(settings: settings, space: SPOSSpace(), options: .init(channelScaling: true))
        func step(_ strategy: inout HSCoNASEvolution) -> [Architecture] {
            device.run(&strategy, steps: 1).map(\.architecture)
        }
        for _ in 0..<2 { _ = step(&original) }
        let data = try JSONEncoder().encode(original)
        var restored = try JSONDecoder().decode(HSCoNASEvolution.self, from: data)
        for _ in 0..<3 {
            #expect(step(&original) == step(&restored))
        }
        #expect(!restored.scalingLog.isEmpty)
    }
}
