import ZeroMQ

/// One raw DEALER socket of a ``FleetFuzzer``; a class so several can live in an array (a
/// socket itself is noncopyable). Used on the fuzzer's thread only.
final class FuzzPeer {
    let socket: ZMQSocket

    init(_ socket: consuming ZMQSocket) {
        self.socket = socket
    }

    /// Reads every queued answer; returns how many there were.
    func drain() throws(ZMQError) -> Int {
        var count = 0
        while try socket.receive(dontWait: true) != nil { count += 1 }
        return count
    }
}
