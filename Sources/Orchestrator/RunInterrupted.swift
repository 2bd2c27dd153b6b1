/// A run stopped before its end because its task was cancelled — by SIGTERM or SIGINT through
/// swift-service-lifecycle in the `hsconas` commands. No job was sent after the cancellation,
/// the coordinator said `bye` to its workers, local workers were stopped, and every answer
/// received until then is in the store, so the run continues from there: `--resume` for a
/// search, the same command again for a profile.
public struct RunInterrupted: Error, CustomStringConvertible {
    /// The store holding everything the run did.
    public let store: String

    /// An interruption whose answers are in the store at `store`.
    public init(store: String) {
        self.store = store
    }

    /// Says the run was interrupted and which store holds its answers.
    public var description: String {
        "interrupted; every answer received so far is stored in \(store)"
    }
}
