import Foundation
import Logging
import SearchSpace
import Synchronization

/// Waits out a device that stopped answering behind a `--runtime command` tool (a phone unplugged
/// from its host, a board rebooting), instead of failing every job sent while it is away.
///
/// After the tool fails on a job, it is run on the last network it measured. If that fails too, the
/// device is taken to be unreachable: the job is held, and the earlier network tried every
/// ``probeInterval``, for up to ``limit``. Once the device answers, the held job is measured again;
/// if it never does, the job is answered failed and later failures are answered at once, until a
/// measurement succeeds again. A failure on a network the device refuses while it still measures
/// the earlier one is the job's own, and is answered at once.
public final class UnreachableDeviceWait: Sendable {
    /// The longest a job is held for a device that does not answer.
    public let limit: Duration
    /// How often the earlier network is tried while the device is away.
    public let probeInterval: Duration
    private let logger: Logger?
    private let state = Mutex(State())

    private struct State {
        /// The last network the tool measured: what a probe runs.
        var lastGood: NetworkGraph?
        /// Set when a wait ran out: later failures are answered at once until a measurement succeeds.
        var gaveUp = false
        /// Set by ``stop()``: a wait under way ends.
        var stopped = false
    }

    /// Holds jobs for up to `limit` while the device is away, trying it every `probeInterval`.
    public init(limit: Duration, probeInterval: Duration = .seconds(10), logger: Logger? = nil) {
        self.limit = limit
        self.probeInterval = probeInterval
        self.logger = logger
    }

    /// The tool measured `graph`: the device answers.
    public func measured(_ graph: NetworkGraph) {
        state.withLock {
            $0.lastGood = graph
            $0.gaveUp = false
        }
    }

    /// Ends a wait under way (the worker is stopping); its job is then answered failed.
    public func stop() {
        state.withLock { $0.stopped = true }
    }

    /// True when the device was away and answers again, so the failed job is worth measuring again;
    /// false when the failure is the job's own (the earlier network still measures), when nothing
    /// was measured yet, or when the device stayed away. `probe` measures a network and says whether
    /// the tool succeeded. Blocks the calling thread (a worker's job thread) while it waits.
    public func deviceIsBack(job: String, error: String, probe: (NetworkGraph) -> Bool) -> Bool {
        guard limit > .zero, let good = state.withLock({ $0.lastGood }), !probe(good) else { return false }
        guard !state.withLock({ $0.gaveUp }) else { return false }
        logger?.warning(
            "the tool also failed on a network it measured before, so the device seems unreachable; holding the job and trying that network again (--device-wait)",
            metadata: ["job": "\(job)", "error": "\(error)", "every_s": "\(Self.seconds(probeInterval))", "for_s": "\(Self.seconds(limit))"])
        let clock = ContinuousClock()
        let started = clock.now
        while clock.now - started < limit {
            let pauseUntil = min(clock.now + probeInterval, started + limit)
            while clock.now < pauseUntil {
                if state.withLock({ $0.stopped }) { return false }
                Thread.sleep(forTimeInterval: 0.1)
            }
            if probe(good) {
                logger?.notice(
                    "the device answers again; measuring the job again",
                    metadata: ["job": "\(job)", "away_s": "\(Self.seconds(clock.now - started))"])
                return true
            }
        }
        state.withLock { $0.gaveUp = true }
        logger?.warning(
            "the device did not answer; answering its jobs failed until a measurement succeeds again",
            metadata: ["job": "\(job)", "waited_s": "\(Self.seconds(limit))"])
        return false
    }

    private static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.0f", Double(seconds) + Double(attoseconds) / 1e18)
    }
}
