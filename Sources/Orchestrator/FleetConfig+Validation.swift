import Foundation

extension FleetConfig {
    /// Checks the fleet section, naming the field and the value.
    public func validate() throws(ConfigError) {
        if let bind { try Endpoint.check(bind, field: "fleet.bind") }
        guard heartbeatMs >= 10 else { throw ConfigError(field: "fleet.heartbeat_ms", "\(heartbeatMs) must be at least 10") }
        guard accuracyWorkers >= 0 else {
            throw ConfigError(field: "fleet.accuracy_workers", "\(accuracyWorkers) must not be negative")
        }
        guard workersPerDevice >= 0 else {
            throw ConfigError(field: "fleet.workers_per_device", "\(workersPerDevice) must not be negative")
        }
        guard simulatedDelayMs >= 0 else {
            throw ConfigError(field: "fleet.simulated_delay_ms", "\(simulatedDelayMs) must not be negative")
        }
        guard jobDeadlineMs >= 0 else {
            throw ConfigError(field: "fleet.job_deadline_ms", "\(jobDeadlineMs) must not be negative (0: no limit)")
        }
        try measurement.validate()
        if let security {
            guard !security.secretKey.isEmpty else { throw ConfigError(field: "fleet.security.secret_key", "must name a file") }
            guard !security.allowedKeys.isEmpty else { throw ConfigError(field: "fleet.security.allowed_keys", "must name a folder") }
            _ = try security.load()
        }
        if accuracyEvaluator == .command {
            guard let evaluatorCommand, !evaluatorCommand.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ConfigError(field: "fleet.evaluator_command", "is required with accuracy_evaluator: command")
            }
        } else if let evaluatorCommand {
            throw ConfigError(
                field: "fleet.evaluator_command",
                "'\(evaluatorCommand)' is only used with accuracy_evaluator: command (it is \(accuracyEvaluator?.rawValue ?? "the default"))")
        }
    }
}
