import Foundation
import TestSupport
import Testing

/// Comma-separated flags and runtime names are parsed by swift-argument-parser (one
/// ``CommaSeparated`` rule, typed runtimes): a bad item is refused before anything runs, naming the
/// flag, the value and the item.
@Suite("list and runtime flags")
struct FlagListTests {
    @Test("bad list items and runtimes are refused naming the flag and the item", arguments: [
        (["worker", "--coordinator", "tcp://127.0.0.1:1", "--kinds", "accuracy,gpu"], ["--kinds", "'gpu' is not one of accuracy, latency, profile"]),
        (["worker", "--coordinator", "tcp://127.0.0.1:1", "--kinds", "accuracy,,latency"], ["--kinds", "item 2 is empty"]),
        (["worker", "--coordinator", "tcp://127.0.0.1:1", "--runtime", "remote"], ["--runtime 'remote' is not a worker runtime"]),
        (["measure", "--space", "nb201", "--random", "1", "--runtime", "replay"], ["--runtime 'replay' does not measure"]),
        (["measure", "--space", "nb201", "--random", "1", "--runtime", "gpu"],
         ["--runtime", "'gpu' is not a runtime (available: native, onnxruntime, command)"]),
        (["profile", "--device", "cpu", "--store", "/nonexistent/p.sqlite", "--runtime", "replay"],
         ["--runtime 'replay' is not available for local profiling workers (native, onnxruntime)"]),
        (["bench", "transfer", "--sizes", "5,x"], ["--sizes", "'x' is not a whole number ≥ 1"]),
        (["bench", "latency", "--spaces", "nb201,cifar"], ["--spaces", "'cifar' is not one of nb201, fbnet"]),
        (["bench", "hsconas", "--modes", "hard,soft"], ["--modes", "'soft' is not one of hard+dcs, hard, lambda"]),
        (["bench", "search", "--immigrants", "1.5"], ["--immigrants '1.5' must be a fraction of the children in 0…1"]),
        (["bench", "search", "--parents", "12", "--population", "10"], ["--parents '12' must be between 1 and --population (10)"]),
        (["bench", "search", "--mutation", "1.5"], ["--mutation '1.5' must be a probability in 0…1"]),
        (["bench", "search", "--population", "1"], ["--population '1' must be at least 2"]),
        (["bench", "search", "--min-utilization", "1.2"], ["--min-utilization '1.2' must be a share of the limit in 0…1"]),
        (["bench", "search", "--repair-floor=-0.1"], ["--repair-floor '-0.1' must be a share of the limit in 0…1"]),
        (["bench", "search", "--screening-margin=-1"], ["--screening-margin '-1.0' must be a number ≥ 0"]),
        (["bench", "search", "--lazy-all", "--confirm-top", "6", "--parents", "5"], ["--confirm-top '6' must be between 1 and the EA's parents (5)"]),
        (["bench", "search", "--spike-rate", "1.5"], ["--spike-rate '1.5' must be a share of the measurements in 0…1"]),
        (["bench", "search", "--spike-factor", "0"], ["--spike-factor '0.0' must be a positive number"]),
        (["bench", "engine", "--repetitions", "0"], ["--repetitions 0 must be at least 1"]),
        (["bench", "engine", "--networks", "1"], ["--networks 1 must be at least 2"]),
        (["bench", "transfer", "--sizes", "5,10", "--spikes", "5"], ["--spikes '5' must be at least 0 and fewer than the smallest of --sizes (5)"]),
    ])
    func refused(arguments: [String], expected: [String]) async throws {
        let process = try ChildProcess(arguments, name: "bad-flag")
        #expect(try await process.waitForExit() != 0)
        let output = process.output.joined(separator: "\n")
        for text in expected {
            #expect(output.contains(text), "\(arguments): \(output)")
        }
    }

    @Test("--runtime help names only the runtimes the command accepts", arguments: [
        ("measure", ["native", "onnxruntime", "command"], ["replay", "remote"]),
        ("profile", ["native", "onnxruntime"], ["replay", "command", "remote"]),
        ("worker", ["replay", "native", "onnxruntime", "command"], ["remote"]),
    ])
    func runtimeHelp(command: String, accepted: [String], refused: [String]) async throws {
        let process = try ChildProcess([command, "--help"], name: "\(command)-help")
        #expect(try await process.waitForExit() == 0)
        // The option's entry: its first line and the indented lines that continue it.
        let lines = process.output.drop { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("--runtime <runtime>") }
        let entry = ([lines.first ?? ""] + lines.dropFirst().prefix { $0.hasPrefix("      ") })
            .joined(separator: " ")
        #expect(!entry.isEmpty, "no --runtime entry in \(command) --help")
        for name in accepted {
            #expect(entry.contains(name), "\(command): \(entry)")
        }
        for name in refused {
            #expect(!entry.contains(name), "\(command) --help lists '\(name)': \(entry)")
        }
    }
}
