import Synchronization

/// Rate-limits repeated refusal log lines: a refused peer reconnects every few hundred
/// milliseconds, and one line per attempt would drown the log. The first refusal of a key is
/// reported at once, later ones at most once per `interval`, with how many were folded in.
final class RefusalLog: Sendable {
    private let interval: Duration
    private let state = Mutex<[String: (last: ContinuousClock.Instant, suppressed: Int)]>([:])

    init(interval: Duration = .seconds(10)) {
        self.interval = interval
    }

    /// `nil` when this refusal should not be logged; else how many refusals of `key` (this one
    /// included) the line stands for.
    func admit(_ key: String, now: ContinuousClock.Instant = .now) -> Int? {
        state.withLock { entries in
            guard let entry = entries[key] else {
                // Bound the table: a flood of distinct keys must not grow memory without limit.
                if entries.count >= 10_000 { entries.removeAll() }
                entries[key] = (now, 0)
                return 1
            }
            guard now - entry.last >= interval else {
                entries[key] = (entry.last, entry.suppressed + 1)
                return nil
            }
            entries[key] = (now, 0)
            return entry.suppressed + 1
        }
    }
}
