import ArgumentParser

/// `hsconas store`: tools for a run's SQLite store.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Inspect a run's SQLite store (RUN_FOLDER/run.sqlite).",
        subcommands: [StoreCheckCommand.self])
}
