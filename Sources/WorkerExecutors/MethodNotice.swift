import Logging
import Measurement
import Synchronization

/// Tells a worker's log, once per method, that jobs are timed by a search's measurement method rather
/// than by the worker's own flags, so a user who started it with `--min-runs 50` sees why runs differ.
final class MethodNotice: Sendable {
    private let announced = Mutex<MeasurementSettings?>(nil)

    /// Logs `used` when it differs from `flags` and from the method last logged.
    func note(used: MeasurementSettings, flags: MeasurementSettings, job: String, logger: Logger?) {
        guard used != flags, let logger else { return }
        let isNew = announced.withLock { last in
            defer { last = used }
            return last != used
        }
        guard isNew else { return }
        logger.notice(
            "timing by the search's measurement method (fleet.measurement) instead of this worker's flags",
            metadata: [
                "job": "\(job)", "warmup_runs": "\(used.warmupRuns)", "min_runs": "\(used.minimumRuns)",
                "min_seconds": "\(used.minimumSeconds)", "max_cv": "\(used.maximumVariation)", "attempts": "\(used.attempts)",
            ])
    }
}
