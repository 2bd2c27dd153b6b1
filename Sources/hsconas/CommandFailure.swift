import ArgumentParser

/// An error a command reports as one `error: …` line and a non-zero exit.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String

    init(_ message: String) {
        description = message
    }
}
