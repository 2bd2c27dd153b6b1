import Synchronization
import ZeroMQ

/// Lets job threads hand answers to the worker's socket thread, and lets the socket thread
/// tell the worker's owner that the coordinator said goodbye.
final class WorkerOutbox: Sendable {
    private let thread = Mutex<ZMQSocketThread<WorkerCore>?>(nil)
    private let done = Mutex<CheckedContinuation<Void, Never>?>(nil)
    private let isDone = Mutex(false)
    private let finalByes = Mutex(0)

    /// Final byes a staying worker outlived: jobs are tagged with it when they arrive, and a job or
    /// answer whose coordinator has since left is dropped.
    var coordinatorsLeft: Int { finalByes.withLock { $0 } }

    /// Called on the socket thread when a coordinator says its final bye to a staying worker.
    func coordinatorSaidFinalBye() {
        finalByes.withLock { $0 += 1 }
    }

    func attach(_ socketThread: ZMQSocketThread<WorkerCore>) {
        thread.withLock { $0 = socketThread }
    }

    /// Hands a job thread's answer to the socket thread, which drops it if the coordinator that
    /// sent the job (counted by ``coordinatorsLeft``) is gone.
    func answer(_ envelope: Envelope, forCoordinator coordinator: Int) {
        _ = thread.withLock { $0 }?.postToHandler { core, socket in
            core.deliver(envelope, forCoordinator: coordinator, on: socket)
        }
    }

    /// Suspends until ``coordinatorLeft()`` or ``finish()``.
    func wait() async {
        await withCheckedContinuation { continuation in
            let resumeNow = isDone.withLock { finished in
                if finished { return true }
                done.withLock { $0 = continuation }
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func coordinatorLeft() { finish() }

    func finish() {
        let continuation = isDone.withLock { finished -> CheckedContinuation<Void, Never>? in
            finished = true
            return done.withLock { stored in
                defer { stored = nil }
                return stored
            }
        }
        continuation?.resume()
    }
}
