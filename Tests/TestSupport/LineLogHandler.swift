import Logging

/// A log handler that hands each line to `write`: its level, its message, and the logger's metadata
/// merged with the line's. Tests collect what was logged with it.
public struct LineLogHandler: LogHandler {
    private let write: @Sendable (Logger.Level, String, Logger.Metadata) -> Void
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .trace

    /// A handler passing every line, from `trace` up, to `write`.
    public init(write: @escaping @Sendable (_ level: Logger.Level, _ message: String, _ metadata: Logger.Metadata) -> Void) {
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        write(event.level, "\(event.message)", metadata.merging(event.metadata ?? [:]) { _, new in new })
    }
}
