import DequeModule
import Foundation
import Logging
import ZeroMQ

/// The coordinator's state machine: registry, queues, leases and heartbeats.
///
/// It lives on the ROUTER socket's own thread (a `ZMQSocketHandler`), so it needs no locks:
/// every incoming frame, every submitted job and every timer tick runs here, one at a time.
/// What the rest of the process needs to know leaves through `events` and `snapshot`.
final class CoordinatorCore: ZMQSocketHandler {
    private let settings: CoordinatorSettings
    private let events: AsyncStream<FleetEvent>.Continuation
    private let snapshot: SnapshotCell
    private let log: Logger
    /// Builds the model shipped to workers that take models instead of building networks.
    private let models: (any ModelShipping)?
    /// Models built for jobs still open, so a re-lease does not wait for another export.
    private var shipped: [String: ShippedModel] = [:]
    /// Runs work on this core's socket thread; set by ``FleetCoordinator`` once the thread exists.
    /// Models are exported off the thread (a spos export takes tens of ms, seconds in a debug
    /// build) and handed back through it, so heartbeats never wait for an export.
    var repost: (@Sendable (@escaping @Sendable (CoordinatorCore, borrowing ZMQSocket) -> Void) -> Void)?

    private var workers: [[UInt8]: WorkerRecord] = [:]
    /// Registration order, for round-robin dispatch of shared jobs.
    private var workerOrder: [[UInt8]] = []
    private var roundRobin = 0
    private var jobs: [String: JobState] = [:]
    private var pendingShared: Deque<String> = []
    private var pendingExclusive: [String: Deque<String>] = [:]
    private var finished: Set<String> = []
    private var counters = (completed: 0, failed: 0, dropped: 0, unregistered: 0)
    /// Jobs currently leased, kept as a count so publishing a snapshot stays O(1).
    private var leased = 0
    private var workersByDevice: [String: Int] = [:]
    /// Jobs by kind and device, and departures, for status pages and metrics.
    private var tallies: [String: [String: JobTally]] = [:]
    private var departures = (deaths: 0, other: 0)
    private var lastHeartbeat: ContinuousClock.Instant = .now
    private var sequence = 0
    /// Unregistered senders told to say hello during this heartbeat interval: one `bye` each per
    /// interval, so a flood from a stranger cannot make the coordinator queue replies without end.
    private var askedToRegister: Set<[UInt8]> = []
    /// "device/kind/space" triples already warned about: jobs of that kind waited for the device while
    /// none of its connected workers took them (a board started with `--kinds latency` on a spos search).
    private var warnedUntakenKinds: Set<String> = []
    /// Spaces whose accuracy jobs wait while no connected worker evaluates that space, since when
    /// (warned about once it lasts three heartbeats: say a table worker on a spos search).
    private var untakenAccuracySince: [String: ContinuousClock.Instant] = [:]
    /// Spaces already warned about by ``warnAboutUntakenAccuracySpaces(now:)``.
    private var warnedUntakenAccuracySpaces: Set<String> = []
    /// Warnings about bad traffic still allowed in this heartbeat interval, and how many were
    /// held back: every drop is counted, but a flood must not turn into a flood of log lines.
    private var warningBudget = CoordinatorCore.warningsPerInterval
    private var suppressedWarnings = 0
    private static let warningsPerInterval = 50
    /// Latency and profile jobs held far longer than their device's usual, told in the log once per lease.
    private var longHeld = LongHeldJobWatch()
    /// Milliseconds between consecutive messages of a worker, with `recordsLivenessGaps` only.
    private(set) var livenessGaps: [Double] = []

    private var heartbeat: Duration { .milliseconds(settings.heartbeatMs) }
    private var deadAfter: Duration { heartbeat * settings.missedHeartbeats }

    init(
        settings: CoordinatorSettings, events: AsyncStream<FleetEvent>.Continuation,
        snapshot: SnapshotCell, logger: Logger, models: (any ModelShipping)? = nil
    ) {
        self.models = models
        self.settings = settings
        self.events = events
        self.snapshot = snapshot
        self.log = logger
    }

    // MARK: Socket events

