import Logging

/// Bootstraps swift-log exactly once per process (it may only be done once).
enum LoggingBootstrap {
    static let once: Void = LoggingSystem.bootstrap { label in
        StreamLogHandler.standardError(label: label)
    }
}
