import Fleet
import Foundation
import ServiceLifecycle

/// Runs a ``FleetWorker`` as a service: a graceful shutdown (SIGTERM/SIGINT) says bye first.
/// Started by `hsconas search`, it also stops when its parent process is gone.
struct WorkerService: Service {
    let worker: FleetWorker
    let parentPid: Int32?

    func run() async throws {
        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await worker.run() }
                if let parentPid {
                    group.addTask {
                        // Orphaned workers of a killed `hsconas search` must not linger.
                        while getppid() == parentPid {
                            try await Task.sleep(for: .milliseconds(250))
                        }
                        worker.stop()
                    }
                }
                try await group.next()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            worker.stop()
        }
    }
}
