import ArgumentParser
import Benchmarks
import Fleet
import Foundation
import Measurement
import ZeroMQ

/// `hsconas bench fuzz`: hostile traffic against a live coordinator while real workers search.
struct BenchFuzzCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz",
        abstract: "Throw random and mutated envelopes at a live coordinator during a search; check it survives unchanged.",
        discussion: """
            Runs a small NAS-Bench-201 search ('hsconas search' with local worker processes) twice with the same \
            seed: once undisturbed, once while --peers raw DEALER sockets send --envelopes generated messages \
            (seeded by --seed: random bytes, broken and mutated JSON, wrong types, unknown versions, deep \
            nesting, odd strings, frames over the 1 MiB limit, wrong frame counts, valid messages from \
            impostors). Prints whether the fuzzed search completed with the same result, the coordinator \
            process's resident memory before and at its peak, what was sent, and the coordinator's own count of \
            dropped messages. --delay-ms slows each job so the search outlasts the fuzzing. With --curve both \
            searches run encrypted and the fuzzing peers hold an allow-listed key.
            """)

    @Option(help: "Messages to send.") var envelopes = 100_000
    @Option(help: "Raw DEALER peers sending them.") var peers = 8
    @Option(help: "Seed of the message generator.") var seed: UInt64 = 1
    @Option(help: "Simulated time per job in the search's workers, in ms.") var delayMs = 30
    @Option(help: "Accuracy evaluations of the search.") var budget = 150
    @Option(help: "Folder for the two runs (default: a fresh temporary folder).") var output: String?
    @Flag(help: "Run both searches with CURVE; the fuzzing peers hold an allow-listed key, so their messages get past the handshake (a hostile insider).")
    var curve = false

    func validate() throws {
        guard envelopes >= 1, peers >= 1, budget >= 20, delayMs >= 0 else {
            throw ValidationError("--envelopes and --peers must be at least 1, --budget at least 20, --delay-ms not negative")
        }
    }

    func config(security: String = "") -> String {
        """
        name: fuzz
        space: nb201
        dataset: cifar10
        strategy: hsconas
        seed: 7
        budget: \(budget)
        population: 20
        parents: 5
        targets:
          - device: raspi4
            max_latency_ms: 20
        fleet:
          bind: tcp://127.0.0.1:*
          heartbeat_ms: 250
          accuracy_workers: 2
          workers_per_device: 1
          simulated_delay_ms: \(delayMs)
        \(security)
        output: unused
        """
    }

    func run() async throws {
        let folder = URL(fileURLWithPath: output ?? NSTemporaryDirectory()).appendingPathComponent("hsconas-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let configPath = folder.appendingPathComponent("config.yaml").path
        var insider: WorkerSecurity?
        if curve {
            let keys = try Self.writeKeys(in: folder)
            insider = keys.insider
            try config(security: keys.section).write(toFile: configPath, atomically: true, encoding: .utf8)
        } else {
            try config().write(toFile: configPath, atomically: true, encoding: .utf8)
        }

        Console.line("undisturbed search...")
        let quiet = try await search(config: configPath, output: folder.appendingPathComponent("quiet"), fuzz: false)
        Console.line("fuzzed search: \(envelopes) envelopes from \(peers) peers, seed \(seed)...")
        let fuzzed = try await search(
            config: configPath, output: folder.appendingPathComponent("fuzzed"), fuzz: true, security: insider)

        let same = quiet.best == fuzzed.best && quiet.evaluations == fuzzed.evaluations
        Console.line("undisturbed: best \(quiet.best), \(quiet.evaluations) accuracy evaluations, \(format(quiet.seconds)) s")
        Console.line("fuzzed:      best \(fuzzed.best), \(fuzzed.evaluations) accuracy evaluations, \(format(fuzzed.seconds)) s")
        Console.line("same result: \(same ? "yes" : "NO")")
        if let report = fuzzed.report {
            let kinds = report.sent.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }
            Console.line(
                "sent \(report.total) messages in \(format(report.seconds)) s (\(Int(Double(report.total) / max(report.seconds, 1e-9))) msg/s); "
                    + "\(report.answers) answers; by kind: \(kinds.joined(separator: ", "))")
        }
        Console.line(
            "coordinator RSS: \(fuzzed.rssStartKB / 1024) MiB at start, peak \(fuzzed.rssPeakKB / 1024) MiB during fuzzing "
                + "(undisturbed peak \(quiet.rssPeakKB / 1024) MiB)")
        if let line = fuzzed.summary { Console.line("coordinator: \(line)") }
        guard same, fuzzed.status == 0, let report = fuzzed.report, report.total >= envelopes else {
            throw CommandFailure(
                "the fuzzed search did not match the undisturbed one or ended before every envelope was sent "
                    + "(status \(fuzzed.status); try a larger --delay-ms); runs kept in \(folder.path)")
        }
        try? FileManager.default.removeItem(at: folder)
    }

    struct Outcome {
        var best: String
        var evaluations: Int
        var seconds: Double
        var status: Int32
        var rssStartKB: Int
        var rssPeakKB: Int
        var report: FuzzReport?
        var summary: String?
    }

    private func search(config: String, output: URL, fuzz: Bool, security: WorkerSecurity? = nil) async throws -> Outcome {
        let started = ContinuousClock.now
        let child = try SearchChild(arguments: ["search", "--config", config, "--output", output.path, "--quiet", "--log-level", "info"])
        let line = try await child.line(containing: "coordinator listening on ")
        // "coordinator listening on tcp://127.0.0.1:PORT; starting N local workers"
        let endpoint = String(line.split(separator: " ")[3].dropLast())
        let pid = child.pid
        let rssStart = ProcessMemory.residentKilobytes(pid: pid) ?? 0
        let peak = PeakMemory(pid: pid)
        let sampler = Task {
            while !Task.isCancelled, child.isRunning {
                peak.sample()
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        var report: FuzzReport?
        if fuzz {
            let fuzzer = FleetFuzzer(endpoint: endpoint, messages: envelopes, peers: peers, seed: seed, security: security)
            report = try await onDedicatedThread { try fuzzer.run(stop: { !child.isRunning }) }
        }
        let status = try await child.exitStatus()
        sampler.cancel()
        let result = try Self.result(in: output)
        return Outcome(
            best: result.best, evaluations: result.evaluations, seconds: (ContinuousClock.now - started).seconds,
            status: status, rssStartKB: rssStart, rssPeakKB: peak.value, report: report,
            summary: child.output.first { $0.contains("coordinator stopping") })
    }

    /// Key files for a CURVE run: the coordinator's, the local workers', and an allow-listed
    /// insider's for the fuzzing peers; returns the config section and the insider's keys.
    private static func writeKeys(in folder: URL) throws -> (section: String, insider: WorkerSecurity) {
        let keys = folder.appendingPathComponent("keys")
        let allowed = folder.appendingPathComponent("allowed")
        try FileManager.default.createDirectory(at: allowed, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
        var pairs: [String: ZMQKeyPair] = [:]
        for name in ["coordinator", "local", "insider"] {
            let pair = try ZMQKeyPair.generate()
            pairs[name] = pair
            try "public-key = \(pair.publicKey)\nsecret-key = \(pair.secretKey)\n"
                .write(to: keys.appendingPathComponent("\(name).key"), atomically: true, encoding: .utf8)
            if name != "coordinator" {
                try "\(pair.publicKey)\n".write(to: allowed.appendingPathComponent("\(name).pub"), atomically: true, encoding: .utf8)
            }
        }
        guard let server = pairs["coordinator"], let insider = pairs["insider"] else { throw CommandFailure("key generation failed") }
        let section = """
              security:
                secret_key: \(keys.appendingPathComponent("coordinator.key").path)
                allowed_keys: \(allowed.path)
                worker_key: \(keys.appendingPathComponent("local.key").path)
            """
        return (section, WorkerSecurity(publicKey: insider.publicKey, secretKey: insider.secretKey, serverKey: server.publicKey))
    }

    private static func result(in output: URL) throws -> (best: String, evaluations: Int) {
        let runs = (try? FileManager.default.contentsOfDirectory(at: output, includingPropertiesForKeys: nil)) ?? []
        guard let run = runs.first,
            let data = try? Data(contentsOf: run.appendingPathComponent("result.json")),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { throw CommandFailure("no result.json under \(output.path)") }
        let best = (object["best"] as? [String: Any])?["architecture"] as? String ?? "none"
        return (best, object["accuracy_evaluations"] as? Int ?? -1)
    }

    func format(_ value: Double) -> String {
        String(format: "%.1f", value)
    }
}
