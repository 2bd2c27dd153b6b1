import Foundation
import GRDB
import Store
import Testing
import TestSupport

@Suite("store check (integrity of a run store)")
struct StoreInspectionTests {
    static let metrics: Set<String> = ["valid_accuracy", "test_accuracy", "latency_ms"]

    func temporaryPath() -> String {
        TestFolder.path("check", file: "run.sqlite")
    }

    /// A sound store: a run, evaluations (one failed), two checkpoints, two shrink steps.
    func soundStore() throws -> String {
        let path = temporaryPath()
        let store = try RunStore(path: path)
        try store.saveRun(RunRecord(name: "t", config: "seed: 1", seed: 1))
        let now = Date()
        try store.record([
            EvaluationRecord(
                space: "nb201", architecture: "a", metric: "latency_ms", device: "raspi4", value: 3.5, source: .replay,
                worker: "w", startedAt: now, finishedAt: now),
            EvaluationRecord(
                space: "nb201", architecture: "a", metric: "valid_accuracy", device: "", value: 80, source: .table,
                worker: "w", startedAt: now, finishedAt: now),
            EvaluationRecord(
                space: "nb201", architecture: "b", metric: "latency_ms", device: "raspi4", value: nil, source: nil,
                worker: "", startedAt: now, finishedAt: now, error: "failed 3 times"),
        ])
        try store.saveCheckpoint(
            CheckpointRecord(generation: 1, evaluations: 10, state: Data("{\"g\":1}".utf8)),
            shrinks: [
                ShrinkRecord(
                    generation: 1, position: 0, positionName: "edge 1<-0", choice: 0, choiceName: "none", score: 0.1,
                    spaceSizeBefore: 15625, spaceSizeAfter: 12500)
            ])
        try store.saveCheckpoint(
            CheckpointRecord(generation: 2, evaluations: 20, state: Data("{\"g\":2}".utf8)),
            shrinks: [
                ShrinkRecord(
                    generation: 2, position: 1, positionName: "edge 2<-0", choice: 0, choiceName: "none", score: 0.2,
                    spaceSizeBefore: 12500, spaceSizeAfter: 10000)
            ])
        return path
    }

    func check(_ path: String) -> StoreCheckReport {
        StoreInspection.check(path: path, knownMetrics: Self.metrics) { data in
            _ = try JSONSerialization.jsonObject(with: data)
        }
    }

