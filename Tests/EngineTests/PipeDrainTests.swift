import Foundation
import Runtimes
import Synchronization
import TestSupport
import Testing

/// A child's output read by `PipeDrain`: every byte in order, then the end, once; and so for many
/// children ending at once, the case where `FileHandle.readabilityHandler` lost an end of file
/// (a reader waiting for ever) or crashed the process in libdispatch.
@Suite("Pipe drain")
struct PipeDrainTests {
    /// What one drained child printed, and how many times its end was reported.
    final class Received: Sendable {
        private let state = Mutex((bytes: Data(), ends: 0))

        func add(_ chunk: Data) { state.withLock { $0.bytes.append(chunk) } }

        func end() { state.withLock { $0.ends += 1 } }

        var snapshot: (bytes: Data, ends: Int) { state.withLock { $0 } }
    }

    /// Starts `/bin/sh -c script` with its stdout and stderr drained into a `Received`.
    private func drained(_ script: String) throws -> (Process, Received) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let received = Received()
        PipeDrain.start(
            reading: pipe.fileHandleForReading, name: "test child", chunk: { received.add($0) }, end: { received.end() })
        return (process, received)
    }

    /// Waits until every one of `received` saw its end, failing after `limit` (a lost end of file).
    private func awaitEnds(_ received: [Received], limit: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + limit
        while received.contains(where: { $0.snapshot.ends == 0 }) {
            guard ContinuousClock.now < deadline else {
                throw TestFailure("\(received.filter { $0.snapshot.ends == 0 }.count) of \(received.count) readers never saw their end")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    @Test("a large output arrives whole and in order, then its end once")
    func largeOutput() async throws {
        // 20,000 numbered lines (about 130 KB, two pipe buffers), half of them on stderr.
        let (process, received) = try drained("i=0; while [ $i -lt 20000 ]; do echo $i; i=$((i+1)); echo $i >&2; i=$((i+1)); done")
        try await awaitEnds([received])
        try await offPool { process.waitUntilExit() }
        let snapshot = received.snapshot
        let lines = String(decoding: snapshot.bytes, as: UTF8.self).split(separator: "\n")
        #expect(lines == (0..<20000).map { Substring(String($0)) })
        #expect(snapshot.ends == 1)
        #expect(process.terminationStatus == 0)
    }

    @Test("many children ending at once each deliver their output and their end")
    func manyChildrenAtOnce() async throws {
        for round in 0..<20 {
            let children = try (0..<12).map { child in try drained("echo round \(round) child \(child); echo done >&2") }
            try await awaitEnds(children.map(\.1))
            for (index, (process, received)) in children.enumerated() {
                try await offPool { process.waitUntilExit() }
                let text = String(decoding: received.snapshot.bytes, as: UTF8.self)
                #expect(text.contains("round \(round) child \(index)\n") && text.contains("done\n"), "round \(round), child \(index): \(text)")
                #expect(received.snapshot.ends == 1)
            }
        }
    }

    @Test("a child that prints nothing ends the reader with no chunk")
    func silentChild() async throws {
        let (process, received) = try drained("exit 3")
        try await awaitEnds([received])
        try await offPool { process.waitUntilExit() }
        #expect(received.snapshot.bytes.isEmpty)
        #expect(received.snapshot.ends == 1)
        #expect(process.terminationStatus == 3)
    }
}
