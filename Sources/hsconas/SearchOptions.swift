import ArgumentParser
import Orchestrator

/// Options shared by `search` and `coordinator`.
struct SearchOptions: ParsableArguments {
    @Option(name: .long, help: "Search config (YAML), e.g. Configs/quickstart.yaml; give exactly one of --config and --resume.")
    var config: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Continue the killed run in this store (RUN_FOLDER/run.sqlite) with the config stored in it.",
            discussion: "Stored evaluations are reused, not redone; the run folder and store are the same, so --output is refused with it."))
    var resume: String?

    @Option(name: .long, help: "Folder for the run (overrides the config's 'output').")
    var output: String?

    @Flag(name: .long, help: "No progress line; only the summary.")
    var quiet = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Stop once a measured device has answered this many latency jobs (overrides max_measurements).",
            discussion: "The run ends with the best answer so far; --resume with a larger bound continues it."))
    var maxMeasurements: Int?

    @Option(name: .long, help: "Stop after this many seconds with the best answer so far (overrides max_wall_seconds).")
    var maxWallSeconds: Double?

    /// The config with the command line's bounds applied.
    func applyingBounds(to config: SearchConfig) -> SearchConfig {
        var config = config
        if let maxMeasurements { config.maxMeasurements = maxMeasurements }
        if let maxWallSeconds { config.maxWallSeconds = maxWallSeconds }
        return config
    }

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Serve a live page, /api/status and /metrics (Prometheus) on HOST:PORT, e.g. 127.0.0.1:8080 (port 0: any free one).",
            discussion: "Off by default. A bare port binds loopback only; name another address to expose it."))
    var http: String?

    @Option(name: .long, help: "With --http: keep serving the final figures this many seconds after the search ends.")
    var httpLinger: Double = 0

    func validate() throws {
        switch (config, resume) {
        case (nil, nil):
            throw ValidationError("give --config FILE for a new run, or --resume RUN.sqlite to continue one")
        case (.some, .some):
            throw ValidationError("--config and --resume exclude each other: a resumed run uses the config stored with it")
        default:
            break
        }
        if let maxMeasurements, maxMeasurements < 1 {
            throw ValidationError("--max-measurements \(maxMeasurements) must be at least 1")
        }
        if let maxWallSeconds, !(maxWallSeconds > 0 && maxWallSeconds.isFinite) {
            throw ValidationError("--max-wall-seconds \(maxWallSeconds) must be a positive number of seconds")
        }
        if httpLinger < 0 || !httpLinger.isFinite {
            throw ValidationError("--http-linger '\(httpLinger)': expected seconds ≥ 0")
        }
        if resume != nil, let output {
            throw ValidationError("--output '\(output)' cannot be combined with --resume: the run continues in its own folder")
        }
    }
}
