import Fleet
import Foundation
import Logging
import Orchestrator
import SearchSpace
import ZeroMQ

/// `hsconas bench fleet`: trivial jobs per second through a coordinator and worker processes
/// over tcp loopback, next to libzmq's raw pipelined ROUTER/DEALER round-trip rate measured
/// in the same run.
public enum FleetBenchmark {
    /// What `hsconas bench fleet` measured, per repetition, and the run's shape.
    public struct Figures: Sendable {
        /// Jobs per second of each repetition.
        public var jobsPerSecond: [Double]
        /// Raw round trips per second of each repetition.
        public var rawRoundTripsPerSecond: [Double]
        /// Accuracy jobs per repetition (also the raw round trips per repetition).
        public var jobs: Int
        /// Worker processes started.
        public var workers: Int

        /// The median of ``jobsPerSecond`` (NaN with no repetitions).
        public var medianJobsPerSecond: Double { Self.median(jobsPerSecond) }
        /// The median of ``rawRoundTripsPerSecond`` (NaN with no repetitions).
        public var medianRawRoundTripsPerSecond: Double { Self.median(rawRoundTripsPerSecond) }

        static func median(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            guard !sorted.isEmpty else { return .nan }
            return sorted.count % 2 == 1
                ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
    }

    /// Runs `repetitions` rounds of `jobs` accuracy look-ups through `workers` worker processes.
    public static func run(
        jobs: Int, workers: Int, repetitions: Int, capacity: Int, executable: URL, logger: Logger,
        report: (String) -> Void
    ) async throws -> Figures {
        let context = try ZMQContext()
        let coordinator = try FleetCoordinator(
            context: context, bind: "tcp://127.0.0.1:*", settings: CoordinatorSettings(coordinatorID: "bench"),
            logger: logger)
        return try await LocalFleet.run(coordinator: coordinator, logger: logger) { processes in
            try await measure(
                coordinator: coordinator, processes: processes, jobs: jobs, workers: workers, repetitions: repetitions,
                capacity: capacity, executable: executable, report: report)
        }
    }

    private static func measure(
        coordinator: FleetCoordinator, processes: LocalWorkerProcesses, jobs: Int, workers: Int, repetitions: Int,
        capacity: Int, executable: URL, report: (String) -> Void
    ) async throws -> Figures {
        let logs = FileManager.default.temporaryDirectory.appendingPathComponent("hsconas-bench-fleet-\(getpid())")
        try processes.start(
            (0..<workers).map { LocalWorkerSpec(name: "bench-\($0 + 1)", device: nil, kinds: ["accuracy"], capacity: capacity) },
            executable: executable, coordinator: coordinator.endpoint, heartbeatMs: 1000, simulatedDelayMs: 0,
            logDirectory: logs)
        var events = coordinator.events.makeAsyncIterator()
        var online = 0
        while online < workers, let event = await events.next() {
            if case .workerJoined = event { online += 1 }
        }
        report("\(online) workers online")

        let space = NB201Space()
        let names = (0..<NB201Space.cellCount).map { space.format(NB201Space.architecture(code: $0)) }
        var figures = Figures(jobsPerSecond: [], rawRoundTripsPerSecond: [], jobs: jobs, workers: workers)
        for repetition in 0..<repetitions {
            let raw = try ZMQRoundTripBenchmark.measure(roundTrips: jobs, window: 1000)
            figures.rawRoundTripsPerSecond.append(raw)
            let specs = (0..<jobs).map { index in
                JobSpec(
                    jobID: "r\(repetition)-\(index)", kind: .accuracy, space: space.name,
                    architecture: names[index % names.count], settings: ["dataset": "cifar10"])
            }
            let start = ContinuousClock.now
            coordinator.submit(specs)
            var done = 0
            while done < jobs, let event = await events.next() {
                switch event {
                case .completed, .failed: done += 1
                case .workerJoined, .workerLeft, .jobRequeued: continue
                }
            }
            let rate = Double(done) / (ContinuousClock.now - start).seconds
            figures.jobsPerSecond.append(rate)
            report(
                "repetition \(repetition + 1): \(Int(rate)) jobs/s through the fleet, \(Int(raw)) raw round trips/s")
        }
        return figures
    }
}
