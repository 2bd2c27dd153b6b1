import Foundation
import Search
import SearchSpace
import Store

extension SearchSession {
    /// The run folder and store to write to: a fresh folder and store, or with ``resumeStore``
    /// the existing ones, whose evaluations the driver then reuses instead of redoing them.
    /// The returned lock must be held while the run goes on.
    func openRun() throws -> (URL, RunStore, RunLock) {
        guard let resumeStore else {
            let directory = runDirectory()
            let lock = try RunLock(directory: directory)
            let store = try RunStore(path: directory.appendingPathComponent("run.sqlite").path)
            try store.saveRun(RunRecord(name: config.name, config: configText, seed: Int64(bitPattern: config.seed)))
            return (directory, store, lock)
        }
        let directory = URL(fileURLWithPath: resumeStore).deletingLastPathComponent()
        try StoreInspection.requireRunStore(at: resumeStore)
        // Before anything is written: a run still going in another process is not touched.
        let lock = try RunLock(directory: directory)
        let store = try RunStore(existing: resumeStore)
        guard let run = try store.run() else {
            throw StoreError(path: resumeStore, message: "has no run recorded, so there is nothing to resume")
        }
        guard run.finishedAt == nil else {
            throw StoreError(path: resumeStore, message: "the run '\(run.name)' already finished; its result is in the store")
        }
        return (directory, store, lock)
    }

    /// The strategy to drive: a fresh one, or when resuming, the state of the latest checkpoint
    /// (its generator included), so the generations already done are not computed again. The
    /// evaluations stored after that checkpoint are answered from the store as the strategy asks
    /// for them again. A checkpoint that does not decode (e.g. written by another hsconas version)
    /// falls back to replaying the search from its seed, which reaches the same state. So does
    /// `replaying`: with latency models, the search is replayed from its seed (every stored figure
    /// answered from the store, no job sent again) so the models learn what they learned in the
    /// order they learned it, and decide as they did.
    func startingStrategy(store: RunStore, space: some SearchSpace, replaying: Bool = false) -> any SearchStrategy {
        let fresh = StrategyFactory.make(
            config.strategy, settings: config.searchSettings, space: space, options: config.evolutionOptions)
        guard resumeStore != nil else { return fresh }
        if replaying {
            logger.notice("replaying the search from its seed, so the latency models re-learn as they did")
            return fresh
        }
        let checkpoint: CheckpointRecord?
        do {
            checkpoint = try store.latestCheckpoint()
        } catch {
            logger.warning("cannot read the latest checkpoint; replaying the search from its seed", metadata: ["error": "\(error)"])
            return fresh
        }
        guard let checkpoint else { return fresh }
        do {
            let decoder = JSONDecoder()
            let resumed: any SearchStrategy =
                switch config.strategy {
                case .hsconas: try decoder.decode(HSCoNASEvolution.self, from: checkpoint.state)
                case .random: try decoder.decode(RandomSearch.self, from: checkpoint.state)
                case .regularizedEvolution: try decoder.decode(RegularizedEvolution.self, from: checkpoint.state)
                }
            logger.notice(
                "resuming from a checkpoint",
                metadata: ["generation": "\(checkpoint.generation)", "accuracy evaluations": "\(checkpoint.evaluations)"])
            return resumed
        } catch {
            logger.warning(
                "checkpoint does not decode; replaying the search from its seed",
                metadata: ["generation": "\(checkpoint.generation)", "error": "\(error)"])
            return fresh
        }
    }

    /// Reads an unfinished run's config text from its store, for `--resume`: the search
    /// continues with exactly the config it started with.
    public static func resumableRun(at path: String) throws(StoreError) -> RunRecord {
        guard let run = try StoreInspection.run(at: path) else {
            throw StoreError(path: path, message: "has no run recorded, so there is nothing to resume")
        }
        return run
    }
}
