import Foundation
import Measurement
import Testing

/// A search keeps its measuring CPUs free by confining its other processes to the remaining CPUs.
@Suite("process confinement")
struct ProcessConfinementTests {
    @Test("every thread of a running process is confined to the given CPUs, and the set is read back")
    func confinesAProcess() throws {
        let online = CPUInfo.onlineCPUs
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
        sleeper.arguments = ["30"]
        try sleeper.run()
        defer { sleeper.terminate() }
        let pid = sleeper.processIdentifier
        #expect(ThreadPinning.allowedCPUs(of: pid) == Array(0..<online), "a new process may run anywhere")
        let target = [online - 1]
        #expect(try ThreadPinning.confineProcess(pid, to: target) == 1, "sleep has one thread")
        #expect(ThreadPinning.allowedCPUs(of: pid) == target)
        #expect(ThreadPinning.allowedCPUs(of: -1) == nil)
        #expect(throws: MeasurementError.self) { try ThreadPinning.confineProcess(pid, to: [CPUInfo.onlineCPUs + 4096]) }
    }
}
