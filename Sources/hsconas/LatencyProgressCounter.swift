import Synchronization

/// Counts finished devices of `bench latency` across the tasks that report them.
final class LatencyProgressCounter: Sendable {
    let total: Int
    private let done = Mutex(0)

    init(total: Int) {
        self.total = total
    }

    /// Counts one more and returns the count so far.
    func increment() -> Int {
        done.withLock { value in
            value += 1
            return value
        }
    }
}
