import COpenBLAS

/// Times a piece of work the way Docs/design.md §5 prescribes. Call it on a thread pinned with
/// ``ThreadPinning`` (``PinnedThread`` does both); it never hands work to another thread, so no
/// cross-CPU wake-up lands in the timed region.
public enum LatencyHarness {
    /// Warms up, then times `body` until `settings` are met; re-measures while the coefficient of
    /// variation is above the limit and keeps the steadiest attempt.
    public static func measure(
        settings: MeasurementSettings, _ body: () -> Void
    ) -> (statistics: LatencyStatistics, attempts: Int) {
        for _ in 0..<settings.warmupRuns { body() }
        var samples: [Double] = []
        samples.reserveCapacity(Swift.min(settings.maximumRuns, 10_000))
        let clock = ContinuousClock()
        func attempt() -> LatencyStatistics {
            samples.removeAll(keepingCapacity: true)
            let start = clock.now
            var elapsed = 0.0
            while samples.count < settings.maximumRuns
                && (samples.count < settings.minimumRuns || elapsed < settings.minimumSeconds)
            {
                let before = clock.now
                body()
                let after = clock.now
                samples.append((after - before).milliseconds)
                elapsed = (after - start).milliseconds / 1000
            }
            return LatencyStatistics(milliseconds: samples)
        }
        // At least one attempt, whatever `settings.attempts` says.
        var best = attempt()
        var attempts = 1
        while best.coefficientOfVariation > settings.maximumVariation, attempts < settings.attempts {
            attempts += 1
            let statistics = attempt()
            if statistics.coefficientOfVariation < best.coefficientOfVariation { best = statistics }
        }
        return (best, attempts)
    }
}

extension Duration {
    fileprivate var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
