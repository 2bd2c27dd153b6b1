import Fleet
import Synchronization

extension ScriptedFleet {
    /// A fleet whose latency jobs for `architecture` answer `readings` in turn (the last one again
    /// once they run out), whose other latency jobs answer `otherLatency` ms, and whose accuracy
    /// jobs answer `accuracy` of the job's architecture.
    static func readings(
        of architecture: String, _ readings: [Answer], otherLatency: Double, accuracy: @escaping @Sendable (String) -> Double
    ) -> ScriptedFleet {
        let taken = Mutex(0)
        return ScriptedFleet { job in
            if job.kind == .accuracy { return .figure(accuracy(job.architecture)) }
            guard job.architecture == architecture else { return .figure(otherLatency) }
            let index = taken.withLock { count in
                defer { count += 1 }
                return count
            }
            return readings[min(index, readings.count - 1)]
        }
    }
}
