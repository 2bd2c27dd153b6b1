import ArgumentParser

/// `hsconas keys`: CURVE key pairs for coordinators and workers.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Manage CURVE key pairs for encrypted, authenticated fleets.",
        discussion: """
            A coordinator started with --curve-secret-key and --allow-keys serves only workers whose public \
            key is in its allow-list folder; workers join with --curve-key and --coordinator-key. 'keys \
            generate' makes a pair for either side.

            Example: hsconas keys generate --name coordinator --out keys/
            """,
        subcommands: [KeysGenerateCommand.self])
}