    func received(_ frames: [[UInt8]], on socket: borrowing ZMQSocket) {
        guard frames.count == 2 else {
            drop("expected 2 frames [identity, envelope], got \(frames.count)", identity: frames.first)
            return
        }
        let identity = frames[0]
        let envelope: Envelope
        do {
            envelope = try Envelope.decode(frames[1])
        } catch {
            drop(error.message, identity: identity)
            return
        }
        let now = ContinuousClock.now
        switch envelope.message {
        case .hello(let hello):
            register(hello, identity: identity, now: now, on: socket)
        case .heartbeat:
            guard touch(identity, now: now, on: socket) else { return }
        case .result(let result):
            guard touch(identity, now: now, on: socket) else { return }
            complete(result, from: identity)
        case .failed(let failure):
            guard touch(identity, now: now, on: socket) else { return }
            fail(failure, from: identity)
        case .bye(let bye):
            if let worker = workers[identity] {
                remove(worker, reason: "said bye: \(bye.reason)", countsAsAttempt: false)
            }
        case .welcome, .job:
            drop("'\(envelope.message.type)' is a coordinator-to-worker message", identity: identity)
        }
        dispatch(on: socket)
    }

    func tick(now: ContinuousClock.Instant, on socket: borrowing ZMQSocket) {
        guard now - lastHeartbeat >= heartbeat else { return }
        lastHeartbeat = now
        askedToRegister.removeAll(keepingCapacity: true)
        if suppressedWarnings > 0 {
            log.warning(
                "more bad messages were dropped than logged",
                metadata: ["not_logged": "\(suppressedWarnings)", "dropped_total": "\(counters.dropped)"])
            suppressedWarnings = 0
        }
        warningBudget = Self.warningsPerInterval
        for worker in workers.values where now - worker.lastSeen > deadAfter {
            remove(worker, reason: "missed \(settings.missedHeartbeats) heartbeats", countsAsAttempt: true)
        }
        expireLeases(now: now)
        tellLongHeldJobs(now: now)
        warnAboutUntakenAccuracySpaces(now: now)
        for identity in workerOrder {
            send(.heartbeat, to: identity, on: socket)
        }
        dispatch(on: socket)
        publish()
    }

    /// A job held longer than its deadline goes back to the queue as a failed attempt; the
    /// worker stays busy with it (its late answer will be ignored) so a measurement never overlaps.
    private func expireLeases(now: ContinuousClock.Instant) {
        for (jobID, job) in jobs where job.spec.deadlineMs > 0 {
            guard let lease = job.lease, now - lease.since > .milliseconds(job.spec.deadlineMs),
                var worker = workers[lease.identity]
            else { continue }
            if worker.exclusiveJob == jobID { worker.exclusiveJob = nil }
            worker.sharedJobs.remove(jobID)
            worker.expiredJobs.insert(jobID)
            workers[lease.identity] = worker
            leased -= 1
            var expired = job
            expired.lease = nil
            expired.attempts += 1
            expired.errors.append("\(lease.workerID): no answer within \(job.spec.deadlineMs) ms")
            log.warning("lease expired", metadata: ["job": "\(jobID)", "worker": "\(lease.workerID)", "attempt": "\(expired.attempts)"])
            if expired.attempts >= settings.maxAttempts {
                finishFailed(expired, error: expired.errors.joined(separator: "; "))
            } else {
                jobs[jobID] = expired
                requeue(expired.spec)
                emit(.jobRequeued(
                    expired.spec, workerID: lease.workerID, reason: "lease expired after \(job.spec.deadlineMs) ms",
                    attempt: expired.attempts))
            }
        }
    }

