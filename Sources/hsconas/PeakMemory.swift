import Benchmarks
import Fleet
import Synchronization

/// The highest resident memory seen for one process across samples.
final class PeakMemory: Sendable {
    private let pid: Int32
    private let peak = Mutex(0)

    init(pid: Int32) {
        self.pid = pid
    }

    func sample() {
        guard let now = ProcessMemory.residentKilobytes(pid: pid) else { return }
        peak.withLock { $0 = max($0, now) }
    }

    var value: Int { peak.withLock { $0 } }
}
