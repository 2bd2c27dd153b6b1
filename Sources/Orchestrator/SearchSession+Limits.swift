import Foundation
import SearchSpace
import Store

/// Limits stated relative to a device (`max_latency: p30`), resolved to milliseconds when a run starts.
extension SearchSession {
    /// This session with every relative limit resolved: as the store has it (a resumed run keeps
    /// the limit it started with), else from the whole benchmark column (a replayed device), else
    /// from a seeded sample of the space measured on the device now through the fleet. Each
    /// resolution is stored, logged and handed to `resolved` as a line for a person; the sample's
    /// measurements are stored like any other.
    func resolvingLimits(
        space: any SearchSpace, driver: FleetSearchDriver, store: RunStore, progress: (String) -> Void,
        resolved announce: (String) -> Void
    ) async throws -> SearchSession {
        var resolved = self
        let stored = Dictionary(try store.limits().map { ($0.device, $0) }, uniquingKeysWith: { first, _ in first })
        for (index, target) in config.targets.enumerated() {
            guard let relative = target.relativeLimit else { continue }
            let field = "targets[\(index)].max_latency"
            let record: LatencyLimitRecord
            if let known = stored[target.device] {
                record = known
            } else if target.isReplayed {
                let column = try table.latencies(device: target.device).map(Double.init)
                guard let limit = relative.resolve(column) else {
                    throw ConfigError(field: field, "'\(relative)': the table has no latency for '\(target.device)'")
                }
                record = LatencyLimitRecord(
                    device: target.device, expression: relative.description, limitMs: limit, sampleSize: column.count,
                    source: EvaluationSource.replay.rawValue)
            } else {
                let sample = Self.limitSample(space: space, count: target.limitSample, seed: config.seed)
                var values: [Double] = []
                for (number, architecture) in sample.enumerated() {
                    try Task.checkCancellation()
                    progress("resolving \(target.device)'s limit \(relative): \(number)/\(sample.count) sample networks measured")
                    if let value = await driver.latency(of: space.format(architecture), device: target.device) {
                        values.append(value)
                    }
                }
                // A sample cut short by SIGTERM resolves nothing: the resumed run measures the rest.
                try Task.checkCancellation()
                guard values.count * 2 >= sample.count, let limit = relative.resolve(values) else {
                    throw FleetLaunchError(
                        "\(field) '\(relative)': only \(values.count) of \(sample.count) sample networks could be measured on "
                            + "'\(target.device)'; see the workers' logs")
                }
                record = LatencyLimitRecord(
                    device: target.device, expression: relative.description, limitMs: limit, sampleSize: values.count,
                    source: EvaluationSource.measured.rawValue)
            }
            try store.recordLimit(record)
            resolved.config.targets[index].maxLatencyMs = record.limitMs
            announce(
                "\(target.device): max_latency \(record.expression) = \(String(format: "%.4g", record.limitMs)) ms "
                    + (record.source == EvaluationSource.replay.rawValue
                        ? "(the benchmark table's \(record.sampleSize) cells)"
                        : "(\(record.sampleSize) seeded sample networks measured on the device)"))
            logger.notice(
                "latency limit resolved",
                metadata: [
                    "device": "\(target.device)", "max_latency": "\(record.expression)",
                    "limit_ms": "\(String(format: "%.4g", record.limitMs))", "from": "\(record.sampleSize) \(record.source)",
                ])
        }
        return resolved
    }

    /// The networks a relative limit is resolved from: `count` distinct architectures drawn with a
    /// generator seeded by the run's seed, so a resumed or repeated run measures the same ones.
    static func limitSample(space: any SearchSpace, count: Int, seed: UInt64) -> [Architecture] {
        var generator = SeededGenerator(seed: seed ^ 0x6C69_6D69_7473)  // "limits": apart from the search's own stream
        var seen: Set<Architecture> = []
        var sample: [Architecture] = []
        // Compared as Doubles: spos's 1.3e30 networks do not fit an Int (nor does Double(Int.max)).
        let wanted = space.size < Double(count) ? Int(space.size) : count
        while sample.count < wanted {
            let architecture = Architecture(genes: space.positions.map { Int.random(in: 0..<$0.choices.count, using: &generator) })
            if seen.insert(architecture).inserted { sample.append(architecture) }
        }
        return sample
    }
}