    /// Says once per lease when a worker has held a latency or profile job far longer than its
    /// device's jobs of the kind usually take (see ``LongHeldJobWatch``): the search only waits
    /// then, and the log says for what.
    private func tellLongHeldJobs(now: ContinuousClock.Instant) {
        longHeld.forget { jobID, since in jobs[jobID]?.lease?.since == since }
        for identity in workerOrder {
            guard let worker = workers[identity], let jobID = worker.exclusiveJob, let job = jobs[jobID],
                let lease = job.lease
            else { continue }
            let device = worker.hello.device
            let kind = job.spec.kind
            let held = now - lease.since
            guard held >= longHeld.limit(for: job.spec, floor: heartbeat * 5), longHeld.tell(jobID, leasedAt: lease.since)
            else { continue }
            let usual = longHeld.usual(for: job.spec).map {
                "while its \(kind.rawValue) jobs usually take \(Self.seconds($0)) s"
            } ?? "and fewer than \(LongHeldJobWatch.enough) of its \(kind.rawValue) jobs have been answered yet"
            log.warning(
                "worker \(worker.workerID) has held a \(kind.rawValue) job for \(device) for \(Self.seconds(held)) s, \(usual); the search waits for it (the worker's log says why: e.g. it waits for its device to come back)",
                metadata: [
                    "job": "\(jobID)", "worker": "\(worker.workerID)", "device": "\(device)",
                    "architecture": "\(job.spec.architecture)",
                ])
        }
    }

    /// A duration in seconds for a log line: one decimal below a minute, whole seconds above.
    private static func seconds(_ duration: Duration) -> String {
        String(format: duration < .seconds(60) ? "%.1f" : "%.0f", duration.seconds)
    }

    func failed(_ error: ZMQError, on socket: borrowing ZMQSocket) {
        log.error("coordinator socket error", metadata: ["error": "\(error)"])
    }

    /// Events gathered since the last drain; handed over in one burst so the consumer wakes
    /// once per batch of messages, not once per result.
    private var outbox: [FleetEvent] = []

    private func emit(_ event: FleetEvent) {
        outbox.append(event)
    }

    func drained(on socket: borrowing ZMQSocket) {
        guard !outbox.isEmpty else { return }
        for event in outbox { events.yield(event) }
        outbox.removeAll(keepingCapacity: true)
    }

    func stopping(on socket: borrowing ZMQSocket) {
        log.info(
            "coordinator stopping",
            metadata: [
                "completed": "\(counters.completed)", "failed": "\(counters.failed)", "dropped_total": "\(counters.dropped)",
                "unregistered_total": "\(counters.unregistered)", "workers": "\(workers.count)",
            ])
        for identity in workerOrder {
            send(.bye(Bye(reason: "coordinator shutting down")), to: identity, on: socket)
        }
        drained(on: socket)
        publish()
        events.finish()
    }

    // MARK: Work from the driver

    /// Queues jobs; a job id already known (queued, leased or finished) is ignored.
    func submit(_ specs: [JobSpec], on socket: borrowing ZMQSocket) {
        for spec in specs where jobs[spec.jobID] == nil && !finished.contains(spec.jobID) {
            jobs[spec.jobID] = JobState(spec: spec)
            enqueue(spec)
        }
        dispatch(on: socket)
    }

    /// Counts a job going back to the queue, then queues it.
    private func requeue(_ spec: JobSpec) {
        tally(spec) { $0.requeued += 1 }
        enqueue(spec)
    }

    private func tally(_ spec: JobSpec, _ change: (inout JobTally) -> Void) {
        change(&tallies[spec.kind.rawValue, default: [:]][spec.device ?? "", default: JobTally()])
    }

    private func enqueue(_ spec: JobSpec) {
        switch spec.kind {
        case .accuracy:
            pendingShared.append(spec.jobID)
        case .latency, .profile:
            pendingExclusive[spec.device ?? "", default: []].append(spec.jobID)
        }
    }

    // MARK: Registry

    private func register(_ hello: Hello, identity: [UInt8], now: ContinuousClock.Instant, on socket: borrowing ZMQSocket) {
        if let previous = workers[identity], previous.workerID == hello.workerID {
            // A repeated hello on the same connection (it missed our welcome): welcome it again,
            // keeping its leases.
            workers[identity]?.lastSeen = now
            send(.welcome(Welcome(coordinatorID: settings.coordinatorID, heartbeatMs: settings.heartbeatMs)), to: identity, on: socket)
            return
        }
        if let previous = workers[identity] {
            // The same connection now speaks for another worker: the old one's leases are void.
            remove(previous, reason: "replaced by worker \(hello.workerID)", countsAsAttempt: false)
        }
        workers[identity] = WorkerRecord(identity: identity, hello: hello, lastSeen: now)
        workerOrder.append(identity)
        workersByDevice[hello.device, default: 0] += 1
        log.info(
            "worker joined",
            metadata: [
                "worker": "\(hello.workerID)", "device": "\(hello.device)",
                "kinds": "\(hello.kinds.map(\.rawValue).joined(separator: ","))", "capacity": "\(hello.capacity)",
            ])
        send(.welcome(Welcome(coordinatorID: settings.coordinatorID, heartbeatMs: settings.heartbeatMs)), to: identity, on: socket)
        publish()
        emit(.workerJoined(hello))
    }

