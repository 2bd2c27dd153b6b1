import ArgumentParser
import Measurement
import Runtimes

/// The flags of `--runtime command`, shared by `measure` and `worker`.
struct CommandRuntimeOptions: ParsableArguments {
    @Option(name: .long, help: "For --runtime command: the command line, with {model} (and optionally {threads}, {batch}, {cores}).")
    var command: String?

    @Option(name: .long, help: "For --runtime command: a regular expression whose first group captures the latency.")
    var pattern: String?

    @Option(name: .long, help: "For --runtime command: multiply the captured figure by this to get milliseconds.")
    var scale: Double = 1

    /// Refuses `--runtime command` without its two flags.
    func check(runtime: RuntimeKind) throws {
        if runtime == .command && (command == nil || pattern == nil) {
            throw ValidationError("--runtime command needs --command 'tool … {model} …' and --pattern 'regex with (group)'")
        }
    }

    /// The runtime, with a bad template or pattern reported as the flag that holds it.
    func makeRuntime(cores: [Int]) throws -> CommandRuntime {
        do {
            return try CommandRuntime(template: command ?? "", pattern: pattern ?? "", scale: scale, cores: cores)
        } catch {
            guard case .invalidSetting(let field, let value, let expected) = error else { throw error }
            throw ValidationError("--\(field) '\(value)': expected \(expected)")
        }
    }
}
