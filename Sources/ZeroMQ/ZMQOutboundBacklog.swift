import Glibc

/// Messages a loop accepted through ``ZMQSocketThread/send(_:)`` but the socket could not take
/// yet (`EAGAIN`: high-water mark reached, or no peer). Kept in order and flushed when `zmq_poll`
/// reports the socket writable, so posted sends never block the loop and are not lost to a burst.
struct ZMQOutboundBacklog {
    /// The most messages held; beyond it new sends are dropped and reported.
    let limit: Int
    private var messages: [[[UInt8]]] = []
    /// Index of the oldest unsent message; a moving head avoids O(n) removeFirst.
    private var head = 0

    init(limit: Int) {
        self.limit = limit
    }

    /// No message waiting.
    var isEmpty: Bool { head == messages.count }

    /// How many messages are waiting.
    var count: Int { messages.count - head }

    /// Sends `frames` now if nothing is waiting and the socket takes it; otherwise queues it
    /// behind the waiting ones. Hard errors and overflow are reported to `handler` and drop it.
    mutating func send<Handler: ZMQSocketHandler>(
        _ frames: [[UInt8]], on socket: borrowing ZMQSocket, handler: Handler
    ) {
        if isEmpty {
            do {
                if try socket.send(frames, dontWait: true) { return }
            } catch {
                handler.failed(error, on: socket)
                return
            }
        }
        guard count < limit else {
            handler.failed(
                ZMQError(
                    code: EAGAIN, operation: "ZMQSocketThread.send",
                    message: "message dropped: \(count) messages already wait for the peer"
                        + " (raise sendBacklogLimit or the high-water mark, or slow the producer)"),
                on: socket)
            return
        }
        messages.append(frames)
    }

    /// Sends waiting messages in order until the socket pushes back (`EAGAIN`).
    mutating func flush<Handler: ZMQSocketHandler>(on socket: borrowing ZMQSocket, handler: Handler) {
        while head < messages.count {
            do {
                guard try socket.send(messages[head], dontWait: true) else { break }
            } catch {
                handler.failed(error, on: socket)
            }
            messages[head] = []
            head += 1
        }
        if head == messages.count {
            messages.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1024 && head * 2 >= messages.count {
            // Reclaim the sent prefix once it dominates.
            messages.removeFirst(head)
            head = 0
        }
    }

    /// Forgets every waiting message and returns how many there were.
    mutating func dropAll() -> Int {
        let dropped = count
        messages.removeAll()
        head = 0
        return dropped
    }
}
