import Foundation

/// A job the coordinator has accepted and not yet finished.
struct JobState {
    let spec: JobSpec
    /// Attempts so far (leases that ended in failure, death or expiry).
    var attempts = 0
    var errors: [String] = []
    var lease: Lease?

    struct Lease {
        let identity: [UInt8]
        let workerID: String
        let since: ContinuousClock.Instant
        let startedAt: Date
    }
}