    /// Marks a worker alive; an unknown sender is told to register again.
    private func touch(_ identity: [UInt8], now: ContinuousClock.Instant, on socket: borrowing ZMQSocket) -> Bool {
        guard workers[identity] != nil else {
            counters.unregistered += 1
            guard askedToRegister.insert(identity).inserted else { return false }
            warn("message from an unregistered worker; asking it to say hello", metadata: ["identity": "\(describe(identity))"])
            send(.bye(Bye(reason: "not registered: send hello", reconnect: true)), to: identity, on: socket)
            return false
        }
        if settings.recordsLivenessGaps, let last = workers[identity]?.lastSeen {
            livenessGaps.append((now - last).seconds * 1000)
        }
        workers[identity]?.lastSeen = now
        return true
    }

    private func remove(_ worker: WorkerRecord, reason: String, countsAsAttempt: Bool) {
        workers[worker.identity] = nil
        workerOrder.removeAll { $0 == worker.identity }
        var requeued = 0
        workersByDevice[worker.hello.device, default: 1] -= 1
        if workersByDevice[worker.hello.device] == 0 { workersByDevice[worker.hello.device] = nil }
        for jobID in worker.leasedJobs {
            guard var job = jobs[jobID], job.lease?.identity == worker.identity else { continue }
            job.lease = nil
            leased -= 1
            if countsAsAttempt {
                job.attempts += 1
                job.errors.append("worker \(worker.workerID) \(reason)")
            }
            jobs[jobID] = job
            if job.attempts >= settings.maxAttempts {
                finishFailed(job, error: job.errors.joined(separator: "; "))
            } else {
                requeue(job.spec)
                requeued += 1
            }
        }
        if countsAsAttempt { departures.deaths += 1 } else { departures.other += 1 }
        log.warning(
            "worker left", metadata: ["worker": "\(worker.workerID)", "reason": "\(reason)", "requeued": "\(requeued)"])
        publish()
        emit(.workerLeft(workerID: worker.workerID, reason: reason, requeued: requeued))
    }

    // MARK: Results

    /// Takes a job back from the worker it was leased to; anything else is late or a duplicate.
    private func release(_ jobID: String, from identity: [UInt8], what: String) -> JobState? {
        // Read and mutate the stored record in place: a copy of it would make every mutation
        // copy its job sets.
        guard let workerID = workers[identity]?.workerID else { return nil }
        if workers[identity]?.expiredJobs.remove(jobID) != nil {
            log.info("ignoring \(what) for an expired lease", metadata: ["job": "\(jobID)", "worker": "\(workerID)"])
            return nil
        }
        guard let job = jobs[jobID], let lease = job.lease, lease.identity == identity else {
            warn("ignoring late or duplicate \(what)", metadata: ["job": "\(jobID)", "worker": "\(workerID)"], level: .info)
            return nil
        }
        if workers[identity]?.exclusiveJob == jobID {
            workers[identity]?.exclusiveJob = nil
        } else {
            workers[identity]?.sharedJobs.remove(jobID)
        }
        leased -= 1
        return job
    }

