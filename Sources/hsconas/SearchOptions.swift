import ArgumentParser

/// Options shared by `search` and `coordinator`.
struct SearchOptions: ParsableArguments {
    @Option(name: .long, help: "Search config (YAML), e.g. Configs/quickstart.yaml.")
    var config: String

    @Option(name: .long, help: "Folder for the run (overrides the config's 'output').")
    var output: String?

    @Flag(name: .long, help: "No progress line; only the summary.")
    var quiet = false
}
