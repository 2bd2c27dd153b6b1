import Foundation
import Measurement
import Testing

/// Latency statistics on known samples, the harness's stopping rules, and settings validation.
@Suite("latency statistics, harness and settings")
struct MeasurementTests {
    private func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
        abs(a - b) <= tolerance * max(1, abs(b))
    }

    @Test("statistics of 1…10 match numpy (linear percentiles, sample standard deviation)")
    func statisticsOfKnownSamples() {
        // Shuffled on purpose: the statistics must not depend on the order.
        let statistics = LatencyStatistics(milliseconds: [7, 3, 10, 1, 5, 9, 2, 8, 6, 4])
        #expect(close(statistics.median, 5.5))
        #expect(close(statistics.mean, 5.5))
        #expect(close(statistics.p10, 1.9))
        #expect(close(statistics.p90, 9.1))
        #expect(statistics.minimum == 1)
        #expect(statistics.samples == 10)
        // numpy.std([1..10], ddof=1) = sqrt(55 / 6) = 3.0276503540974917.
        #expect(close(statistics.coefficientOfVariation, (55.0 / 6).squareRoot() / 5.5))
        #expect(close(statistics.coefficientOfVariation, 0.5504818825631803))
    }

    @Test("odd counts, repeated values and a single sample")
    func statisticsEdgeCases() {
        // numpy: percentile([2, 4, 4, 4, 5, 5, 7, 9, 20], [10, 50, 90]) = [3.6, 5, 11.2]
        let skewed = LatencyStatistics(milliseconds: [9, 4, 2, 20, 5, 4, 7, 4, 5])
        #expect(close(skewed.median, 5))
        #expect(close(skewed.p10, 3.6))
        #expect(close(skewed.p90, 11.2))
        #expect(close(skewed.mean, 60.0 / 9))
        #expect(skewed.minimum == 2)
        // numpy.std(..., ddof=1) = sqrt(232 / 8) = 5.385164807134504; / mean = 0.8077747210701756
        #expect(close(skewed.coefficientOfVariation, (232.0 / 8).squareRoot() / (60.0 / 9)))
        #expect(close(skewed.coefficientOfVariation, 0.8077747210701756))

        let single = LatencyStatistics(milliseconds: [3.25])
        #expect(single.median == 3.25 && single.p10 == 3.25 && single.p90 == 3.25 && single.minimum == 3.25)
        #expect(single.coefficientOfVariation == 0)
        #expect(single.samples == 1)

        let constant = LatencyStatistics(milliseconds: Array(repeating: 2, count: 50))
        #expect(constant.coefficientOfVariation == 0)
        #expect(constant.p90 == 2)
    }

    @Test("the harness warms up, then runs at least the minimum count")
    func minimumRuns() {
        let settings = MeasurementSettings(
            warmupRuns: 2, minimumRuns: 7, minimumSeconds: 0, maximumRuns: 1000, maximumVariation: 1e9, attempts: 3)
        var calls = 0
        let (statistics, attempts) = LatencyHarness.measure(settings: settings) { calls += 1 }
        #expect(attempts == 1)
        #expect(statistics.samples == 7)
        #expect(calls == 2 + 7)
    }

    @Test("the harness runs for at least the minimum time")
    func minimumTime() {
        let settings = MeasurementSettings(
            warmupRuns: 0, minimumRuns: 1, minimumSeconds: 0.2, maximumRuns: 1000, maximumVariation: 1e9, attempts: 1)
        var calls = 0
        let clock = ContinuousClock()
        let start = clock.now
        let (statistics, attempts) = LatencyHarness.measure(settings: settings) {
            calls += 1
            usleep(10_000)
        }
        let elapsed = clock.now - start
        #expect(attempts == 1)
        #expect(elapsed >= .milliseconds(200))
        #expect(calls == statistics.samples)
        #expect(statistics.samples >= 2)
        // The timed samples themselves cover (almost all of) the minimum time, and each is a sleep.
        #expect(Double(statistics.samples) * statistics.mean >= 190)
        #expect(statistics.minimum >= 10)
    }

    @Test("the harness stops an attempt at the maximum run count")
    func maximumRuns() {
        let settings = MeasurementSettings(
            warmupRuns: 1, minimumRuns: 3, minimumSeconds: 60, maximumRuns: 5, maximumVariation: 1e9, attempts: 2)
        var calls = 0
        let (statistics, attempts) = LatencyHarness.measure(settings: settings) { calls += 1 }
        #expect(attempts == 1)
        #expect(statistics.samples == 5)
        #expect(calls == 1 + 5)
    }

    @Test("the harness re-measures while the variation is too high, and keeps the steadiest attempt")
    func remeasuresWhenNoisy() {
        let settings = MeasurementSettings(
            warmupRuns: 0, minimumRuns: 6, minimumSeconds: 0, maximumRuns: 100, maximumVariation: 1e-6, attempts: 3)
        var calls = 0
        // Alternately nothing and a 5 ms sleep: a coefficient of variation near 1.
        let (statistics, attempts) = LatencyHarness.measure(settings: settings) {
            calls += 1
            if calls % 2 == 0 { usleep(5_000) }
        }
        #expect(attempts == settings.attempts)
        #expect(calls == 3 * 6)
        #expect(statistics.samples == 6)
        #expect(statistics.coefficientOfVariation > 0.5)
    }

    @Test("the harness stops after one attempt when steady enough")
    func stopsWhenSteady() {
        let settings = MeasurementSettings(
            warmupRuns: 0, minimumRuns: 6, minimumSeconds: 0, maximumRuns: 100, maximumVariation: 1e9, attempts: 3)
        var calls = 0
        let (_, attempts) = LatencyHarness.measure(settings: settings) {
            calls += 1
            if calls % 2 == 0 { usleep(5_000) }
        }
        #expect(attempts == 1)
        #expect(calls == 6)
    }

    static let invalid: [(field: String, settings: MeasurementSettings)] = [
        ("warmup", MeasurementSettings(warmupRuns: -1)),
        ("min-runs", MeasurementSettings(minimumRuns: 0)),
        ("min-seconds", MeasurementSettings(minimumSeconds: -0.5)),
        ("min-seconds", MeasurementSettings(minimumSeconds: .nan)),
        ("max-runs", MeasurementSettings(minimumRuns: 20, maximumRuns: 10)),
        ("max-cv", MeasurementSettings(maximumVariation: 0)),
        ("attempts", MeasurementSettings(attempts: 0)),
        ("threads", MeasurementSettings(threads: 0)),
        ("batch", MeasurementSettings(batch: 0)),
        ("cores", MeasurementSettings(cores: [99])),
        ("cores", MeasurementSettings(cores: [])),
        ("cores", MeasurementSettings(cores: [-1])),
    ]

    @Test("validation names the bad field", arguments: 0..<invalid.count)
    func validation(index: Int) {
        let (field, settings) = Self.invalid[index]
        #expect {
            try settings.validate()
        } throws: { error in
            guard case .invalidSetting(let named, _, _) = error as? MeasurementError else { return false }
            return named == field
        }
    }

    @Test("default settings and every online CPU are valid")
    func validSettings() throws {
        try MeasurementSettings().validate()
        try MeasurementSettings(cores: Array(0..<CPUInfo.onlineCPUs), threads: CPUInfo.onlineCPUs, batch: 8).validate()
        do {
            try MeasurementSettings(minimumRuns: 0).validate()
            Issue.record("minimumRuns 0 was accepted")
        } catch {
            #expect("\(error)".contains("min-runs"))
            #expect("\(error)".contains("'0'"))
        }
    }
}
