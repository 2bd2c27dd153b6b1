import ArgumentParser
import Logging
import Orchestrator
import ServiceLifecycle

/// Runs the long commands under swift-service-lifecycle, so SIGTERM and SIGINT end them cleanly
/// instead of killing them: `worker` says `bye`; `search`, `coordinator` and `profile` stop their run
/// (see ``run(logger:howToContinue:_:)``).
enum GracefulShutdown {
    /// The exit status of a run stopped by SIGTERM or SIGINT: 130, the shell's status of an
    /// interrupted command (128 + SIGINT), for either signal.
    static let interruptedStatus: Int32 = 130

    /// A service group that runs `service` until it returns, with SIGTERM and SIGINT as its
    /// graceful shutdown.
    static func group(running service: some Service, logger: Logger) -> ServiceGroup {
        ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: service, successTerminationBehavior: .gracefullyShutdownGroup)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
    }

    /// Runs `work` (a search, a coordinator, a profile) to its end, or until SIGTERM or SIGINT.
    /// A signal cancels `work`: its run sends no new job, the coordinator says `bye` to every
    /// worker, local worker processes are stopped and the store is closed with every answer so
    /// far (``LocalFleet``, ``RunInterrupted``). The command then prints that it was interrupted
    /// and how to continue (`howToContinue`, given the run's store), and exits with
    /// ``interruptedStatus``. Work that ends by itself in spite of the signal (it was already
    /// writing its result) ends as usual.
    static func run(
        logger: Logger, howToContinue: @escaping @Sendable (_ store: String) -> String,
        _ work: @escaping @Sendable () async throws -> Void
    ) async throws {
        let service = ClosureService {
            do {
                try await cancelWhenGracefulShutdown(work)
            } catch where Task.isShuttingDownGracefully && !(error is RunInterrupted) {
                // Cut short before a run existed (loading, binding) or while it was being summarised.
                logger.debug("stopped by a signal", metadata: ["error": "\(error)"])
                throw CancellationError()
            }
        }
        do {
            try await group(running: service, logger: logger).run()
        } catch let interrupted as RunInterrupted {
            throw interruptedExit(
                "\(interrupted); the workers were told bye. To continue: \(howToContinue(interrupted.store))", logger: logger)
        } catch is CancellationError {
            throw interruptedExit("no run was in progress", logger: logger)
        }
    }

    /// Says that the command was interrupted, and returns the exit that says so.
    private static func interruptedExit(_ detail: String, logger: Logger) -> ExitCode {
        Console.line("stopped by a signal: " + detail)
        logger.notice("stopped by a signal", metadata: ["exit_status": "\(interruptedStatus)"])
        return ExitCode(interruptedStatus)
    }
}
