import Dispatch
import Glibc
import Synchronization

/// The state a ``ZMQSocketThread`` shares between its loop thread and everyone else: the posted
/// work queue, the wake-up eventfd and the completion signal.
///
/// Kept apart from ``ZMQSocketThread`` so the running loop does not keep the public object alive;
/// dropping the last reference to it stops the loop.
final class ZMQLoopMailbox<Handler: ZMQSocketHandler>: Sendable {
    private struct State {
        var queue: [ZMQLoopWork<Handler>] = []
        /// The eventfd was written and the loop has not taken the queue since: skip the syscall.
        var wakePending = false
        /// Set by stop() (or a dying loop); from then on posts are refused.
        var stopRequested = false
        var finished = false
        var loopThread: pthread_t?
    }

    private let state = Mutex(State())
    /// Wakes the loop's `zmq_poll`.
    let wake: ZMQWakeSignal
    /// Entered before the thread starts, left after its socket is closed.
    let done = DispatchGroup()

    init() throws(ZMQError) {
        wake = try ZMQWakeSignal()
    }

    /// Queues `work`; `false` once a stop was requested (the work will never run).
    func post(_ work: ZMQLoopWork<Handler>) -> Bool {
        let outcome: Bool? = state.withLock { state in
            guard !state.stopRequested else { return nil }
            state.queue.append(work)
            guard !state.wakePending else { return false }
            state.wakePending = true
            return true
        }
        guard let mustWake = outcome else { return false }
        // Only the empty-to-non-empty transition costs a syscall.
        if mustWake { wake.signal() }
        return true
    }

    /// Refuses further posts and wakes the loop so it winds down. Idempotent.
    func requestStop() {
        let mustWake = state.withLock { state in
            guard !state.stopRequested else { return false }
            state.stopRequested = true
            guard !state.wakePending else { return false }
            state.wakePending = true
            return true
        }
        if mustWake { wake.signal() }
    }

    /// Loop thread: swaps the whole queue into `batch` (which must be empty) and reports whether
    /// a stop was requested. Call after clearing the eventfd, so a post racing with this either
    /// lands in this batch or writes the eventfd again.
    func take(into batch: inout [ZMQLoopWork<Handler>]) -> Bool {
        state.withLock { state in
            swap(&state.queue, &batch)
            state.wakePending = false
            return state.stopRequested
        }
    }

    /// Loop thread, on the way out: refuses further posts and takes whatever is still queued, so
    /// every accepted post runs exactly once.
    func close(into batch: inout [ZMQLoopWork<Handler>]) {
        state.withLock { state in
            state.stopRequested = true
            swap(&state.queue, &batch)
        }
    }

    /// Loop thread: records which thread runs the loop (so join() can refuse to wait for itself).
    func markStarted() {
        let me = pthread_self()
        state.withLock { $0.loopThread = me }
    }

    /// Loop thread: the socket is closed; release everyone waiting.
    func markFinished() {
        state.withLock { $0.finished = true }
        done.leave()
    }

    /// Whether the loop has exited and closed its socket.
    var isFinished: Bool {
        state.withLock { $0.finished }
    }

    /// Whether the caller is the loop thread itself.
    var isLoopThread: Bool {
        let me = pthread_self()
        return state.withLock { state in
            state.loopThread.map { pthread_equal($0, me) != 0 } ?? false
        }
    }
}
