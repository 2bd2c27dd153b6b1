import Foundation
import LatencyModel
import Logging
import Measurement
import Orchestrator
import Runtimes
import SearchSpace
import Store

/// `hsconas bench hwmodel`: HSCoNAS's hardware model on this machine's CPU for `spos` — a profiled
/// operator table (profiled through the fleet, with a real worker process) plus a correction
/// a · Σ table + b fitted on a few measured networks, scored on many others.
public enum OperatorTableBenchmark {
    /// What `hsconas bench hwmodel` found: the profiled table, the fitted correction and each model's score on the test networks.
    public struct Report: Sendable, Codable {
        /// Operators in the device's profiled table.
        public var operators: Int
        /// Wall time of the full profile (nil when the table was already in the store).
        public var profileSeconds: Double?
        /// Networks the correction is fitted on.
        public var trainingNetworks: Int
        /// Networks the models are scored on, never fitted on.
        public var testNetworks: Int
        /// The fitted scale on the summed table latencies (latency ≈ a · Σ table + b).
        public var a: Double
        /// The fitted offset (ms).
        public var b: Double
        /// The table sum alone (a = 1, b = 0) on the test networks.
        public var uncorrected: LatencyScore
        /// With the fitted correction.
        public var corrected: LatencyScore
        /// Wall time of the first measurement of every training and test network, in seconds.
        public var measureSeconds: Double
        /// Where the last network was measured (machine and settings); nil when none was.
        public var environment: MeasurementEnvironment?
        /// Kendall τ between two separate measurements of the test networks: the most any model
        /// can reach against measurements this noisy.
        public var remeasureTau: Double
        /// Share of test networks whose second measurement is within ±10 % of the first.
        public var remeasureWithin10: Double
        /// The search's own correction (``ScreeningLatencyModel``: least squares with outliers left
        /// out) fitted on the same training networks.
        public var searchCorrected: LatencyScore
        /// Training networks whose measurement was multiplied by ``spikeFactor`` (the widest ones,
        /// where a spike tilts the line most): a load spike during their measurement.
        public var spikedNetworks: Int
        /// What the spiked networks' latencies were multiplied by.
        public var spikeFactor: Double
        /// Plain least squares on the spiked training set, scored on the (clean) test networks.
        public var spikedPlain: LatencyScore?
        /// The search's correction on the spiked training set.
        public var spikedSearch: LatencyScore?
        /// ``ResolutionOperatorTableModel`` (one more term per feature-map size) fitted on the
        /// training networks, by its shrinkage, in ``perResolutionShrinkages`` order.
        public var perResolution: [LatencyScore]
        /// The shrinkages ``perResolution`` was fitted with.
        public var perResolutionShrinkages: [Double]
    }

    /// Shrinkages the per-size correction is scored with: strong, moderate, weak.
    public static let perResolutionShrinkages = [10.0, 1, 0.1]

