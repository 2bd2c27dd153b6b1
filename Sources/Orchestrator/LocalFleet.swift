import Fleet
import Logging

/// A coordinator together with the worker processes started for it on this machine, stopped
/// together however the work with them ends — the one shutdown path of `hsconas search`,
/// `coordinator`, `profile` and the fleet benchmarks.
public enum LocalFleet {
    /// Runs `work` with `coordinator` and an empty set of local worker processes (`work` starts
    /// what it needs), then stops both, whether `work` returned, threw or was cancelled (SIGTERM):
    /// the coordinator first says `bye` to every connected worker — remote ones included, which
    /// then exit instead of waiting out their heartbeat timeout — and closes its socket; local
    /// workers still running are then asked to stop (SIGTERM) and killed after
    /// ``LocalWorkerProcesses/stopGrace``.
    public static func run<Result>(
        coordinator: FleetCoordinator, logger: Logger, _ work: (LocalWorkerProcesses) async throws -> Result
    ) async throws -> Result {
        let workers = LocalWorkerProcesses(logger: logger)
        let result: Result
        do {
            result = try await work(workers)
        } catch {
            await stop(coordinator, workers)
            throw error
        }
        await stop(coordinator, workers)
        return result
    }

    private static func stop(_ coordinator: FleetCoordinator, _ workers: LocalWorkerProcesses) async {
        await coordinator.shutdown()
        await workers.terminate()
    }
}
