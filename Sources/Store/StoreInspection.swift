import Foundation
import GRDB
import SearchSpace

/// Read-only checks of a run store file: that it is one, and that its contents are consistent.
/// Nothing here creates, migrates or writes anything.
public enum StoreInspection {
    /// Throws unless `path` is an existing SQLite file holding an hsconas run store.
    public static func requireRunStore(at path: String) throws(StoreError) {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError(path: path, message: "no such file")
        }
        do {
            let queue = try openQueue(path)
            let tables = try queue.read { db in
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            for table in ["grdb_migrations", RunRecord.databaseTableName, EvaluationRecord.databaseTableName] {
                guard tables.contains(table) else {
                    throw StoreError(
                        path: path, message: "not an hsconas run store (no '\(table)' table; tables: \(tables.sorted()))")
                }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(path: path, message: "not a readable SQLite database: \(error)")
        }
    }

    /// A plain connection that waits, like the store's own, while another process holds a lock
    /// (e.g. recovering the WAL of a killed run) instead of failing at once.
    static func openQueue(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    /// The run row of an existing run store, read without migrating or writing anything.
    public static func run(at path: String) throws(StoreError) -> RunRecord? {
        try requireRunStore(at: path)
        do {
            return try openQueue(path).read { db in try RunRecord.fetchOne(db, key: 1) }
        } catch {
            throw StoreError(path: path, message: "cannot read the run: \(error)")
        }
    }

    /// Checks a store's integrity: SQLite's own check, the schema version, the run row,
    /// evaluations (known metric names, finite values, known sources, no duplicate keys, a
    /// failure carries its error), checkpoints (`decodeCheckpoint` must accept each state) and
    /// the shrink log (sizes shrink, one step continues the previous one).
    public static func check(
        path: String, knownMetrics: Set<String>, decodeCheckpoint: (Data) throws -> Void
    ) -> StoreCheckReport {
        var report = StoreCheckReport()
        do {
            try requireRunStore(at: path)
            let queue = try openQueue(path)
            try queue.read { db in
                try checkSQLite(db, into: &report)
                try checkSchema(db, into: &report)
                try checkRun(db, into: &report)
                try checkEvaluations(db, knownMetrics: knownMetrics, into: &report)
                try checkCheckpoints(db, decode: decodeCheckpoint, into: &report)
                try checkShrinks(db, into: &report)
            }
        } catch {
            report.problems.append("\(error)")
        }
        return report
    }

    private static func checkSQLite(_ db: Database, into report: inout StoreCheckReport) throws {
        let lines = try String.fetchAll(db, sql: "PRAGMA integrity_check")
        if lines == ["ok"] {
            report.summary.append("sqlite integrity_check: ok")
        } else {
            report.problems += lines.map { "sqlite integrity_check: \($0)" }
        }
    }

    private static func checkSchema(_ db: Database, into report: inout StoreCheckReport) throws {
        let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        let known = RunStore.knownMigrations
        let unknown = applied.filter { !known.contains($0) }
        if !unknown.isEmpty {
            report.problems.append("schema: migrations \(unknown) are unknown to this hsconas (a newer version wrote this store)")
        }
        if Array(known.prefix(applied.count)) != applied.filter({ known.contains($0) }) {
            report.problems.append("schema: applied migrations \(applied) are not a prefix of \(known)")
        }
        report.summary.append("schema: \(applied.count) of \(known.count) migrations applied (latest '\(applied.last ?? "none")')")
    }

    private static func checkRun(_ db: Database, into report: inout StoreCheckReport) throws {
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM run")
        guard rows.count == 1, let row = rows.first else {
            report.problems.append("run: expected exactly one run row, found \(rows.count)")
            return
        }
        let id: Int64? = row["id"]
        let name: String? = row["name"]
        let config: String? = row["config"]
        let finished: String? = row["finishedAt"]
        let result: String? = row["result"]
        if id != 1 { report.problems.append("run: id is \(id.map(String.init) ?? "NULL"), expected 1") }
        if (config ?? "").isEmpty { report.problems.append("run: the config text is empty") }
        if (finished == nil) != (result == nil) {
            report.problems.append("run: finishedAt and result must be set together (finishedAt \(finished ?? "NULL"), result \(result == nil ? "NULL" : "set"))")
        }
        if let result, (try? JSONSerialization.jsonObject(with: Data(result.utf8))) == nil {
            report.problems.append("run: the result is not valid JSON")
        }
        report.summary.append("run: '\(name ?? "?")', \(finished == nil ? "not finished (resumable)" : "finished at \(finished ?? "")")")
    }

    private static func checkEvaluations(_ db: Database, knownMetrics: Set<String>, into report: inout StoreCheckReport) throws {
        let sources = Set(EvaluationSource.allCases.map(\.rawValue))
        var counts: [String: Int] = [:]
        var failures = 0
        let rows = try Row.fetchCursor(
            db, sql: "SELECT id, architecture, metric, device, value, typeof(value) AS kind, source, error FROM evaluation")
        while let row = try rows.next() {
            let id: Int64 = row["id"]
            let metric: String = row["metric"] ?? ""
            let what = "evaluation #\(id) (\(row["architecture"] as String? ?? "?"), \(metric), device '\(row["device"] as String? ?? "")')"
            counts[metric, default: 0] += 1
            if !knownMetrics.contains(metric) {
                report.problems.append("\(what): unknown metric '\(metric)' (known: \(knownMetrics.sorted().joined(separator: ", ")))")
            }
            let kind: String = row["kind"]
            let source: String? = row["source"]
            let error: String? = row["error"]
            switch kind {
            case "null":
                failures += 1
                if source != nil { report.problems.append("\(what): failed (no value) but has source '\(source ?? "")'") }
                if (error ?? "").isEmpty { report.problems.append("\(what): failed (no value) without an error text") }
            case "real", "integer":
                let value: Double = row["value"]
                if !value.isFinite { report.problems.append("\(what): value \(value) is not finite") }
                if let source {
                    if !sources.contains(source) {
                        report.problems.append("\(what): unknown source '\(source)' (known: \(sources.sorted().joined(separator: ", ")))")
                    }
                } else {
                    report.problems.append("\(what): has a value but no source")
                }
            default:
                report.problems.append("\(what): value is of type \(kind), expected a number or NULL")
            }
        }
        let duplicates = try Row.fetchAll(
            db,
            sql: """
                SELECT space, architecture, metric, device, COUNT(*) AS n FROM evaluation
                GROUP BY space, architecture, metric, device HAVING n > 1
                """)
        for row in duplicates {
            report.problems.append(
                "evaluation: \(row["n"] as Int64? ?? 0) rows for one key (space \(row["space"] as String? ?? ""), "
                    + "\(row["architecture"] as String? ?? ""), \(row["metric"] as String? ?? ""), device '\(row["device"] as String? ?? "")')")
        }
        let listed = counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        report.summary.append("evaluations: \(counts.values.reduce(0, +)) (\(listed.isEmpty ? "none" : listed)), \(failures) failed")
    }

    private static func checkCheckpoints(_ db: Database, decode: (Data) throws -> Void, into report: inout StoreCheckReport) throws {
        let rows = try Row.fetchAll(db, sql: "SELECT generation, evaluations, state FROM checkpoint ORDER BY generation")
        var previous: (generation: Int64, evaluations: Int64)?
        for row in rows {
            let generation: Int64 = row["generation"]
            let evaluations: Int64 = row["evaluations"] ?? -1
            let state: Data? = row["state"]
            do {
                try decode(state ?? Data())
            } catch {
                report.problems.append("checkpoint \(generation): the search state does not decode: \(error)")
            }
            if let previous, evaluations < previous.evaluations {
                report.problems.append(
                    "checkpoint \(generation): \(evaluations) evaluations, fewer than checkpoint \(previous.generation)'s \(previous.evaluations)")
            }
            previous = (generation, evaluations)
        }
        report.summary.append(
            "checkpoints: \(rows.count)" + (previous.map { " (latest generation \($0.generation), \($0.evaluations) evaluations)" } ?? ""))
    }

    private static func checkShrinks(_ db: Database, into report: inout StoreCheckReport) throws {
        let shrinks = try ShrinkRecord.order(sql: "id").fetchAll(db)
        let latest = try Int.fetchOne(db, sql: "SELECT MAX(generation) FROM checkpoint")
        var before: ShrinkRecord?
        for (index, shrink) in shrinks.enumerated() {
            let what = "shrink step \(index + 1) (generation \(shrink.generation), \(shrink.positionName) drops \(shrink.choiceName))"
            if !(shrink.spaceSizeAfter > 0 && shrink.spaceSizeAfter < shrink.spaceSizeBefore) {
                report.problems.append("\(what): space size \(shrink.spaceSizeBefore) → \(shrink.spaceSizeAfter) does not shrink")
            }
            if let before {
                if shrink.generation < before.generation {
                    report.problems.append("\(what): generation goes back from \(before.generation)")
                }
                if abs(shrink.spaceSizeBefore - before.spaceSizeAfter) > 1e-6 * max(1, before.spaceSizeAfter) {
                    report.problems.append(
                        "\(what): starts from size \(shrink.spaceSizeBefore) but the previous step ended at \(before.spaceSizeAfter)")
                }
            }
            if let latest, shrink.generation > latest {
                report.problems.append("\(what): after the latest checkpoint (generation \(latest))")
            }
            before = shrink
        }
        report.summary.append(
            "shrink log: \(shrinks.count) step(s)" + (before.map { ", space size now \(SpaceSizeText.text($0.spaceSizeAfter))" } ?? ""))
    }
}
