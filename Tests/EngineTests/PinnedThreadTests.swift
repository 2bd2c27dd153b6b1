import Foundation
import Measurement
import Testing

/// The measuring thread runs every piece of work on the CPU it was pinned to, so no measurement
/// migrates between CPUs; each set of cores has its own thread.
@Suite("pinned measuring thread")
struct PinnedThreadTests {
    /// The first and last CPU this process may use (the same one on a single-CPU machine).
    static var edgeCPUs: [Int] {
        let allowed = ThreadPinning.allowedCPUs(of: getpid()) ?? [0]
        return Array(Set([allowed.first ?? 0, allowed.last ?? 0])).sorted()
    }

    @Test("every piece of work runs on the thread's CPU, for each CPU asked for in turn")
    func runsOnItsCPU() async throws {
        for cpu in Self.edgeCPUs + Self.edgeCPUs.reversed() {
            let thread = PinnedThread(cores: [cpu], name: "test-pinned-\(cpu)")
            defer { thread.stop() }
            var seen: Set<Int> = []
            for _ in 0..<50 {
                // Some work between reads, so the scheduler has the chance to move an unpinned thread.
                seen.insert(try await thread.run { () -> Int in
                    var sum = 0.0
                    for index in 0..<20_000 { sum += Double(index).squareRoot() }
                    return sum > 0 ? ThreadPinning.currentCPU : -1
                })
            }
            #expect(seen == [cpu], "pinned to CPU \(cpu), ran on \(seen.sorted())")
        }
    }

    @Test("two threads pinned to different CPUs each keep their own, interleaved")
    func twoThreadsKeepTheirCPUs() async throws {
        let cpus = Self.edgeCPUs
        let threads = cpus.map { PinnedThread(cores: [$0], name: "test-pinned-pair-\($0)") }
        defer { threads.forEach { $0.stop() } }
        for _ in 0..<20 {
            for (thread, cpu) in zip(threads, cpus) {
                #expect(try await thread.run { ThreadPinning.currentCPU } == cpu)
            }
        }
    }

    @Test("a CPU that does not exist fails the first piece of work with the CPU named; a stopped thread refuses work")
    func failsClearly() async throws {
        let missing = CPUInfo.onlineCPUs + 4096
        let thread = PinnedThread(cores: [missing], name: "test-pinned-missing")
        await #expect {
            _ = try await thread.run { ThreadPinning.currentCPU }
        } throws: { error in
            "\(error)".contains("\(missing)")
        }
        thread.stop()

        let stopped = PinnedThread(cores: [Self.edgeCPUs[0]], name: "test-pinned-stopped")
        stopped.stop()
        await #expect {
            _ = try await stopped.run { 1 }
        } throws: { error in
            "\(error)".contains("has stopped")
        }
    }
}
