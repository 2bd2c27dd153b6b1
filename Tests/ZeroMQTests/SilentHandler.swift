import ZeroMQ

/// A handler for sockets whose incoming traffic a test does not care about; it keeps a log that
/// only the loop thread touches, so posts can prove they run confined and in order.
final class SilentHandler: ZMQSocketHandler {
    private(set) var log: [(sender: Int, index: Int)] = []
    private(set) var received = 0

    func received(_ frames: [[UInt8]], on socket: borrowing ZMQSocket) {
        received += 1
    }

    func record(sender: Int, index: Int) {
        log.append((sender, index))
    }
}
