import Foundation

/// A long-lived thread pinned to chosen CPUs that runs submitted work one item at a time, so a
/// runtime builds and times its networks on the same pinned thread, with no hand-off between
/// CPUs inside a measurement. Async callers wait for the result without blocking.
public final class PinnedThread: @unchecked Sendable {
    // `condition` guards `jobs`, `stopping`, `pinAttempted` and `pinningError`.
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var stopping = false
    private var pinAttempted = false
    private var pinningError: MeasurementError?
    /// CPUs the thread pins itself to; if that fails, every ``run(_:)`` throws.
    public let cores: [Int]

    /// Starts the thread and waits until it has tried to pin itself; a pinning error surfaces on
    /// every ``run(_:)``, so no work ever runs unpinned.
    public init(cores: [Int], name: String = "hsconas-measure") {
        self.cores = cores
        let thread = Thread { [self] in loop() }
        thread.name = name
        thread.start()
        condition.lock()
        while !pinAttempted { condition.wait() }
        condition.unlock()
    }

    private func loop() {
        var failure: MeasurementError?
        do {
            try ThreadPinning.pinCurrentThread(to: cores)
        } catch {
            failure = error
        }
        condition.lock()
        pinningError = failure
        pinAttempted = true
        condition.broadcast()
        condition.unlock()
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            if jobs.isEmpty && stopping {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job()
        }
    }

    /// Runs `work` on the pinned thread and returns its result.
    public func run<Value: Sendable>(
        _ work: @escaping @Sendable () throws -> Value
    ) async throws -> Value {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
            condition.lock()
            defer { condition.unlock() }
            if let pinningError {
                continuation.resume(throwing: pinningError)
                return
            }
            guard !stopping else {
                continuation.resume(throwing: MeasurementError.runtimeFailed(runtime: "native", reason: "the measuring thread has stopped"))
                return
            }
            jobs.append {
                continuation.resume(with: Swift.Result { try work() })
            }
            condition.signal()
        }
    }

    /// Lets the thread finish queued work and exit. The thread keeps the object alive until then.
    public func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

}