    /// Profiles `device`'s operator table into `store` when it has none, measures `train` + `test` random spos networks
    /// from `seed` (the test ones twice) and scores every model. Throws when the store, profiling, a measurement or a fit fails.
    public static func run(
        store: RunStore, device: String, train: Int, test: Int, seed: UInt64, spikes: Int, spikeFactor: Double,
        settings: MeasurementSettings,
        profileMeasurement: MeasurementConfig, logger: Logger, progress: @Sendable (String) -> Void
    ) async throws -> Report {
        let space = SPOSSpace()
        var profileSeconds: Double?
        if try store.profiles(space: space.name, device: device).isEmpty {
            let session = ProfileSession(
                space: space, device: device, store: store, localWorkers: 1, localCores: settings.cores,
                measurement: profileMeasurement, logger: logger)
            let summary = try await session.run { _ in } progress: { done, total in
                if done % 50 == 0 || done == total { progress("profiled \(done)/\(total) operators") }
            }
            guard summary.failed.isEmpty else {
                throw MeasurementError.runtimeFailed(runtime: "native", reason: "\(summary.failed.count) operators failed to profile")
            }
            profileSeconds = summary.wallSeconds
        }
        let records = try store.profiles(space: space.name, device: device)
        let table = Dictionary(records.map { ($0.signature, $0.latencyMs) }, uniquingKeysWith: { first, _ in first })

        var generator = SeededGenerator(seed: seed)
        let mask = ChoiceMask(space: space)
        var architectures: [Architecture] = []
        var seen = Set<Architecture>()
        while architectures.count < train + test {
            let candidate = mask.sample(using: &generator)
            if seen.insert(candidate).inserted { architectures.append(candidate) }
        }
        let runtime = NativeRuntime(cores: settings.cores)
        let started = ContinuousClock.now
        var samples: [LatencySample] = []
        var environment: MeasurementEnvironment?
        do {
            for (index, architecture) in architectures.enumerated() {
                let measured = try await runtime.measure(space: space, architecture: architecture, settings: settings)
                samples.append(LatencySample(architecture: architecture, latencyMs: measured.milliseconds))
                environment = measured.environment
                if (index + 1) % 20 == 0 { progress("measured \(index + 1)/\(architectures.count) networks") }
            }
        } catch {
            await runtime.shutdown()
            throw error
        }
        let measureSeconds = (ContinuousClock.now - started).seconds
        // The test networks once more: how far two honest measurements agree bounds any model.
        var again: [Double] = []
        do {
            for (index, architecture) in architectures.dropFirst(train).enumerated() {
                again.append(try await runtime.measure(space: space, architecture: architecture, settings: settings).milliseconds)
                if (index + 1) % 20 == 0 { progress("re-measured \(index + 1)/\(test) test networks") }
            }
        } catch {
            await runtime.shutdown()
            throw error
        }
        await runtime.shutdown()

        var model = OperatorTableModel(table: table) { architecture in
            (try? SPOSSpace().operatorSignatures(of: architecture)) ?? []
        }
        let training = Array(samples.prefix(train))
        let held = Array(samples.dropFirst(train))
        try model.fit(training)
        let sums = held.map { model.tableSum($0.architecture) }
        let signatures = model.signatures
        func searchScore(_ samples: [LatencySample]) -> LatencyScore {
            // Only its correction is scored: the limit takes no part in fitting it.
            let search = ScreeningLatencyModel(
                device: device, limit: 1, table: table, space: space, calibration: 0, signatures: signatures)
            for sample in samples { search.learn(sample.architecture, measuredMs: sample.latencyMs) }
            return LatencyScore(predicted: held.map { search.predict($0.architecture) }, measured: held.map(\.latencyMs))
        }
        var perResolution: [LatencyScore] = []
        for shrinkage in Self.perResolutionShrinkages {
            var refined = ResolutionOperatorTableModel(table: table, signatures: signatures, shrinkage: shrinkage)
            try refined.fit(training)
            perResolution.append(refined.score(held))
        }
        var spikedPlain: LatencyScore?
        var spikedSearch: LatencyScore?
        if spikes > 0 {
            var spiked = training
            let trainingSums = training.map { model.tableSum($0.architecture) }
            let widest = training.indices.sorted { trainingSums[$0] > trainingSums[$1] }
            for index in widest.prefix(spikes) { spiked[index].latencyMs *= spikeFactor }
            var plain = model
            try plain.fit(spiked)
            spikedPlain = plain.score(held)
            spikedSearch = searchScore(spiked)
        }
        return Report(
            operators: records.count, profileSeconds: profileSeconds, trainingNetworks: training.count, testNetworks: held.count,
            a: model.a, b: model.b, uncorrected: LatencyScore(predicted: sums, measured: held.map(\.latencyMs)),
            corrected: model.score(held), measureSeconds: measureSeconds, environment: environment,
            remeasureTau: RankCorrelation.kendallTau(held.map(\.latencyMs), again),
            remeasureWithin10: LatencyScore(predicted: again, measured: held.map(\.latencyMs)).within10,
            searchCorrected: searchScore(training), spikedNetworks: spikes, spikeFactor: spikeFactor,
            spikedPlain: spikedPlain, spikedSearch: spikedSearch, perResolution: perResolution,
            perResolutionShrinkages: Self.perResolutionShrinkages)
    }
}