    private func complete(_ result: JobResult, from identity: [UInt8]) {
        guard let job = release(result.jobID, from: identity, what: "result"), let lease = job.lease else { return }
        jobs[result.jobID] = nil
        shipped[result.jobID] = nil
        finished.insert(result.jobID)
        counters.completed += 1
        tally(job.spec) { $0.answered += 1 }
        if job.spec.kind != .accuracy {
            let held = ContinuousClock.now - lease.since
            if longHeld.end(result.jobID, leasedAt: lease.since) {
                // At the level of the line that told it: whoever saw that one sees this.
                log.warning(
                    "the \(job.spec.kind.rawValue) job worker \(lease.workerID) held long was answered after \(Self.seconds(held)) s",
                    metadata: ["job": "\(result.jobID)", "worker": "\(lease.workerID)", "device": "\(job.spec.device ?? "")"])
            }
            // A wait for an unreachable device (--device-wait) is not how long the device's jobs take.
            longHeld.answered(job.spec, took: held - result.deviceWait(boundedBy: held))
        }
        emit(.completed(job.spec, result, worker: lease.workerID, startedAt: lease.startedAt, finishedAt: Date()))
    }

    private func fail(_ failure: JobFailure, from identity: [UInt8]) {
        guard var job = release(failure.jobID, from: identity, what: "failure"), let lease = job.lease else { return }
        job.lease = nil
        job.attempts += 1
        job.errors.append("\(lease.workerID): \(failure.error)")
        log.warning(
            "job failed on a worker",
            metadata: [
                "job": "\(failure.jobID)", "worker": "\(lease.workerID)", "attempt": "\(job.attempts)",
                "retryable": "\(failure.retryable)", "error": "\(failure.error)",
            ])
        if !failure.retryable || job.attempts >= settings.maxAttempts {
            finishFailed(job, error: job.errors.joined(separator: "; "))
        } else {
            jobs[failure.jobID] = job
            requeue(job.spec)
            emit(.jobRequeued(job.spec, workerID: lease.workerID, reason: "failed: \(failure.error)", attempt: job.attempts))
        }
    }

    private func finishFailed(_ job: JobState, error: String) {
        jobs[job.spec.jobID] = nil
        shipped[job.spec.jobID] = nil
        finished.insert(job.spec.jobID)
        counters.failed += 1
        tally(job.spec) { $0.failed += 1 }
        log.error("job failed for good", metadata: ["job": "\(job.spec.jobID)", "attempts": "\(job.attempts)", "error": "\(error)"])
        emit(.failed(job.spec, error: error, attempts: job.attempts))
    }

    // MARK: Dispatch

    private func dispatch(on socket: borrowing ZMQSocket) {
        // Latency and profile jobs: only to an idle worker of the same device, one at a time.
        for (device, queue) in pendingExclusive where !queue.isEmpty {
            var queue = queue
            for identity in workerOrder where !queue.isEmpty {
                let idle = workers[identity].map { $0.hello.device == device && $0.isIdle } ?? false
                guard idle, let jobID = firstLive(in: &queue), let spec = jobs[jobID]?.spec else { continue }
                guard workers[identity]?.takes(spec) == true else {
                    warnIfNobodyTakes(spec, device: device)
                    continue
                }
                queue.removeFirst()
                lease(jobID, to: identity, exclusive: true, on: socket)
            }
            pendingExclusive[device] = queue
        }
        // Accuracy jobs: any capable worker with room, round-robin.
        guard !pendingShared.isEmpty, !workerOrder.isEmpty else { return }
        var idleRounds = 0
        while !pendingShared.isEmpty, idleRounds < workerOrder.count {
            roundRobin = (roundRobin + 1) % workerOrder.count
            let identity = workerOrder[roundRobin]
            guard let worker = workers[identity], worker.hello.kinds.contains(.accuracy), worker.hasRoomForShared(),
                let jobID = nextLive(in: &pendingShared, takenBy: worker)
            else {
                idleRounds += 1
                continue
            }
            idleRounds = 0
            lease(jobID, to: identity, exclusive: false, on: socket)
        }
    }

