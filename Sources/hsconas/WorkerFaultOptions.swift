import ArgumentParser
import Fleet
import Logging
import WorkerExecutors

/// Hidden `hsconas worker --fault …` options for fault-injection tests and drills (see
/// Docs/reliability.md). Never needed in production.
struct WorkerFaultOptions: ParsableArguments {
    @Option(name: .customLong("fault"), help: .hidden)
    var faults: [String] = []

    /// The parsed faults; each `--fault` is `crash-on=SUBSTRING`, `fail-on=SUBSTRING`, `slow-ms=N`
    /// or `drift=N:FACTOR` (after N latency jobs, every latency figure × FACTOR).
    func parsed() throws -> (crashOn: [String], failOn: [String], slowMs: Int, drift: LatencyDrift?) {
        var crashOn: [String] = []
        var failOn: [String] = []
        var slowMs = 0
        var drift: LatencyDrift?
        for fault in faults {
            let parts = fault.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[1].isEmpty else {
                throw ValidationError(
                    "--fault '\(fault)' must be crash-on=SUBSTRING, fail-on=SUBSTRING, slow-ms=N or drift=N:FACTOR")
            }
            switch parts[0] {
            case "crash-on": crashOn.append(parts[1])
            case "fail-on": failOn.append(parts[1])
            case "slow-ms":
                guard let value = Int(parts[1]), value >= 0 else {
                    throw ValidationError("--fault slow-ms '\(parts[1])' must be a whole number of milliseconds ≥ 0")
                }
                slowMs = value
            case "drift":
                let values = parts[1].split(separator: ":", maxSplits: 1).map(String.init)
                guard values.count == 2, let after = Int(values[0]), after >= 0, let factor = Double(values[1]),
                    factor.isFinite, factor > 0
                else {
                    throw ValidationError(
                        "--fault drift '\(parts[1])' must be N:FACTOR (N latency jobs ≥ 0, then every latency × FACTOR > 0)")
                }
                drift = LatencyDrift(after: after, factor: factor)
            default:
                throw ValidationError(
                    "--fault '\(fault)': unknown fault '\(parts[0])' (known: crash-on, fail-on, slow-ms, drift)")
            }
        }
        return (crashOn, failOn, slowMs, drift)
    }

    func validate() throws {
        _ = try parsed()
    }

    /// `executor` with the faults applied, or unchanged when there are none.
    func wrap(_ executor: any JobExecutor, logger: Logger) throws -> any JobExecutor {
        let faults = try parsed()
        let wrapped = FaultInjectingExecutor(
            wrapping: executor, crashOn: faults.crashOn, failOn: faults.failOn, slow: .milliseconds(faults.slowMs),
            drift: faults.drift, logger: logger)
        guard wrapped.isActive else { return executor }
        logger.warning(
            "fault injection on",
            metadata: [
                "crash-on": "\(faults.crashOn)", "fail-on": "\(faults.failOn)", "slow-ms": "\(faults.slowMs)",
                "drift": "\(faults.drift.map { "×\($0.factor) after \($0.after)" } ?? "none")",
            ])
        return wrapped
    }
}
