import SearchSpace

/// Which figure an asked candidate needs next, shared by every driver (``SearchDriver`` and the
/// fleet's): its latency on every target device first, then its accuracy only when it meets every
/// target (or always, when the strategy ``SearchStrategy/needsAccuracyOfInfeasible``). A failed
/// figure ends the candidate.
///
/// Devices in ``deferredDevices`` cost real measuring time: in hard mode they are asked only once
/// the candidate meets every other target, and never for a candidate that already misses one.
public struct BatchEvaluationRule: Sendable, Hashable {
    /// The hard latency targets; their devices are asked for latency in this order.
    public let targets: [LatencyTarget]
    /// Whether infeasible candidates also get an accuracy evaluation (penalty modes).
    public let accuracyOfInfeasible: Bool
    /// Devices asked last (measured for real); ignored when ``accuracyOfInfeasible`` is set.
    public let deferredDevices: Set<String>

    /// A rule for `targets`; drivers pass the strategy's ``SearchStrategy/needsAccuracyOfInfeasible``.
    public init(targets: [LatencyTarget], accuracyOfInfeasible: Bool, deferredDevices: Set<String> = []) {
        self.targets = targets
        self.accuracyOfInfeasible = accuracyOfInfeasible
        self.deferredDevices = deferredDevices
    }

    /// A candidate with nothing answered yet.
    public func figures(for architecture: Architecture) -> CandidateFigures {
        CandidateFigures(architecture: architecture, devices: Set(targets.map(\.device)))
    }

    /// What `figures` needs next.
    public func next(for figures: CandidateFigures) -> FigureRequest {
        let missing = figures.missingDevices
        if !missing.isEmpty {
            let devices = inTargetOrder(missing)
            let early = devices.filter { !deferredDevices.contains($0) }
            if accuracyOfInfeasible || early.count == devices.count { return .latency(devices: devices) }
            if !early.isEmpty { return .latency(devices: early) }
            // Only deferred devices are left: worth measuring only if the other targets are met;
            // otherwise the candidate is infeasible already (its violation counts those it misses).
            let earlyTargets = targets.filter { !deferredDevices.contains($0.device) }
            if earlyTargets.areMet(by: figures.latencyMs) { return .latency(devices: devices) }
        }
        guard !figures.accuracyAnswered, !figures.failed,
            accuracyOfInfeasible || targets.areMet(by: figures.latencyMs)
        else { return .nothing }
        return .accuracy
    }

    /// `devices` in the order of the targets, each once.
    private func inTargetOrder(_ devices: Set<String>) -> [String] {
        var seen: Set<String> = []
        return targets.map(\.device).filter { devices.contains($0) && seen.insert($0).inserted }
    }
}