    /// Warns once per device and kind when a job of that kind waits for the device and none of its
    /// connected workers takes it: otherwise the search would wait without a word.
    private func warnIfNobodyTakes(_ spec: JobSpec, device: String) {
        let kind = spec.kind
        let ofDevice = workers.values.filter { $0.hello.device == device }
        guard !ofDevice.contains(where: { $0.takes(spec) }),
            warnedUntakenKinds.insert("\(device)/\(kind.rawValue)/\(spec.space)").inserted
        else { return }
        if ofDevice.contains(where: { $0.hello.kinds.contains(kind) }) {
            let built = Set(ofDevice.flatMap(\.hello.spaces)).sorted().joined(separator: ", ")
            log.warning(
                "\(kind.rawValue) jobs of space \(spec.space) for device \(device) wait, and none of its connected workers builds that space (they build: \(built))",
                metadata: ["device": "\(device)", "kind": "\(kind.rawValue)", "space": "\(spec.space)"])
            return
        }
        log.warning(
            "\(kind.rawValue) jobs for device \(device) wait, and none of its connected workers takes them: start one with --kinds including \(kind.rawValue) (spos targets profile their operators: --kinds latency,profile)",
            metadata: ["device": "\(device)", "kind": "\(kind.rawValue)"])
    }

    /// Pops the first queued job that still waits and `worker` takes (its space may not be one the
    /// worker evaluates), dropping stale ids in front of the queue (failed or re-leased ids may linger).
    private func nextLive(in queue: inout Deque<String>, takenBy worker: WorkerRecord) -> String? {
        guard firstLive(in: &queue) != nil,
            let index = queue.firstIndex(where: { jobs[$0].map { $0.lease == nil && worker.takes($0.spec) } ?? false })
        else { return nil }
        return queue.remove(at: index)
    }

    /// Warns once per space whose accuracy jobs have waited a few heartbeats while workers that take
    /// accuracy jobs are connected but none evaluates that space: the search would wait without a word.
    private func warnAboutUntakenAccuracySpaces(now: ContinuousClock.Instant) {
        let evaluators = workers.values.filter { $0.hello.kinds.contains(.accuracy) }
        var waiting: Set<String> = []
        // With no evaluator connected, jobs simply wait for one (workers join one by one).
        if !evaluators.isEmpty {
            for jobID in pendingShared { if let job = jobs[jobID], job.lease == nil { waiting.insert(job.spec.space) } }
        }
        waiting = waiting.filter { space in
            !warnedUntakenAccuracySpaces.contains(space) && !evaluators.contains { $0.hello.takes(.accuracy, in: space) }
        }
        untakenAccuracySince = untakenAccuracySince.filter { waiting.contains($0.key) }
        for space in waiting.sorted() {
            let since = untakenAccuracySince[space] ?? now
            untakenAccuracySince[space] = since
            guard now - since >= heartbeat * 3 else { continue }
            warnedUntakenAccuracySpaces.insert(space)
            let evaluated = Set(evaluators.flatMap { $0.hello.accuracySpaces ?? $0.hello.spaces }).sorted()
            log.warning(
                "accuracy jobs of space \(space) wait, and no connected worker evaluates that space (they evaluate: \(evaluated.joined(separator: ", "))); start one that does, e.g. hsconas worker --kinds accuracy --evaluator proxy",
                metadata: ["space": "\(space)"])
        }
    }

    /// The first queued job that still waits, dropping stale ids in front of it.
    private func firstLive(in queue: inout Deque<String>) -> String? {
        while let jobID = queue.first {
            if let job = jobs[jobID], job.lease == nil { return jobID }
            queue.removeFirst()
        }
        return nil
    }

    private func lease(_ jobID: String, to identity: [UInt8], exclusive: Bool, on socket: borrowing ZMQSocket) {
        guard let worker = workers[identity], var spec = jobs[jobID]?.spec else { return }
        jobs[jobID]?.lease = JobState.Lease(identity: identity, workerID: worker.workerID, since: .now, startedAt: Date())
        leased += 1
        tally(spec) { $0.dispatched += 1 }
        if exclusive { workers[identity]?.exclusiveJob = jobID } else { workers[identity]?.sharedJobs.insert(jobID) }
        if spec.kind != .accuracy, let models, worker.hello.capabilities.contains(ShippedModel.capability) {
            // Only this worker's copy of the job carries the model.
            if let model = shipped[jobID] {
                spec.model = model
            } else {
                // Leased (the worker gets nothing else meanwhile); sent when the export is done.
                let request = spec
                guard let repost else { return deliver(jobID, to: identity, Result { try models.model(for: request) }, on: socket) }
                DispatchQueue.global(qos: .userInitiated).async {
                    let outcome = Result<ShippedModel, any Error> { try models.model(for: request) }
                    repost { core, socket in core.deliver(jobID, to: identity, outcome, on: socket) }
                }
                return
            }
        }
        send(.job(spec), id: jobID, to: identity, on: socket)
    }

