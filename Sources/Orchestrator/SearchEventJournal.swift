import Foundation
import Logging
import Search
import SearchSpace
import Store

/// Logs the events a strategy hands over (channel scalings, shrinking steps, λ updates) and keeps
/// their store records until the checkpoint that follows them is saved.
struct SearchEventJournal {
    private let space: any SearchSpace
    private let log: Logger
    private(set) var shrinks: [ShrinkRecord] = []
    private(set) var scalings: [ChannelScalingRecord] = []
    private(set) var lambdaUpdates: [LambdaRecord] = []

    init(space: any SearchSpace, logger: Logger) {
        self.space = space
        log = logger
    }

    /// Logs `events` and keeps their records.
    mutating func note(_ events: SearchEvents) {
        for event in events.channelScalings {
            log.info(
                "channels scaled",
                metadata: [
                    "generation": "\(event.generation)", "candidate": "\(space.format(event.before))",
                    "ratios": "\(SearchLog.Scaling.text(ofRatios: event.ratiosBefore))→\(SearchLog.Scaling.text(ofRatios: event.ratiosAfter))",
                    "predicted_ms": "\(Self.perDevice(event.predictedMs))", "target_ms": "\(Self.perDevice(event.targetMs))",
                ])
            scalings.append(
                ChannelScalingRecord(
                    generation: event.generation, before: space.format(event.before), after: space.format(event.after),
                    ratiosBefore: event.ratiosBefore, ratiosAfter: event.ratiosAfter, predictedMs: event.predictedMs,
                    targetMs: event.targetMs))
        }
        for event in events.shrinks {
            log.info(
                "space shrunk",
                metadata: [
                    "position": "\(event.positionName)", "dropped": "\(event.choiceName)",
                    "score": "\(String(format: "%.3f", event.score))",
                    "size": "\(SpaceSizeText.text(event.spaceSizeBefore))→\(SpaceSizeText.text(event.spaceSizeAfter))",
                ])
            shrinks.append(
                ShrinkRecord(
                    generation: event.generation, position: event.position, positionName: event.positionName,
                    choice: event.choice, choiceName: event.choiceName, score: event.score,
                    spaceSizeBefore: event.spaceSizeBefore, spaceSizeAfter: event.spaceSizeAfter))
        }
        for update in events.lambdaUpdates {
            log.info(
                "lambda updated",
                metadata: [
                    "generation": "\(update.generation)",
                    "elite_latency_ratio": "\(String(format: "%.3f", update.eliteLatencyRatio))",
                    "lambda": "\(String(format: "%.4f", update.lambdaBefore))→\(String(format: "%.4f", update.lambdaAfter))",
                ])
            lambdaUpdates.append(
                LambdaRecord(
                    generation: update.generation, eliteLatencyRatio: update.eliteLatencyRatio,
                    lambdaBefore: update.lambdaBefore, lambdaAfter: update.lambdaAfter))
        }
    }

    /// Forgets the records kept so far, once they are stored.
    mutating func clear() {
        shrinks.removeAll()
        scalings.removeAll()
        lambdaUpdates.removeAll()
    }

    static func perDevice(_ values: [String: Double]) -> String {
        values.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.3f", $0.value))" }.joined(separator: ", ")
    }
}
