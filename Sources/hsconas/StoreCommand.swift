import ArgumentParser

/// `hsconas store`: tools for a run's SQLite store.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Inspect a run's SQLite store (RUN_FOLDER/run.sqlite).",
        discussion: """
            Every run keeps its config, evaluations, checkpoints and logs in RUN_FOLDER/run.sqlite. 'store \
            check' verifies one without changing it; 'hsconas report' draws one.

            Example: hsconas store check runs/quickstart-20260101-120000/run.sqlite
            """,
        subcommands: [StoreCheckCommand.self])
}
