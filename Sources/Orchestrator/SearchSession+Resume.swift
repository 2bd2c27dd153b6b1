import Foundation
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

    /// Reads an unfinished run's config text from its store, for `--resume`: the search
    /// continues with exactly the config it started with.
    public static func resumableRun(at path: String) throws(StoreError) -> RunRecord {
        guard let run = try StoreInspection.run(at: path) else {
            throw StoreError(path: path, message: "has no run recorded, so there is nothing to resume")
        }
        return run
    }
}
