import ArgumentParser

/// `hsconas keys`: CURVE key pairs for coordinators and workers.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Manage CURVE key pairs for encrypted, authenticated fleets.",
        subcommands: [KeysGenerateCommand.self])
}