    /// An export finished: the job goes to the worker still holding its lease (the model is kept
    /// for a re-lease otherwise); an export that failed fails the job for good with the reason.
    private func deliver(
        _ jobID: String, to identity: [UInt8], _ outcome: Result<ShippedModel, any Error>, on socket: borrowing ZMQSocket
    ) {
        guard let job = jobs[jobID] else { return }
        let holds = job.lease?.identity == identity
        switch outcome {
        case .success(let model):
            shipped[jobID] = model
            guard holds else { return }
            var spec = job.spec
            spec.model = model
            send(.job(spec), id: jobID, to: identity, on: socket)
        case .failure(let error):
            if holds { _ = release(jobID, from: identity, what: "model") }
            finishFailed(job, error: "cannot ship a model for \(job.spec.kind.rawValue) job \(jobID) (\(job.spec.architecture)): \(error)")
            dispatch(on: socket)
        }
    }

    // MARK: Plumbing

    private func send(_ message: Message, id: String? = nil, to identity: [UInt8], on socket: borrowing ZMQSocket) {
        let messageID: String
        if let id {
            messageID = id
        } else {
            sequence += 1
            messageID = String(sequence)
        }
        let frame = Envelope(id: messageID, message: message).encoded()
        do {
            _ = try socket.send([identity, frame], dontWait: true)
        } catch {
            log.warning("send failed", metadata: ["identity": "\(describe(identity))", "type": "\(message.type)", "error": "\(error)"])
        }
    }

    private func drop(_ reason: String, identity: [UInt8]?) {
        counters.dropped += 1
        // A reason may quote the offending value; a hostile one can be a megabyte long.
        let shown = reason.count > 300 ? String(reason.prefix(300)) + "… (\(reason.count) characters)" : reason
        warn("dropped a malformed message", metadata: ["from": "\(identity.map(describe) ?? "?")", "reason": "\(shown)"])
    }

    /// Logs a line about bad or stray traffic within this interval's budget; the rest are counted
    /// and summarised on the next heartbeat tick.
    private func warn(_ message: Logger.Message, metadata: Logger.Metadata, level: Logger.Level = .warning) {
        guard warningBudget > 0 else {
            suppressedWarnings += 1
            return
        }
        warningBudget -= 1
        log.log(level: level, message, metadata: metadata)
    }

    /// The worker id of a registered connection, else its routing identity in hex.
    private func describe(_ bytes: [UInt8]) -> String {
        workers[bytes]?.workerID ?? bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// Publishes the snapshot for other threads. Called on every tick and registry change, not
    /// per message: progress displays do not need more, and the hot path stays lock-free.
    private func publish() {
        let now = ContinuousClock.now
        let live = workerOrder.compactMap { identity in
            workers[identity].map { worker in
                let measuring = worker.exclusiveJob.flatMap { jobID in
                    jobs[jobID]?.lease.map { (jobID: jobID, since: $0.since) }
                }
                return WorkerStatus(
                    workerID: worker.workerID, device: worker.hello.device, kinds: worker.hello.kinds.map(\.rawValue),
                    capacity: worker.hello.capacity, secondsSinceSeen: (now - worker.lastSeen).seconds,
                    jobs: worker.leasedJobs.count, measuringSeconds: measuring.map { (now - $0.since).seconds },
                    measuringLong: measuring.map { longHeld.wasTold($0.jobID, leasedAt: $0.since) } ?? false,
                    jobsPastLease: worker.expiredJobs.count)
            }
        }
        let view = FleetSnapshot(
            workersOnline: workers.count, workersByDevice: workersByDevice, pending: jobs.count - leased,
            inFlight: leased, completed: counters.completed, failed: counters.failed, dropped: counters.dropped,
            unregistered: counters.unregistered, workers: live, jobs: tallies, deaths: departures.deaths,
            departures: departures.other)
        snapshot.set(view)
    }
}