    /// Changes a store behind RunStore's back, as a bug or a disk fault would.
    func tamper(_ path: String, _ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: sql) }
    }

    @Test("a sound store passes, with a summary of its run, schema, evaluations, checkpoints and shrink log")
    func sound() throws {
        let report = check(try soundStore())
        #expect(report.isSound, "\(report.problems)")
        let summary = report.summary.joined(separator: "\n")
        #expect(summary.contains("integrity_check: ok"))
        #expect(summary.contains("run: 't', not finished"))
        #expect(summary.contains("evaluations: 3"))
        #expect(summary.contains("1 failed"))
        #expect(summary.contains("checkpoints: 2"))
        #expect(summary.contains("shrink log: 2 step(s), space size now 10000"))
    }

    @Test("a spos-sized shrink log (10³⁰ architectures, past any Int) is checked and summed up, not a crash")
    func sposSizedShrinkLog() throws {
        let path = try soundStore()
        try tamper(path, "UPDATE shrink SET spaceSizeBefore = spaceSizeBefore * 1e26, spaceSizeAfter = spaceSizeAfter * 1e26")
        let report = check(path)
        #expect(report.isSound, "\(report.problems)")
        #expect(report.summary.contains { $0.contains("shrink log: 2 step(s), space size now 1e+30") }, "\(report.summary)")
        try tamper(path, "UPDATE shrink SET spaceSizeAfter = 1e999 WHERE generation = 2")
        #expect(check(path).problems.contains { $0.contains("does not shrink") })
    }

    @Test(
        "each kind of damage is found and named",
        arguments: [
            ("UPDATE evaluation SET value = 'NaN-ish' WHERE architecture = 'a' AND metric = 'latency_ms'", "value is of type text"),
            ("UPDATE evaluation SET value = 1e999 WHERE architecture = 'a' AND metric = 'latency_ms'", "is not finite"),
            ("UPDATE evaluation SET source = 'guessed' WHERE architecture = 'a' AND metric = 'latency_ms'", "unknown source 'guessed'"),
            ("UPDATE evaluation SET metric = 'latency_s' WHERE architecture = 'a' AND metric = 'latency_ms'", "unknown metric 'latency_s'"),
            ("UPDATE evaluation SET error = NULL WHERE architecture = 'b'", "without an error text"),
            ("UPDATE evaluation SET source = NULL WHERE architecture = 'a' AND metric = 'valid_accuracy'", "has a value but no source"),
            ("UPDATE checkpoint SET state = x'00ff' WHERE generation = 2", "checkpoint 2: the search state does not decode"),
            ("UPDATE checkpoint SET evaluations = 5 WHERE generation = 2", "fewer than checkpoint 1's 10"),
            ("UPDATE shrink SET spaceSizeAfter = 20000 WHERE generation = 2", "does not shrink"),
            ("UPDATE shrink SET spaceSizeBefore = 11000 WHERE generation = 2", "but the previous step ended at 12500"),
            ("UPDATE shrink SET generation = 9 WHERE generation = 2", "after the latest checkpoint"),
            ("DELETE FROM run", "expected exactly one run row, found 0"),
            ("UPDATE run SET result = 'not json', finishedAt = '2026-01-01 00:00:00'", "the result is not valid JSON"),
            ("UPDATE run SET result = '{}'", "finishedAt and result must be set together"),
            ("INSERT INTO grdb_migrations VALUES ('v99: from the future')", "unknown to this hsconas"),
            (
                """
                CREATE TABLE loose AS SELECT * FROM evaluation; DROP TABLE evaluation; ALTER TABLE loose RENAME TO evaluation;
                INSERT INTO evaluation SELECT * FROM evaluation WHERE architecture = 'a' AND metric = 'latency_ms'
                """,
                "2 rows for one key"
            ),
        ])
    func damaged(sql: String, expected: String) throws {
        let path = try soundStore()
        try tamper(path, sql)
        let report = check(path)
        #expect(!report.isSound)
        #expect(report.problems.contains { $0.contains(expected) }, "problems: \(report.problems)")
    }

    @Test("a file that is not an hsconas store is refused, and none is created or changed")
    func notAStore() throws {
        let missing = temporaryPath()
        #expect(check(missing).problems.contains { $0.contains("no such file") })
        #expect(!FileManager.default.fileExists(atPath: missing))
        #expect(throws: StoreError.self) { try RunStore(existing: missing) }

        let garbage = temporaryPath()
        try FileManager.default.createDirectory(
            atPath: (garbage as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(repeating: 0x5a, count: 8192).write(to: URL(fileURLWithPath: garbage))
        #expect(check(garbage).problems.contains { $0.contains("not a readable SQLite database") })

        let other = temporaryPath()
        try FileManager.default.createDirectory(
            atPath: (other as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try DatabaseQueue(path: other).write { db in try db.execute(sql: "CREATE TABLE notes (text TEXT)") }
        #expect(check(other).problems.contains { $0.contains("not an hsconas run store") })
        #expect { try RunStore(existing: other) } throws: { error in
            (error as? StoreError)?.description.contains("not an hsconas run store") ?? false
        }
        // Refusing it did not turn it into a run store.
        let tables = try DatabaseQueue(path: other).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        #expect(tables == ["notes"])
    }

    @Test("overwritten pages in the middle of the file are found")
    func corruptPages() throws {
        let path = try soundStore()
        let store = try RunStore(path: path)
        let now = Date()
        // Enough rows for several b-tree pages, then flush the WAL into the main file.
        try store.record((0..<2000).map { index in
            EvaluationRecord(
                space: "nb201", architecture: "arch-\(index)", metric: "latency_ms", device: "raspi4", value: Double(index),
                source: .replay, worker: "w", startedAt: now, finishedAt: now)
        })
        try DatabaseQueue(path: path).writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: size / 2)
        try handle.write(contentsOf: Data(repeating: 0xa5, count: 4096 * 4))
        try handle.close()
        let report = check(path)
        #expect(!report.isSound)
    }

    @Test("re-saving a checkpoint (a resumed run replaying its search) does not duplicate its shrink steps")
    func resavedCheckpoint() throws {
        let path = try soundStore()
        let store = try RunStore(path: path)
        try store.saveCheckpoint(
            CheckpointRecord(generation: 2, evaluations: 20, state: Data("{\"g\":2}".utf8)),
            shrinks: [
                ShrinkRecord(
                    generation: 2, position: 1, positionName: "edge 2<-0", choice: 0, choiceName: "none", score: 0.2,
                    spaceSizeBefore: 12500, spaceSizeAfter: 10000)
            ])
        #expect(try store.shrinks().count == 2)
        #expect(check(path).isSound)
    }
}
