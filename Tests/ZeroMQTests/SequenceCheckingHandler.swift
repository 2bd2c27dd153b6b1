import ZeroMQ

/// ROUTER handler for messages `[id, [sender], seq(UInt32 LE)]`: counts them per sender, checks
/// each sender's sequence arrives in order, and reports a summary when `[id, [255]]` arrives.
final class SequenceCheckingHandler: ZMQSocketHandler {
    struct Summary: Sendable {
        var perSender: [Int: Int] = [:]
        var outOfOrder = 0
        var malformed = 0
        var total: Int { perSender.values.reduce(0, +) }
    }

    static let endMarker: [UInt8] = [255]
    private var summary = Summary()
    private let report: AsyncStream<Summary>.Continuation

    init(report: AsyncStream<Summary>.Continuation) {
        self.report = report
    }

    func received(_ frames: [[UInt8]], on socket: borrowing ZMQSocket) {
        if frames.count == 2 && frames[1] == Self.endMarker {
            report.yield(summary)
            return
        }
        guard frames.count == 3, frames[1].count == 1, frames[2].count == 4 else {
            summary.malformed += 1
            return
        }
        let sender = Int(frames[1][0])
        let sequence = frames[2].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        let expected = summary.perSender[sender, default: 0]
        if sequence != expected { summary.outOfOrder += 1 }
        summary.perSender[sender] = expected + 1
    }

    static func message(sender: UInt8, sequence: Int) -> [[UInt8]] {
        let value = UInt32(sequence)
        return [[sender], (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }]
    }
}
