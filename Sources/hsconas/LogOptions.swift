import ArgumentParser
import Logging

/// `--log-level`, shared by every command; logs go to standard error.
struct LogOptions: ParsableArguments {
    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: String?

    /// Sets up logging once and returns a logger with the chosen level.
    func makeLogger(label: String, defaultLevel: Logger.Level) throws -> Logger {
        var level = defaultLevel
        if let logLevel {
            guard let parsed = Logger.Level(rawValue: logLevel) else {
                throw ValidationError("--log-level '\(logLevel)' is not one of trace, debug, info, notice, warning, error, critical")
            }
            level = parsed
        }
        LoggingBootstrap.once
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }
}
