import Fleet
import Foundation

/// Reads a coordinator's events in a test, with timeouts.
actor EventCollector {
    private var events: [FleetEvent] = []
    private var task: Task<Void, Never>?

    init(_ stream: AsyncStream<FleetEvent>) {
        task = nil
        Task { await self.start(stream) }
    }

    private func start(_ stream: AsyncStream<FleetEvent>) {
        task = Task {
            for await event in stream { self.append(event) }
        }
    }

    private func append(_ event: FleetEvent) { events.append(event) }

    var all: [FleetEvent] { events }

    /// Waits until `count` events satisfy `predicate`; returns them.
    func wait(
        for count: Int = 1, timeout: Duration = .seconds(45), _ predicate: @Sendable (FleetEvent) -> Bool
    ) async throws -> [FleetEvent] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let matching = events.filter(predicate)
            if matching.count >= count { return matching }
            try await Task.sleep(for: .milliseconds(5))
        }
        // One last look: on a starved test pool the sleep itself may outlast the deadline.
        let matching = events.filter(predicate)
        if matching.count >= count { return matching }
        throw CollectorTimeout(description: "waited \(timeout) for \(count) matching events; have \(events)")
    }

    struct CollectorTimeout: Error, CustomStringConvertible {
        var description: String
    }
}
