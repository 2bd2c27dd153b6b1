import Foundation
import Testing

/// `hsconas bench thin-worker` with a thin worker that cannot run.
@Suite("bench thin-worker")
struct BenchThinWorkerTests {
    @Test("a thin worker that exits ends the benchmark with its status and its log named, instead of waiting for it")
    func thinWorkerExits() async throws {
        let scratch = try Scratch.directory("bench-thin")
        let logs = scratch.appendingPathComponent("logs")
        // `false` exits 1 whatever its arguments: a thin worker that never joins.
        let bench = try ChildProcess(["bench", "thin-worker", "--thin-worker", "false", "--logs", logs.path], name: "bench-thin")
        let status = try await bench.waitForExit(idle: .seconds(60))
        let printed = bench.output.joined(separator: "\n")
        #expect(status != 0, "\(printed)")
        #expect(printed.contains("the thin worker 'false' exited with status 1"), "\(printed)")
        #expect(printed.contains(logs.appendingPathComponent("bench-thin-ort.log").path), "\(printed)")
    }
}
