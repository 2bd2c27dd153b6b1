import Dispatch
import Glibc

/// A dedicated thread that owns one ``ZMQSocket`` and runs a `zmq_poll` loop for it, so no Swift
/// concurrency thread ever blocks in libzmq and the socket only ever has one user.
///
/// The loop polls the socket and an `eventfd`. Incoming messages go to the handler's
/// ``ZMQSocketHandler/received(_:on:)``; other threads reach the socket and the handler only by
/// posting work (``post(_:)``, ``postToHandler(_:)``, ``send(_:)``, ``withHandler(_:)``), which runs
/// on the loop thread in posting order. Posting costs a lock and, only when the queue was empty,
/// one eventfd write; the loop drains the whole queue per wake-up.
///
/// Lifetime: ``stop()`` (or dropping the last reference) ends the loop: queued work still runs,
/// then ``ZMQSocketHandler/stopping(on:)``, then the socket closes. Wait for that with ``join()``
/// or ``finished()``. Every post accepted before the stop runs exactly once; later posts are
/// refused (they return `false`).
public final class ZMQSocketThread<Handler: ZMQSocketHandler>: Sendable {
    /// How often, at least, the handler's ``ZMQSocketHandler/tick(now:on:)`` runs.
    public let tickInterval: Duration
    private let mailbox: ZMQLoopMailbox<Handler>

    /// Takes ownership of `socket` and `handler` and starts the loop thread.
    ///
    /// - Parameters:
    ///   - socket: bound or connected already (or do it later via ``post(_:)``).
    ///   - handler: from now on used only on the loop thread.
    ///   - name: labels errors about the thread itself.
    ///   - tickInterval: the longest gap between two ticks; positive and at most a day.
    ///   - sendBacklogLimit: how many ``send(_:)`` messages may wait while the socket pushes back
    ///     before further ones are dropped and reported to ``ZMQSocketHandler/failed(_:on:)``.
    public init(
        socket: consuming sending ZMQSocket,
        handler: sending Handler,
        name: String = "zmq-socket-thread",
        tickInterval: Duration = .milliseconds(100),
        sendBacklogLimit: Int = 100_000
    ) throws(ZMQError) {
        guard tickInterval > .zero && tickInterval <= .seconds(86_400) else {
            throw ZMQError(
                code: EINVAL, operation: "ZMQSocketThread(\(name))",
                message: "tickInterval must be positive and at most a day, got \(tickInterval)")
        }
        guard sendBacklogLimit >= 0 else {
            throw ZMQError(
                code: EINVAL, operation: "ZMQSocketThread(\(name))",
                message: "sendBacklogLimit must not be negative, got \(sendBacklogLimit)")
        }
        let mailbox = try ZMQLoopMailbox<Handler>()
        let handoff = ZMQLoopHandoff(socket: socket, handler: handler)
        mailbox.done.enter()
        do {
            try ZMQDetachedThread.start(name: name) {
                ZMQSocketThread.run(
                    handoff: handoff, mailbox: mailbox,
                    tickInterval: tickInterval, sendBacklogLimit: sendBacklogLimit)
            }
        } catch {
            mailbox.done.leave()
            throw error
        }
        self.mailbox = mailbox
        self.tickInterval = tickInterval
    }

    deinit {
        // Nobody can post any more; let the loop wind down on its own (it holds only the mailbox).
        mailbox.requestStop()
    }

    /// Runs `work` with the socket on the loop thread. Thread-safe.
    /// - Returns: `false` if the loop is stopping or stopped; `work` will then never run.
    @discardableResult
    public func post(_ work: @escaping @Sendable (borrowing ZMQSocket) -> Void) -> Bool {
        mailbox.post(.socket(work))
    }

    /// Runs `work` with the handler and the socket on the loop thread, the only safe way to touch
    /// the handler's state from elsewhere. Thread-safe.
    /// - Returns: `false` if the loop is stopping or stopped; `work` will then never run.
    @discardableResult
    public func postToHandler(_ work: @escaping @Sendable (Handler, borrowing ZMQSocket) -> Void) -> Bool {
        mailbox.post(.handler(work))
    }

    /// Sends a multipart message from the loop thread without ever blocking it: if the socket
    /// pushes back (`EAGAIN`), the message waits in order in the loop's backlog until the socket is
    /// writable. Failures are reported to ``ZMQSocketHandler/failed(_:on:)``. Thread-safe.
    /// - Returns: `false` if the loop is stopping or stopped; nothing is sent then.
    @discardableResult
    public func send(_ frames: [[UInt8]]) -> Bool {
        mailbox.post(.send(frames))
    }

    /// Runs `body` with the handler and the socket on the loop thread and returns its result.
    /// - Returns: `nil` if the loop is stopping or stopped (`body` did not run).
    public func withHandler<Result: Sendable>(
        _ body: @escaping @Sendable (Handler, borrowing ZMQSocket) -> Result
    ) async -> Result? {
        await withCheckedContinuation { (continuation: CheckedContinuation<Result?, Never>) in
            let accepted = postToHandler { handler, socket in
                continuation.resume(returning: body(handler, socket))
            }
            if !accepted { continuation.resume(returning: nil) }
        }
    }

    /// Asks the loop to finish: already-posted work runs, then the handler's
    /// ``ZMQSocketHandler/stopping(on:)``, then the socket closes. Returns at once; thread-safe and
    /// idempotent.
    public func stop() {
        mailbox.requestStop()
    }

    /// Blocks until the loop has exited and closed its socket. Returns at once when called on the
    /// loop thread itself (it cannot wait for itself); from async code prefer ``finished()``.
    public func join() {
        guard !mailbox.isLoopThread else { return }
        mailbox.done.wait()
    }

    /// Suspends until the loop has exited and closed its socket.
    public func finished() async {
        let done = mailbox.done
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            done.notify(queue: .global()) { continuation.resume() }
        }
    }

    /// Whether the loop has exited and closed its socket.
    public var isFinished: Bool {
        mailbox.isFinished
    }
}
