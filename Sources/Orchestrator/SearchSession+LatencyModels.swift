import BenchmarkData
import Fleet
import Foundation
import LatencyModel
import Measurement
import Search
import SearchSpace
import Store

/// The targets' hardware models: their operator-table stores, profiled through the fleet where
/// they are incomplete (spos), and the screening models the driver and the strategy use.
extension SearchSession {
    /// A target's operator-table store, opened before the run starts.
    struct ProfileStore {
        var target: TargetConfig
        var index: Int
        var store: RunStore
        /// Signatures still to profile (spos); empty when the table is complete.
        var missing: [String]
    }

    /// Where a target's operator table lives: its `profile`, else (spos) `<output>/profiles.sqlite`,
    /// shared by every search writing to the same output folder, so a table is profiled once. A
    /// resumed run without `--output` uses the folder its run folder is in: the stored config's
    /// `output` may be relative to another working directory, or was overridden at the start, and
    /// profiling again would cost each board minutes and could screen on another table.
    public func profilePath(of target: TargetConfig) -> String {
        if let profile = target.profile { return profile }
        let folder =
            output ?? resumeStore.map { URL(fileURLWithPath: $0).deletingLastPathComponent().deletingLastPathComponent().path }
            ?? config.output
        return URL(fileURLWithPath: folder).appendingPathComponent("profiles.sqlite").path
    }

    /// Opens every screened target's profile store and finds what its table lacks. nb201 needs a
    /// complete store profiled beforehand; spos creates a missing store and lists the operators to profile.
    func profileStores(space: any NetworkSpace) throws -> [ProfileStore] {
        var stores: [ProfileStore] = []
        for (index, target) in config.targets.enumerated() where target.usesOperatorTable(spos: config.isSPOS) {
            let path = profilePath(of: target)
            let field = "targets[\(index)].profile"
            do {
                if config.isSPOS {
                    try FileManager.default.createDirectory(
                        at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
                } else {
                    guard FileManager.default.fileExists(atPath: path) else { throw StoreError(path: path, message: "no such file") }
                }
                let store = try RunStore(path: path)
                if config.isSPOS {
                    let (missing, _) = try OperatorProfiler.missing(space: space, device: target.device, store: store)
                    stores.append(ProfileStore(target: target, index: index, store: store, missing: missing))
                } else {
                    guard !(try store.profiles(space: space.name, device: target.device)).isEmpty else {
                        throw ConfigError(
                            field: field,
                            "'\(path)' has no \(space.name) operator table for '\(target.device)'; "
                                + "run 'hsconas profile --space \(space.name) --device \(target.device) --store \(path)' first")
                    }
                    stores.append(ProfileStore(target: target, index: index, store: store, missing: []))
                }
            } catch let error as ConfigError {
                throw error
            } catch {
                throw ConfigError(field: field, "'\(path)': \(error)")
            }
        }
        return stores
    }

    /// Profiles the operators the targets' tables lack through the fleet, by the devices' own
    /// workers (which must take `profile` jobs).
    func profileMissingOperators(
        space: any NetworkSpace, profiles: [ProfileStore], coordinator: FleetCoordinator,
        progress: (String, Int, Int) -> Void
    ) async throws {
        let requests = profiles.filter { !$0.missing.isEmpty }.map {
            OperatorProfiler.Request(device: $0.target.device, store: $0.store, missing: $0.missing)
        }
        if !requests.isEmpty {
            logger.info(
                "profiling operator tables", metadata: ["operators": "\(requests.map { "\($0.device) \($0.missing.count)" })"])
            // The driver takes over the coordinator's events afterwards; one reader at a time.
            var events = coordinator.events.makeAsyncIterator()
            let outcomes = try await OperatorProfiler.profile(
                requests, space: space, method: config.fleet.jobMethod, coordinator: coordinator,
                events: &events, logger: logger, progress: progress)
            for (device, outcome) in outcomes.sorted(by: { $0.key < $1.key }) {
                guard let (signature, error) = outcome.failed.min(by: { $0.key < $1.key }) else { continue }
                throw FleetLaunchError(
                    "profiling \(outcome.failed.count) operators of '\(device)' failed (e.g. \(signature): \(error)); "
                        + "the search needs its whole table")
            }
        }
    }

    /// Each screened target's model: from its (complete) operator table, or a regression learned
    /// from its measurements, with the target's limit as this session states it (resolved, for a
    /// relative one).
    func screeningModels(space: any NetworkSpace, profiles: [ProfileStore]) throws -> [String: any ScreeningModel] {
        // spos networks are keyed without building them (dynamic channel scaling predicts often).
        var signatures: (@Sendable (Architecture) -> [String])?
        if config.isSPOS {
            let index = try SPOSSignatureIndex()
            signatures = { index.signatures(of: $0) }
        }
        var models: [String: any ScreeningModel] = [:]
        for target in config.targets where target.usesRegression(spos: config.isSPOS) {
            // A replayed device learns from the table's other devices, never from its own column.
            let references = config.isSPOS ? nil : try FleetReferences.nb201(table: table, excluding: target.isReplayed ? target.device : nil)
            models[target.device] = RegressionScreeningModel(
                device: target.device, limit: target.maxLatencyMs, space: space, confidence: target.confidence,
                references: references)
        }
        for profile in profiles {
            let records = try profile.store.profiles(space: space.name, device: profile.target.device)
            models[profile.target.device] = ScreeningLatencyModel(
                device: profile.target.device, limit: config.targets[profile.index].maxLatencyMs, band: profile.target.band,
                confidence: profile.target.confidence,
                table: Dictionary(records.map { ($0.signature, $0.latencyMs) }, uniquingKeysWith: { first, _ in first }),
                space: space, signatures: signatures)
        }
        return models
    }
}
