import CZeroMQ
import Glibc

extension ZMQSocketThread {
    /// At most this many incoming messages per poll wake-up, so posted work and ticks get a turn
    /// under a flood; the level-triggered poll returns at once if more are waiting.
    static var receiveBatchLimit: Int { 1024 }

    /// The loop thread's whole life.
    static func run(
        handoff: ZMQLoopHandoff<Handler>, mailbox: ZMQLoopMailbox<Handler>,
        tickInterval: Duration, sendBacklogLimit: Int
    ) {
        mailbox.markStarted()
        if let socket = handoff.takeSocket(), let handler = handoff.takeHandler() {
            loop(
                socket: socket, handler: handler, mailbox: mailbox,
                tickInterval: tickInterval, sendBacklogLimit: sendBacklogLimit)
        } else {
            // Unreachable: the handoff is created full and taken only here. Still refuse posts.
            var leftovers: [ZMQLoopWork<Handler>] = []
            mailbox.close(into: &leftovers)
        }
        mailbox.markFinished()
    }

    /// Polls until stopped, then winds down and closes `socket` before returning.
    private static func loop(
        socket: consuming ZMQSocket, handler: Handler, mailbox: ZMQLoopMailbox<Handler>,
        tickInterval: Duration, sendBacklogLimit: Int
    ) {
        let clock = ContinuousClock()
        let pollIn = Int16(ZMQ_POLLIN)
        let pollOut = Int16(ZMQ_POLLOUT)
        var items = [
            zmq_pollitem_t(socket: socket.handle, fd: 0, events: pollIn, revents: 0),
            zmq_pollitem_t(socket: nil, fd: mailbox.wake.fd, events: pollIn, revents: 0),
        ]
        var batch: [ZMQLoopWork<Handler>] = []
        batch.reserveCapacity(256)
        var backlog = ZMQOutboundBacklog(limit: sendBacklogLimit)
        var nextTick = clock.now.advanced(by: tickInterval)
        var stopRequested = false

        while !stopRequested {
            // Ask for writability only while sends wait; the socket is almost always writable.
            items[0].events = backlog.isEmpty ? pollIn : pollIn | pollOut
            let timeout = pollTimeout(until: nextTick, now: clock.now)
            if zmq_poll(&items, 2, timeout) < 0 {
                let error = ZMQError.last("zmq_poll")
                if error.code == EINTR { continue }
                handler.failed(error, on: socket)
                break
            }

            if items[1].revents & pollIn != 0 {
                // Clear the eventfd before taking the queue: a post racing with us then either
                // lands in this batch or signals again (a spurious wake-up, never a lost one).
                mailbox.wake.reset()
                stopRequested = mailbox.take(into: &batch)
                execute(&batch, socket: socket, handler: handler, backlog: &backlog)
            }

            if !backlog.isEmpty && items[0].revents & pollOut != 0 {
                backlog.flush(on: socket, handler: handler)
            }

            if !stopRequested && items[0].revents & pollIn != 0 {
                for _ in 0..<receiveBatchLimit {
                    do {
                        guard let frames = try socket.receive(dontWait: true) else { break }
                        handler.received(frames, on: socket)
                    } catch {
                        handler.failed(error, on: socket)
                        break
                    }
                }
            }

            handler.drained(on: socket)

            let now = clock.now
            if now >= nextTick {
                handler.tick(now: now, on: socket)
                nextTick = now.advanced(by: tickInterval)
            }
        }

        // Wind down: run what was accepted, give queued sends a last chance, say goodbye, close.
        mailbox.close(into: &batch)
        execute(&batch, socket: socket, handler: handler, backlog: &backlog)
        backlog.flush(on: socket, handler: handler)
        let dropped = backlog.dropAll()
        if dropped > 0 {
            handler.failed(
                ZMQError(
                    code: EAGAIN, operation: "ZMQSocketThread.stop",
                    message: "\(dropped) queued messages were never accepted by the socket and are dropped"),
                on: socket)
        }
        handler.drained(on: socket)
        handler.stopping(on: socket)
        socket.close()
    }

    /// Runs and empties `batch`, keeping its capacity for the next wake-up.
    private static func execute(
        _ batch: inout [ZMQLoopWork<Handler>], socket: borrowing ZMQSocket, handler: Handler,
        backlog: inout ZMQOutboundBacklog
    ) {
        for work in batch {
            switch work {
            case .send(let frames):
                backlog.send(frames, on: socket, handler: handler)
            case .socket(let body):
                body(socket)
            case .handler(let body):
                body(handler, socket)
            }
        }
        batch.removeAll(keepingCapacity: true)
    }

    /// Milliseconds from `now` until `deadline`, rounded up so the loop never wakes early and spins.
    private static func pollTimeout(until deadline: ContinuousClock.Instant, now: ContinuousClock.Instant) -> Int {
        guard now < deadline else { return 0 }
        let (seconds, attoseconds) = now.duration(to: deadline).components
        let attosecondsPerMillisecond: Int64 = 1_000_000_000_000_000
        return Int(seconds) * 1000
            + Int((attoseconds + attosecondsPerMillisecond - 1) / attosecondsPerMillisecond)
    }
}
