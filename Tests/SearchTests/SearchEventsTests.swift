import Foundation
import Search
import SearchSpace
import Testing

/// Strategies hand over their events with `drainEvents()`: each once, in the order made, exactly
/// what their logs hold.
@Suite("search events")
struct SearchEventsTests {
    /// Runs `strategy` to its end, draining after every ask and tell as a driver does.
    static func drive(
        _ strategy: inout HSCoNASEvolution, predictor: (any CandidateLatencyPredictor)? = nil,
        latency: (Architecture) -> Double, accuracy: (Architecture) -> Double
    ) -> (afterAsk: SearchEvents, afterTell: SearchEvents) {
        var afterAsk = SearchEvents()
        var afterTell = SearchEvents()
        func collect(_ events: SearchEvents, into all: inout SearchEvents) {
            all.shrinks += events.shrinks
            all.channelScalings += events.channelScalings
            all.lambdaUpdates += events.lambdaUpdates
        }
        while !strategy.isFinished {
            strategy.useLatencyPredictor(predictor)
            let batch = strategy.ask()
            collect(strategy.drainEvents(), into: &afterAsk)
            if batch.isEmpty { break }
            strategy.tell(
                SearchDriver.evaluate(
                    batch, targets: strategy.targets, infeasibleToo: strategy.needsAccuracyOfInfeasible,
                    latency: { architecture, _ in latency(architecture) }, accuracy: accuracy))
            collect(strategy.drainEvents(), into: &afterTell)
            #expect(strategy.drainEvents().isEmpty, "a second drain hands over nothing")
        }
        return (afterAsk, afterTell)
    }

    @Test("shrinking steps are handed over after the tell that made them, once each")
    func shrinks() throws {
        let options = HSCoNASEvolution.Options(
            shrinking: ProgressiveSpaceShrinking(dropBelow: 0.9, minimumExpectedCount: 1, reference: .space))
        let settings = SearchSettings(seed: 4, budget: 300, targets: SearchFixture.target(12), shrinkEvery: 0.2)
        var strategy = HSCoNASEvolution(settings: settings, space: SearchFixture.space, options: options)
        let events = Self.drive(&strategy, latency: SearchFixture.latency, accuracy: SearchFixture.accuracy)
        #expect(!strategy.shrinkLog.isEmpty)
        #expect(events.afterTell.shrinks == strategy.shrinkLog)
        #expect(events.afterAsk.isEmpty)
    }

    @Test("channel-scaling decisions are handed over after the ask that made them; a decoded strategy has none pending")
    func channelScalings() throws {
        let device = SPOSFixture()
        let settings = SearchSettings(
            seed: 3, budget: 60, targets: [LatencyTarget(device: device.device, maxLatencyMs: 11)], population: 20,
            parents: 5)
        var strategy = HSCoNASEvolution(settings: settings, space: SPOSSpace(), options: .init(channelScaling: true))
        strategy.useLatencyPredictor(device)
        _ = strategy.ask()
        let pending = strategy.scalingLog
        #expect(!pending.isEmpty)
        var decoded = try JSONDecoder().decode(HSCoNASEvolution.self, from: try JSONEncoder().encode(strategy))
        #expect(decoded.drainEvents().isEmpty)
        #expect(strategy.drainEvents().channelScalings == pending)

        var fresh = HSCoNASEvolution(settings: settings, space: SPOSSpace(), options: .init(channelScaling: true))
        let events = Self.drive(&fresh, predictor: device, latency: device.latency, accuracy: SPOSFixture.accuracy)
        #expect(!fresh.scalingLog.isEmpty)
        #expect(events.afterAsk.channelScalings == fresh.scalingLog)
        #expect(events.afterTell.isEmpty)
    }

    @Test("λ updates are handed over after the tell that ended their generation")
    func lambdaUpdates() {
        let device = SPOSFixture()
        let settings = SearchSettings(
            seed: 2, budget: 160, targets: [LatencyTarget(device: device.device, maxLatencyMs: 10)], population: 20,
            parents: 5)
        var strategy = HSCoNASEvolution(settings: settings, space: SPOSSpace(), options: .init(constraintMode: .lambda))
        let events = Self.drive(&strategy, latency: device.latency, accuracy: SPOSFixture.accuracy)
        #expect(!strategy.lambdaLog.isEmpty)
        #expect(events.afterTell.lambdaUpdates == strategy.lambdaLog)
        #expect(events.afterAsk.isEmpty)
    }

    @Test("strategies without events hand over none")
    func noEvents() {
        let settings = SearchSettings(seed: 1, budget: 20, targets: SearchFixture.target(12))
        var random = RandomSearch(settings: settings, space: SearchFixture.space)
        _ = random.ask()
        #expect(random.drainEvents().isEmpty)
    }
}
