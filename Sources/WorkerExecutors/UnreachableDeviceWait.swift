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
/// if it never does, the job is answered failed, and so are later failures, at once, until a
/// measurement succeeds again. A failure on a network the device refuses while it still measures
/// the earlier one is the job's own, and is answered at once (it costs that one extra tool run).
/// Nothing is waited for before the first network is measured: there is nothing to try.
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
        /// Set when a wait ran its full limit: later failures are answered at once until a measurement succeeds.
        var gaveUp = false
        /// Set by ``stop()``: no wait goes on.
        var stopped = false
        /// Counts ``abandonHeldJob()`` calls: a wait that sees it change lets its job go.
        var abandoned = 0
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

    /// The job's coordinator said its final bye: a job held now is awaited by nobody, so the wait ends.
    public func abandonHeldJob() {
        state.withLock { $0.abandoned += 1 }
    }

    /// The worker is stopping: a wait under way ends, and none starts.
    public func stop() {
        state.withLock { $0.stopped = true }
    }

    /// True when the device was away and answers again, so the failed job is worth measuring again;
    /// false when waiting is off, when nothing was measured yet, when an earlier wait ran out, when
    /// the failure is the job's own (the earlier network still measures), or when the device stayed
    /// away. The hold ends early, and false is returned, when the job's lease runs out (`leaseLeft`:
    /// the coordinator then sends it again), its coordinator leaves, or the worker stops. `probe`
    /// measures a network and says whether the tool succeeded. Blocks the calling thread (a worker's
    /// job thread) while it waits.
    public func deviceIsBack(job: String, error: String, leaseLeft: Duration? = nil, probe: (NetworkGraph) -> Bool) -> Bool {
        let (lastGood, gaveUp, abandonedAtStart) = state.withLock { ($0.lastGood, $0.gaveUp, $0.abandoned) }
        guard limit > .zero, let good = lastGood, !gaveUp, !probe(good) else { return false }
        let hold = min(limit, leaseLeft ?? limit)
        logger?.warning(
            "the tool also failed on a network it measured before, so the device seems unreachable; holding the job and trying that network again (--device-wait)",
            metadata: ["job": "\(job)", "error": "\(error)", "every_s": "\(Self.seconds(probeInterval))", "for_s": "\(Self.seconds(hold))"])
        let clock = ContinuousClock()
        let started = clock.now
        func letGo() -> Bool { state.withLock { $0.stopped || $0.abandoned != abandonedAtStart } }
        while clock.now - started < hold {
            let pauseUntil = min(clock.now + probeInterval, started + hold)
            while clock.now < pauseUntil {
                if letGo() { return false }
                Thread.sleep(forTimeInterval: 0.05)
            }
            if letGo() { return false }
            if probe(good) {
                logger?.notice(
                    "the device answers again; measuring the job again",
                    metadata: ["job": "\(job)", "away_s": "\(Self.seconds(clock.now - started))"])
                return true
            }
        }
        if hold < limit {
            logger?.warning(
                "the job's lease ran out while the device was away; the coordinator sends it again",
                metadata: ["job": "\(job)", "waited_s": "\(Self.seconds(hold))"])
            return false
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
