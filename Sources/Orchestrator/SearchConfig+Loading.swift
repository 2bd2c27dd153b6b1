import BenchmarkData
import Foundation
import Measurement
import Search
import SearchSpace
import Yams

extension SearchConfig {
    /// Reads and validates a YAML config file; returns the config and the text it was read from.
    public static func load(path: String, table: NB201Table) throws(ConfigError) -> (SearchConfig, String) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(field: "(file)", "cannot read config '\(path)': \(error.localizedDescription)")
        }
        return (try parse(yaml: text, table: table), text)
    }

    /// Parses and validates YAML text: unknown fields, wrong types and out-of-range values are
    /// all rejected with the field and the value named.
    public static func parse(yaml: String, table: NB201Table) throws(ConfigError) -> SearchConfig {
        let tree: Any?
        do {
            tree = try Yams.load(yaml: yaml)
        } catch {
            throw ConfigError(field: "(yaml)", "not valid YAML: \(error)")
        }
        guard let root = tree as? [String: Any] else {
            throw ConfigError(field: "(top level)", "expected a mapping of fields, got \(String(describing: tree))")
        }
        try checkKeys(root, allowed: CodingKeys.allCases.map(\.rawValue), path: "")
        if let targets = root["targets"] as? [Any] {
            for (index, target) in targets.enumerated() {
                guard let mapping = target as? [String: Any] else {
                    throw ConfigError(field: "targets[\(index)]", "expected {device, max_latency_ms}, got \(target)")
                }
                try checkKeys(mapping, allowed: TargetConfig.CodingKeys.allCases.map(\.rawValue), path: "targets[\(index)].")
                try checkLimitKeys(mapping, path: "targets[\(index)].")
            }
        }
        if let fleet = root["fleet"] as? [String: Any] {
            try checkKeys(fleet, allowed: FleetConfig.CodingKeys.allCases.map(\.rawValue), path: "fleet.")
            if let measurement = fleet["measurement"] as? [String: Any] {
                try checkKeys(measurement, allowed: MeasurementConfig.CodingKeys.allCases.map(\.rawValue), path: "fleet.measurement.")
            }
            if let security = fleet["security"] as? [String: Any] {
                try checkKeys(security, allowed: FleetConfig.Security.CodingKeys.allCases.map(\.rawValue), path: "fleet.security.")
            }
        }
        if let constraint = root["constraint"], ConstraintMode(rawValue: "\(constraint)") == nil {
            throw ConfigError(
                field: "constraint",
                "unknown mode '\(constraint)' (available: \(ConstraintMode.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let config: SearchConfig
        do {
            config = try YAMLDecoder().decode(SearchConfig.self, from: yaml)
        } catch let error as DecodingError {
            throw Self.describe(error)
        } catch {
            throw ConfigError(field: "(yaml)", "\(error)")
        }
        // A key the space ignores is a mistake worth naming: spos has no benchmark table.
        if config.isSPOS, root["dataset"] != nil {
            throw ConfigError(
                field: "dataset",
                "'\(config.dataset.rawValue)' names a NAS-Bench-201 table dataset; the spos space has none (remove the field)")
        }
        try config.validate(table: table)
        return config
    }

    /// A target states its limit once: in ms, or relative to the device (`max_latency: pNN`).
    private static func checkLimitKeys(_ mapping: [String: Any], path: String) throws(ConfigError) {
        switch (mapping["max_latency_ms"], mapping["max_latency"]) {
        case (nil, nil):
            throw ConfigError(
                field: path + "max_latency_ms",
                "is required (or max_latency: pNN, a percentile of the device's own latency, e.g. p30)")
        case (.some(let absolute), .some(let relative)):
            throw ConfigError(
                field: path + "max_latency", "'\(relative)' and max_latency_ms \(absolute) both given; keep one")
        case (nil, .some(let relative)):
            do {
                _ = try RelativeLatencyLimit(parsing: "\(relative)")
            } catch {
                throw ConfigError(field: path + "max_latency", error.message)
            }
        case (.some, nil):
            break
        }
    }

    private static func checkKeys(_ mapping: [String: Any], allowed: [String], path: String) throws(ConfigError) {
        for key in mapping.keys.sorted() where !allowed.contains(key) {
            throw ConfigError(field: path + key, "unknown field (known: \(allowed.joined(separator: ", ")))")
        }
    }

    private static func describe(_ error: DecodingError) -> ConfigError {
        func path(_ codingPath: [any CodingKey]) -> String {
            var text = ""
            for key in codingPath {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += text.isEmpty ? key.stringValue : "." + key.stringValue
                }
            }
            return text.isEmpty ? "(top level)" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            return ConfigError(field: path(context.codingPath + [key]), "is required")
        case .typeMismatch(let type, let context):
            return ConfigError(field: path(context.codingPath), "expected \(type): \(context.debugDescription)")
        case .valueNotFound(let type, let context):
            return ConfigError(field: path(context.codingPath), "is empty, expected \(type)")
        case .dataCorrupted(let context):
            return ConfigError(field: path(context.codingPath), context.debugDescription)
        @unknown default:
            return ConfigError(field: "(yaml)", "\(error)")
        }
    }

    /// Checks every value against its allowed range and the benchmark table.
    public func validate(table: NB201Table) throws(ConfigError) {
        guard !name.isEmpty, !name.contains("/") else {
            throw ConfigError(field: "name", "'\(name)' must be non-empty and contain no '/'")
        }
        guard budget >= 1 else { throw ConfigError(field: "budget", "\(budget) must be at least 1") }
        if let violation = SearchSettings.violation(
            population: population, parents: parents, mutationProbability: mutationProbability)
        {
            throw ConfigError(
                field: violation.setting.rawValue, "\(violation.value) \(violation.requirement(naming: \.rawValue))")
        }
        guard (1...parents).contains(confirmTop) else {
            throw ConfigError(field: "confirm_top", "\(confirmTop) must be between 1 and parents (\(parents))")
        }
        guard (0...1).contains(shrinkEvery) else {
            throw ConfigError(field: "shrink_every", "\(shrinkEvery) must be within 0...1")
        }
        if let shrinkMinExpected, !(shrinkMinExpected > 0 && shrinkMinExpected.isFinite) {
            throw ConfigError(field: "shrink_min_expected", "\(shrinkMinExpected) must be a positive number")
        }
        var seen: Set<String> = []
        for (index, target) in targets.enumerated() {
            guard RuntimeKind.targetRuntimes.contains(target.runtime) else {
                throw ConfigError(
                    field: "targets[\(index)].runtime",
                    "unknown runtime '\(target.runtime)' (available: \(RuntimeKind.list(RuntimeKind.targetRuntimes)))")
            }
            if target.isReplayed, isSPOS {
                throw ConfigError(
                    field: "targets[\(index)].runtime",
                    "'replay' needs a benchmark table and spos has none; measure the device (runtime: native, onnxruntime or remote)")
            } else if target.isReplayed {
                do {
                    try table.checkDevice(target.device)
                } catch {
                    throw ConfigError(field: "targets[\(index)].device", error.message + " (or give the target a real runtime: native, onnxruntime, remote)")
                }
            } else {
                guard !target.device.isEmpty, !target.device.contains(where: { $0.isWhitespace || $0 == "/" }) else {
                    throw ConfigError(field: "targets[\(index)].device", "'\(target.device)' must be a name without spaces or '/'")
                }
            }
            if target.usesOperatorTable(spos: isSPOS) {
                guard !target.isReplayed else {
                    throw ConfigError(field: "targets[\(index)].model", "a replayed device needs no model; give the target a real runtime")
                }
                // spos profiles a missing or incomplete operator table through the fleet (353
                // operators, under a minute); nb201's catalog is the 15,625 cells', so it is profiled beforehand.
                if !isSPOS || target.profile != nil {
                    guard let profile = target.profile, !profile.isEmpty else {
                        throw ConfigError(
                            field: "targets[\(index)].profile",
                            "is required with model: table (the store of 'hsconas profile --device \(target.device) --store FILE')")
                    }
                }
                if let band = target.band, !(band > 0 && band < 1) {
                    throw ConfigError(field: "targets[\(index)].band", "\(band) must be within 0…1 (exclusive)")
                }
            }
            if let band = target.band, !target.usesOperatorTable(spos: isSPOS) {
                throw ConfigError(
                    field: "targets[\(index)].band",
                    "\(band) applies only to model: table (the operator table's fixed band); this target's model decides by its interval (confidence)")
            }
            if target.decidesLazily, !target.usesRegression(spos: isSPOS), !target.usesOperatorTable(spos: isSPOS) {
                throw ConfigError(
                    field: "targets[\(index)].decide",
                    "'\(target.decide.rawValue)' decides on a latency model and \(target.model == nil ? "this target's default, model: none," : "model: none") has none; "
                        + "give the target model: regression or table, or decide: interval")
            }
            if target.usesRegression(spos: isSPOS) || target.usesOperatorTable(spos: isSPOS) {
                guard target.confidence > 0, target.confidence.isFinite else {
                    throw ConfigError(field: "targets[\(index)].confidence", "\(target.confidence) must be a positive number of standard deviations")
                }
            }
            guard target.threads >= 1 else {
                throw ConfigError(field: "targets[\(index)].threads", "\(target.threads) must be at least 1")
            }
            if let cores = target.cores {
                let online = CPUInfo.onlineCPUs
                guard !cores.isEmpty, cores.allSatisfy({ (0..<online).contains($0) }) else {
                    throw ConfigError(
                        field: "targets[\(index)].cores", "\(cores) must be CPUs within 0...\(online - 1) of this machine")
                }
            }
            guard seen.insert(target.device).inserted else {
                throw ConfigError(field: "targets[\(index)].device", "'\(target.device)' is listed twice")
            }
            if target.maxLatency != nil {
                guard (5...1000).contains(target.limitSample) else {
                    throw ConfigError(
                        field: "targets[\(index)].limit_sample",
                        "\(target.limitSample) must be within 5...1000 (networks measured to resolve max_latency)")
                }
            } else {
                guard target.maxLatencyMs > 0, target.maxLatencyMs.isFinite else {
                    throw ConfigError(field: "targets[\(index)].max_latency_ms", "\(target.maxLatencyMs) must be a positive number")
                }
            }
        }
        if let maxMeasurements, maxMeasurements < 1 {
            throw ConfigError(field: "max_measurements", "\(maxMeasurements) must be at least 1 (measurements per measured device)")
        }
        if let maxWallSeconds, !(maxWallSeconds > 0 && maxWallSeconds.isFinite) {
            throw ConfigError(field: "max_wall_seconds", "\(maxWallSeconds) must be a positive number of seconds")
        }
        try fleet.validate()
        try validateSearchModes()
        guard !output.isEmpty else { throw ConfigError(field: "output", "must not be empty") }
    }

    /// Constraint mode, channel scaling, λ and the accuracy evaluator against the space and strategy.
    private func validateSearchModes() throws(ConfigError) {
        if let channelScaling {
            guard isSPOS else {
                throw ConfigError(
                    field: "channel_scaling",
                    "\(channelScaling) is meaningless for \(space): dynamic channel scaling needs channel-ratio genes (space: spos)")
            }
            guard strategy == .hsconas else {
                throw ConfigError(field: "channel_scaling", "\(channelScaling) is an HSCoNAS EA option; strategy \(strategy.rawValue) ignores it")
            }
            guard !channelScaling || constraint == .hard else {
                throw ConfigError(
                    field: "channel_scaling",
                    "\(channelScaling) is part of constraint: hard; constraint \(constraint.rawValue) steers latency by its multiplier")
            }
        }
        if usesChannelScaling, strategy == .hsconas,
            let index = targets.firstIndex(where: { !$0.usesOperatorTable(spos: isSPOS) })
        {
            throw ConfigError(
                field: "targets[\(index)].model",
                "'\(targets[index].model?.rawValue ?? "")': channel scaling chooses ratios on every target's latency model; "
                    + "use model: table or set channel_scaling: false")
        }
        if constraint == .lambda {
            guard strategy == .hsconas else {
                throw ConfigError(field: "constraint", "lambda is an HSCoNAS EA mode; strategy \(strategy.rawValue) has hard constraints only")
            }
            guard !targets.isEmpty else {
                throw ConfigError(field: "constraint", "lambda needs at least one latency target to steer towards")
            }
        }
        for key in accuracySettings.keys.sorted() where key.isEmpty || key == "dataset" {
            throw ConfigError(
                field: "accuracy_settings.\(key)",
                key.isEmpty ? "a setting needs a name" : "is set from the config's dataset field, not here")
        }
        for (field, value) in [("lambda_step", lambdaStep), ("lambda_initial", lambdaInitial)] {
            guard let value else { continue }
            guard constraint == .lambda else {
                throw ConfigError(field: field, "\(value) is only used with constraint: lambda (it is \(constraint.rawValue))")
            }
            guard value.isFinite, field != "lambda_step" || value > 0 else {
                throw ConfigError(field: field, "\(value) must be a \(field == "lambda_step" ? "positive" : "finite") number")
            }
        }
        switch (accuracyEvaluator, isSPOS) {
        case (.table, true):
            throw ConfigError(
                field: "fleet.accuracy_evaluator",
                "'table' is the NAS-Bench-201 benchmark table, which has no spos networks (use proxy or command)")
        default:
            break
        }
    }
}
