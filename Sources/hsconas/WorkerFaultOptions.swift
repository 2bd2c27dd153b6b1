import ArgumentParser
import Fleet
import Logging
import WorkerExecutors

/// Hidden `hsconas worker --fault …` options for fault-injection tests and drills (see
/// Docs/reliability.md). Never needed in production.
struct WorkerFaultOptions: ParsableArguments {
    @Option(name: .customLong("fault"), help: .hidden)
    var faults: [String] = []

    /// The parsed faults; each `--fault` is `crash-on=SUBSTRING`, `fail-on=SUBSTRING` or `slow-ms=N`.
    func parsed() throws -> (crashOn: [String], failOn: [String], slowMs: Int) {
        var crashOn: [String] = []
        var failOn: [String] = []
        var slowMs = 0
        for fault in faults {
            let parts = fault.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[1].isEmpty else {
                throw ValidationError("--fault '\(fault)' must be crash-on=SUBSTRING, fail-on=SUBSTRING or slow-ms=N")
            }
            switch parts[0] {
            case "crash-on": crashOn.append(parts[1])
            case "fail-on": failOn.append(parts[1])
            case "slow-ms":
                guard let value = Int(parts[1]), value >= 0 else {
                    throw ValidationError("--fault slow-ms '\(parts[1])' must be a whole number of milliseconds ≥ 0")
                }
                slowMs = value
            default:
                throw ValidationError("--fault '\(fault)': unknown fault '\(parts[0])' (known: crash-on, fail-on, slow-ms)")
            }
        }
        return (crashOn, failOn, slowMs)
    }

    func validate() throws {
        _ = try parsed()
    }

    /// `executor` with the faults applied, or unchanged when there are none.
    func wrap(_ executor: any JobExecutor, logger: Logger) throws -> any JobExecutor {
        let faults = try parsed()
        let wrapped = FaultInjectingExecutor(
            wrapping: executor, crashOn: faults.crashOn, failOn: faults.failOn, slow: .milliseconds(faults.slowMs),
            logger: logger)
        guard wrapped.isActive else { return executor }
        logger.warning(
            "fault injection on",
            metadata: ["crash-on": "\(faults.crashOn)", "fail-on": "\(faults.failOn)", "slow-ms": "\(faults.slowMs)"])
        return wrapped
    }
}
