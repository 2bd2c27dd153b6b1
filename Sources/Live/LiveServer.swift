import Fleet
import Foundation
import Hummingbird
import Logging
import Report
import ServiceLifecycle
import Store
import Synchronization

/// The live page of a running search: `/` (HTML), `/api/status` (JSON) and `/metrics`
/// (Prometheus text format), served by Hummingbird.
///
/// Read-only and detached from the search: once a second a refresher reads the coordinator's
/// published snapshot and the store (through its own read-only connection) and renders all three
/// answers; requests only copy the rendered bytes. Unknown paths get 404, other methods than GET
/// and HEAD on known paths 405.
public final class LiveServer: Sendable {
    private struct Source: Sendable {
        var coordinator: FleetCoordinator
        var store: String
        var finished = false
    }

    /// Paths the server answers.
    static let paths: Set<String> = ["/", "/api/status", "/metrics"]

    /// Where to listen, as the user named it; with port 0, ``start()`` returns the port bound.
    public let address: HTTPAddress
    private let logger: Logger
    private let board = LiveBoard()
    private let source = Mutex<Source?>(nil)
    /// The server's task, the refresher's, and the service group the server runs in (stopped gracefully).
    private let running = Mutex<(server: Task<Void, Never>, refresher: Task<Void, Never>, group: ServiceGroup)?>(nil)
    /// The registry and the running totals that turn snapshots into counter increments.
    private let metrics = Mutex(LiveMetrics())

    /// A server for `address`, not yet listening and showing no search.
    public init(address: HTTPAddress, logger: Logger) {
        self.address = address
        self.logger = logger
    }

    /// Starts listening and returns the port actually bound; throws, naming the address, when it cannot.
    public func start() async throws(LiveError) -> Int {
        let router = Router()
        router.add(middleware: MethodGuard(paths: Self.paths))
        let board = self.board
        router.get("/") { _, _ in
            Self.response(board.get().page, type: "text/html; charset=utf-8")
        }
        router.get("/api/status") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: board.get().status)))
        }
        router.get("/metrics") { _, _ in
            Self.response(board.get().metrics, type: "text/plain; version=0.0.4; charset=utf-8")
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let failure = Mutex<String?>(nil)
        let app = Application(
            router: router, configuration: .init(address: .hostname(address.host, port: address.port)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
            }, logger: logger)
        // In a group of its own, without signal handlers (the command has its own): stop() ends it
        // gracefully, where cancelling it would log errors from deep inside the server.
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [app], logger: logger))
        let server = Task {
            do {
                try await group.run()
            } catch {
                failure.withLock { $0 = "\(error)" }
            }
            continuation.finish()
        }
        let refresher = Task { [self] in
            while !Task.isCancelled {
                refresh()
                try? await Task.sleep(for: .seconds(1))
            }
        }
        running.withLock { $0 = (server, refresher, group) }
        for await port in ports { return port }
        let reason = failure.withLock { $0 } ?? "the server stopped"
        throw LiveError("--http \(address.host):\(address.port): cannot listen: \(reason)")
    }

    private static func response(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// Shows this search from now on.
    public func attach(coordinator: FleetCoordinator, store: String) {
        source.withLock { $0 = Source(coordinator: coordinator, store: store) }
        refresh()
    }

    /// Marks the search finished and renders its final figures.
    public func finish() {
        source.withLock { $0?.finished = true }
        refresh()
    }

    /// Stops serving: open connections end after their current request. A client that holds one
    /// open for longer than `grace` is cut off.
    public func stop(grace: Duration = .seconds(2)) async {
        guard let (server, refresher, group) = running.withLock({ $0 }) else { return }
        refresher.cancel()
        await group.triggerGracefulShutdown()
        let cutOff = Task {
            try? await Task.sleep(for: grace)
            if !Task.isCancelled { server.cancel() }
        }
        await server.value
        cutOff.cancel()
        await refresher.value
    }

    /// Renders the three answers from the coordinator's snapshot and the store.
    func refresh() {
        guard let source = source.withLock({ $0 }) else { return }
        let fleet = source.coordinator.snapshot
        var contents: RunContents?
        var digest: RunDigest?
        var problem: String?
        do {
            contents = try StoreInspection.contents(at: source.store)
            if let contents { digest = try RunDigest(contents: contents) }
        } catch {
            problem = "\(error)"
        }
        let formatter = ISO8601DateFormatter()
        let status = LiveStatus(
            run: digest?.name ?? contents?.run?.name, store: source.store, finished: source.finished,
            updatedAt: formatter.string(from: Date()), workersOnline: fleet.workersOnline, workers: fleet.workers,
            jobsQueued: fleet.pending, jobsInFlight: fleet.inFlight, jobsCompleted: fleet.completed, jobsFailed: fleet.failed,
            jobs: fleet.jobs.mapValues { devices in
                Dictionary(uniqueKeysWithValues: devices.map { ($0.key.isEmpty ? "any" : $0.key, $0.value) })
            },
            workerDeaths: fleet.deaths, workerDepartures: fleet.departures, evaluations: digest?.evaluations ?? 0,
            budget: digest?.budget,
            best: digest.flatMap { digest in
                guard let architecture = digest.bestArchitecture, let value = digest.bestValue else { return nil }
                return LiveStatus.Best(
                    architecture: architecture, metric: digest.selectionMetric, value: value, source: digest.bestSource ?? "")
            },
            fronts: digest?.fronts ?? [:], storeProblem: contents == nil ? problem : nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = (try? encoder.encode(status)).map(Array.init) ?? Array("{}".utf8)
        let text = metrics.withLock { metrics in
            metrics.update(fleet: fleet, contents: contents, best: digest?.bestValue, metric: digest?.selectionMetric)
            return metrics.text()
        }
        board.set(LiveBoard.Rendered(status: json, page: LivePage.html(status), metrics: text))
    }
}
