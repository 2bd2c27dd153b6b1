import Measurement
import Testing

/// The measurement method a latency job carries (a search's `fleet.measurement`) over a worker's own flags.
@Suite("measurement method carried by a job")
struct MeasurementMethodTests {
    /// A worker's settings as its flags would make them: pinned, two threads, batch 4.
    static let worker = MeasurementSettings(
        warmupRuns: 5, minimumRuns: 20, minimumSeconds: 1, maximumRuns: 1000, maximumVariation: 0.02, attempts: 4,
        cores: [0], threads: 2, batch: 4)

    @Test("the job's method replaces the worker's; cores, threads and batch stay the worker's; other keys are ignored")
    func applies() throws {
        let job = [
            "warmup_runs": "1", "min_runs": "3", "min_seconds": "0", "max_cv": "0.5", "attempts": "2", "dataset": "cifar10",
        ]
        let applied = try Self.worker.applying(method: job)
        #expect(applied.warmupRuns == 1 && applied.minimumRuns == 3 && applied.minimumSeconds == 0)
        #expect(applied.maximumVariation == 0.5 && applied.attempts == 2 && applied.maximumRuns == 1000)
        #expect(applied.cores == [0] && applied.threads == 2 && applied.batch == 4)
    }

    @Test("a job without a method, or with part of one, keeps the worker's values for the rest")
    func partial() throws {
        #expect(try Self.worker.applying(method: [:]) == Self.worker)
        #expect(try Self.worker.applying(method: ["dataset": "cifar100"]) == Self.worker)
        let applied = try Self.worker.applying(method: ["min_runs": "2000"])
        #expect(applied.minimumRuns == 2000 && applied.maximumRuns == 2000, "an attempt never stops before its minimum count")
        #expect(applied.warmupRuns == 5 && applied.minimumSeconds == 1 && applied.attempts == 4)
    }

    @Test("a config's method survives the trip through job settings")
    func roundTrip() throws {
        let method = MeasurementSettings(
            warmupRuns: 2, minimumRuns: 7, minimumSeconds: 0.05, maximumVariation: 0.08, attempts: 1, cores: [0])
        #expect(Set(method.method.keys) == Set(MeasurementSettings.methodKeys))
        let applied = try Self.worker.applying(method: method.method)
        #expect(applied.warmupRuns == 2 && applied.minimumRuns == 7 && applied.minimumSeconds == 0.05)
        #expect(applied.maximumVariation == 0.08 && applied.attempts == 1)
    }

    static let invalid: [(key: String, value: String, expected: String)] = [
        ("min_runs", "x", "a whole number"), ("warmup_runs", "2.5", "a whole number"), ("min_seconds", "inf", "a number"),
        ("max_cv", "abc", "a number"), ("max_cv", "0", "above 0"), ("min_runs", "0", "at least 1"),
        ("warmup_runs", "-1", "0 or more"), ("min_seconds", "-0.1", "0 or more"), ("attempts", "0", "at least 1"),
        // The Python worker refuses the same strings (Python/tests/test_thin_worker.py).
        ("min_runs", " 7", "a whole number"), ("min_runs", "99999999999999999999", "a whole number"),
        ("min_runs", "9223372036854775807", "at most 100000"), ("max_cv", "0x1p3", "a number"), ("max_cv", "1_0.5", "a number"),
        ("min_seconds", "4000", "at most 3600"), ("attempts", "101", "at most 100"), ("warmup_runs", "100001", "at most 100000"),
    ]

    @Test("a bad method is refused naming settings.<key> and the value as sent", arguments: 0..<invalid.count)
    func refused(index: Int) {
        let (key, value, expected) = Self.invalid[index]
        #expect(throws: MeasurementError.invalidSetting(field: "settings.\(key)", value: value, expected: expected)) {
            try Self.worker.applying(method: [key: value])
        }
    }
}
