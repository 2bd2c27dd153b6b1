import Foundation
import GRDB
import Store
import Testing

@testable import Report

@Suite("HTML report")
struct RunReportTests {
    /// How many marks of a device's scatter the page has.
    static func marks(_ html: String, device: String) -> Int {
        html.components(separatedBy: "data-device=\"\(device)\"").count - 1
    }

    @Test("one mark per architecture with a latency on the device; front, limit, answer and sources shown")
    func fixtureReport() throws {
        let directory = try ReportFixture.directory("fixture")
        let html = try RunReport.html(storeAt: try ReportFixture.store(in: directory))
        #expect(Self.marks(html, device: "raspi4") == 5)
        #expect(Self.marks(html, device: "cpu") == 5)
        // c broke raspi4's limit and has no accuracy: it sits in the strip.
        #expect(html.contains("class=\"pt stripped replay\" cx="))
        #expect(html.contains("class=\"answer\""))
        #expect(html.contains("limit 20 ms"))
        #expect(html.contains("class=\"front\""))
        for label in ["measured", "replay", "predicted", "table"] { #expect(html.contains(label)) }
        // a and b were predicted and measured on cpu: 5 vs 5.2 within 10 %, 8 vs 9.5 not.
        #expect(html.contains("2 architectures predicted and then measured, 1 (50 %) within ±10 %"))
        // The result's latency_models: exp(2 · 0.031) − 1 = 6.4 %.
        #expect(html.contains("interval held the limit; σ = 3.1 % at the end: the interval is about ±6.4 %."), "\(html)")
        // An interval target measures every candidate its interval cannot decide: no lazy clause.
        #expect(!html.contains("confirmed feasible so far"))
        // a (5 → 5.2) and b (8 → 9.5) are on the same side of cpu's 10 ms limit, predicted and measured.
        #expect(html.contains("0 of the 2 were predicted on the other side of the limit than measured."))
        #expect(html.contains("missed 3 heartbeats; 1 re-queued"))
        // Device time counts b's discarded reading too: three jobs of 0.5 s.
        #expect(html.contains("3 measured latency jobs, 1.5 device-seconds in all"), "\(html)")
        #expect(html.contains("Test CPU"))
        #expect(html.contains("edge 0"))
        #expect(html.contains("1 λ updates"))
        #expect(html.contains("worker accuracy-2 missed 3 heartbeats"))
        // Self-contained: no scripts and nothing fetched.
        #expect(!html.contains("<script"))
        #expect(!html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "").contains("http"))
    }

    @Test("a thin worker's figures make one environment (each model's hash aside); a wait for its device or the host lock is not device time")
    func thinWorkerEnvironmentAndDeviceWait() throws {
        let directory = try ReportFixture.directory("device-wait")
        let path = try ReportFixture.store(in: directory)
        let start = Date(timeIntervalSince1970: 1_800_000_100)
        func figure(_ architecture: String, seconds: Double, extra: String) -> EvaluationRecord {
            EvaluationRecord(
                space: "nb201", architecture: architecture, metric: "latency_ms", device: "cpu", value: 6, source: .measured,
                worker: "phone-thin", startedAt: start, finishedAt: start.addingTimeInterval(seconds),
                environment: #"{"cpu":"Phone CPU","runs":"10",\#(extra)}"#)
        }
        // f was held 31 s while the device was away, then measured in 1 s; g took 0.5 s, half of it
        // waiting for the host's measurement lock.
        try RunStore(existing: path).record([
            figure("f", seconds: 32, extra: #""model_sha256":"aa11","device_wait_ms":"31000""#),
            figure("g", seconds: 0.5, extra: #""model_sha256":"bb22","lock_wait_ms":"250.000""#),
        ])
        let html = try RunReport.html(storeAt: path)
        #expect(html.contains("2 measured figures from phone-thin"), "\(html)")
        #expect(html.contains("<th>device_wait_ms</th><td>median 31000 (31000–31000, 1 figure)</td>"), "\(html)")
        #expect(!html.contains("aa11"))
        // The fixture's three jobs of 0.5 s, f's 1 s and g's 0.25 s.
        #expect(
            html.contains(
                "5 measured latency jobs, 2.75 device-seconds in all (lease to answer, as the store times them, less 31 s in "
                    + "which workers held jobs for a device that did not answer (--device-wait), less 0.25 s in which jobs "
                    + "waited for the host's measurement lock)"), "\(html)")
    }

    @Test("a lazy target's model is said to measure undecided candidates only among the confirm_top best", arguments: [
        ("lazy-all", "held the limit, only once their accuracy ranked among the 3 best confirmed feasible so far (the others"),
        ("lazy", "held the limit, when the prediction was over the limit or their accuracy ranked among the 3 best"),
    ])
    func lazyRule(decide: String, says: String) throws {
        let directory = try ReportFixture.directory("lazy-\(decide)")
        let config = ReportFixture.config.replacingOccurrences(of: "model: table", with: "model: table\n    decide: \(decide)")
            + "\nconfirm_top: 3"
        let html = try RunReport.html(storeAt: try ReportFixture.store(in: directory, config: config))
        #expect(html.contains(says), "\(html)")
        #expect(html.contains("; σ = 3.1 % at the end: the interval is about ±6.4 %."))
    }

    @Test("best feasible: the infeasible and failed candidates never count")
    func bestFeasible() throws {
        let directory = try ReportFixture.directory("best")
        let html = try RunReport.html(storeAt: try ReportFixture.store(in: directory))
        #expect(html.contains("3 evaluations; best feasible 85."))
    }

    @Test("an unfinished run is reported as such, without an answer")
    func unfinished() throws {
        let directory = try ReportFixture.directory("unfinished")
        let html = try RunReport.html(storeAt: try ReportFixture.store(in: directory, finished: false))
        #expect(html.contains("none yet: the run has not finished"))
        #expect(!html.contains("class=\"answer\""))
    }

    @Test("a store from before the v4 tables: those parts say they are not recorded")
    func olderStore() throws {
        let directory = try ReportFixture.directory("older")
        let path = try ReportFixture.store(in: directory)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            for table in ["channel_scaling", "lambda_update", "fleet_event"] { try db.execute(sql: "DROP TABLE \(table)") }
        }
        let html = try RunReport.html(storeAt: path)
        #expect(html.contains("Channel scaling is not recorded in this store"))
        #expect(html.contains("λ updates are not recorded in this store"))
        #expect(html.contains("Workers joining and leaving are not recorded"))
        #expect(Self.marks(html, device: "raspi4") == 5)
    }

    @Test("empty, damaged and missing stores: an error naming the file and the reason")
    func badStores() throws {
        let directory = try ReportFixture.directory("bad")
        let empty = directory.appendingPathComponent("empty.sqlite").path
        _ = try RunStore(path: empty)
        let noEvaluations = directory.appendingPathComponent("no-evaluations.sqlite").path
        try RunStore(path: noEvaluations).saveRun(RunRecord(name: "x", config: ReportFixture.config, seed: 1))
        let garbage = directory.appendingPathComponent("garbage.sqlite").path
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: garbage))
        let missing = directory.appendingPathComponent("missing.sqlite").path
        let cases = [
            (empty, "no run recorded"), (noEvaluations, "no evaluations recorded"), (garbage, "not a readable SQLite database"),
            (missing, "no such file"),
        ]
        for (path, reason) in cases {
            let error = #expect(throws: ReportError.self) { try RunReport.html(storeAt: path) }
            #expect(error?.description.contains(path) == true, "\(String(describing: error))")
            #expect(error?.description.contains(reason) == true, "\(String(describing: error))")
        }
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test("a stored config without usable targets is named")
    func badConfig() throws {
        let directory = try ReportFixture.directory("config")
        let path = try ReportFixture.store(in: directory)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "UPDATE run SET config = 'targets: [{device: raspi4}]'") }
        let error = #expect(throws: ReportError.self) { try RunReport.html(storeAt: path) }
        #expect(error?.description.contains("targets[0]") == true, "\(String(describing: error))")
    }

    @Test("Pareto front: dominated points dropped, ties on latency keep the better one")
    func pareto() {
        let front = ParetoFront.of([(5, 70), (3, 60), (5, 80), (9, 75), (12, 90), (4, 60)])
        #expect(front.map(\.latency) == [3, 5, 12])
        #expect(front.map(\.score) == [60, 80, 90])
    }

    @Test("escaping: architecture strings and errors cannot break the markup")
    func escaping() {
        #expect(SVG.escape("<a href=\"x\">&'") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;")
    }
}
