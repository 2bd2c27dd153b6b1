import Synchronization

/// A result handed from a task to the thread waiting for it.
final class ResultBox<Value: Sendable>: Sendable {
    private let value = Mutex<Result<Value, any Error>?>(nil)

    func set(_ result: Result<Value, any Error>) {
        value.withLock { $0 = result }
    }

    func get() -> Result<Value, any Error> {
        value.withLock { $0 } ?? .failure(CancellationError())
    }
}
