import Foundation
import Logging
import ZeroMQ

/// The worker's protocol state machine, confined to its DEALER socket's thread: registration,
/// heartbeats both ways, and job intake. Jobs run inline when the executor allows it, else on
/// a separate queue whose answers come back through the socket thread.
final class WorkerCore: ZMQSocketHandler {
    /// While a staying worker waits for the next coordinator, it says hello once per this many
    /// heartbeats, and after ``waitingHellosBeforeBackOff`` of them once per
    /// ``waitingHelloHeartbeatsLater``: every hello stays queued on the socket until a coordinator
    /// connects, so more of them only add welcomes for it to send.
    static let waitingHelloHeartbeats = 5
    static let waitingHellosBeforeBackOff = 3
    static let waitingHelloHeartbeatsLater = 60

    private let hello: Hello
    private let executor: any JobExecutor
    private let outbox: WorkerOutbox
    private let log: Logger
    private let stays: Bool
    private let jobQueue = DispatchQueue(label: "hsconas.worker.jobs")
    private var heartbeat: Duration
    private var registered = false
    private var lastHeard: ContinuousClock.Instant = .now
    private var lastSent: ContinuousClock.Instant?
    private var sequence = 0
    private var unansweredHellos = 0
    /// A staying worker between a coordinator's final bye and the next coordinator's welcome.
    private var waitingForCoordinator = false

    init(hello: Hello, executor: any JobExecutor, heartbeatMs: Int, stays: Bool, outbox: WorkerOutbox, logger: Logger) {
        self.hello = hello
        self.executor = executor
        self.heartbeat = .milliseconds(heartbeatMs)
        self.stays = stays
        self.outbox = outbox
        self.log = logger
    }

    func received(_ frames: [[UInt8]], on socket: borrowing ZMQSocket) {
        guard frames.count == 1 else {
            log.warning("dropped a message with \(frames.count) frames from the coordinator (expected 1)")
            return
        }
        let envelope: Envelope
        do {
            envelope = try Envelope.decode(frames[0])
        } catch {
            log.warning("dropped a malformed message from the coordinator", metadata: ["reason": "\(error.message)"])
            return
        }
        lastHeard = .now
        switch envelope.message {
        case .welcome(let welcome):
            // Stale hellos queued while no coordinator listened are each welcomed; say so once.
            if !registered {
                log.info("registered", metadata: ["coordinator": "\(welcome.coordinatorID)", "worker": "\(hello.workerID)"])
            }
            registered = true
            waitingForCoordinator = false
            unansweredHellos = 0
            heartbeat = .milliseconds(max(10, welcome.heartbeatMs))
        case .job(let job):
            run(job, on: socket)
        case .heartbeat:
            break
        case .bye(let bye) where bye.reconnect:
            // Several of these may be queued (one per message it did not know us by); the next
            // tick sends one hello, not one per bye.
            if registered { log.info("coordinator asks to register again", metadata: ["reason": "\(bye.reason)"]) }
            registered = false
        case .bye(let bye) where stays:
            log.info(
                "coordinator said bye; staying for the next coordinator at the same address (--stay)",
                metadata: ["reason": "\(bye.reason)"])
            registered = false
            waitingForCoordinator = true
            unansweredHellos = 0
            outbox.coordinatorSaidFinalBye()
            executor.coordinatorLeft()
            // The coordinator is closing its socket: the first hello waits a full waiting interval.
            lastSent = .now
        case .bye(let bye):
            log.info("coordinator said bye", metadata: ["reason": "\(bye.reason)"])
            registered = false
            outbox.coordinatorLeft()
            executor.coordinatorLeft()
        case .hello, .result, .failed:
            log.warning("dropped a '\(envelope.message.type)' message: only workers send those")
        }
    }

    func tick(now: ContinuousClock.Instant, on socket: borrowing ZMQSocket) {
        if registered, now - lastHeard > heartbeat * 3 {
            // The coordinator went quiet: it may have restarted, so introduce ourselves again.
            log.warning("coordinator silent for 3 heartbeats; registering again")
            registered = false
        }
        let interval =
            !waitingForCoordinator
            ? heartbeat
            : heartbeat * (unansweredHellos < Self.waitingHellosBeforeBackOff ? Self.waitingHelloHeartbeats : Self.waitingHelloHeartbeatsLater)
        guard lastSent.map({ now - $0 >= interval }) ?? true else { return }
        if !registered {
            unansweredHellos += 1
            // Say so now and then, so a worker pointed at the wrong address is not silently stuck;
            // a staying worker waiting for the next search is where it should be.
            if unansweredHellos % 10 == 0, !waitingForCoordinator {
                log.warning("no welcome from the coordinator yet; still trying", metadata: ["hellos": "\(unansweredHellos)"])
            }
        }
        send(registered ? .heartbeat : .hello(hello), on: socket)
    }

    func failed(_ error: ZMQError, on socket: borrowing ZMQSocket) {
        log.error("worker socket error", metadata: ["error": "\(error)"])
    }

    func stopping(on socket: borrowing ZMQSocket) {
        send(.bye(Bye(reason: "worker stopping")), on: socket)
    }

    private func run(_ job: JobSpec, on socket: borrowing ZMQSocket) {
        if executor.runsInline {
            send(Self.answer(executor.execute(job)), id: job.jobID, on: socket)
            return
        }
        let executor = executor
        let outbox = outbox
        let log = log
        let coordinator = outbox.coordinatorsLeft
        jobQueue.async {
            // A job still queued when its coordinator said its final bye is not worth running.
            guard outbox.coordinatorsLeft == coordinator else {
                log.info("dropped a job of a coordinator that said bye before it started", metadata: ["job": "\(job.jobID)"])
                return
            }
            let answer = Self.answer(executor.execute(job))
            outbox.answer(Envelope(id: job.jobID, message: answer), forCoordinator: coordinator)
        }
    }

    /// Sends an answer computed off the socket thread, unless its coordinator has since said its
    /// final bye (a staying worker then serves another one, which may reuse the job's id).
    func deliver(_ envelope: Envelope, forCoordinator coordinator: Int, on socket: borrowing ZMQSocket) {
        guard coordinator == outbox.coordinatorsLeft else {
            log.info("dropped the answer to a job of a coordinator that said bye", metadata: ["job": "\(envelope.id)"])
            return
        }
        do {
            // The send high-water mark is unlimited, so a connected or reconnecting DEALER queues it.
            if try !socket.send([envelope.encoded()], dontWait: true) {
                log.warning("the socket refused an answer; the coordinator will lease the job again", metadata: ["job": "\(envelope.id)"])
            }
        } catch {
            log.warning("send failed", metadata: ["type": "\(envelope.message.type)", "error": "\(error)"])
        }
    }

    private static func answer(_ outcome: Result<JobResult, JobFailure>) -> Message {
        switch outcome {
        case .success(let result): .result(result)
        case .failure(let failure): .failed(failure)
        }
    }

    private func send(_ message: Message, id: String? = nil, on socket: borrowing ZMQSocket) {
        sequence += 1
        let frame = Envelope(id: id ?? String(sequence), message: message).encoded()
        do {
            _ = try socket.send([frame], dontWait: true)
            lastSent = .now
        } catch {
            log.warning("send failed", metadata: ["type": "\(message.type)", "error": "\(error)"])
        }
    }
}
