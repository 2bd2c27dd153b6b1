/// Notices a latency or profile job that a worker has held far longer than that device's jobs of
/// the kind usually take: a phone that dropped off USB (the worker holds the job until it is back,
/// `--device-wait`), a board that hangs. The search only waits then, and without this the
/// coordinator's progress would stop without a word; the worker's own log says why.
///
/// "Usually" is the median of the device's last answered jobs of the kind, from lease to answer
/// (less any wait for the device the worker reported). A job is told once per lease, when it has
/// been held ``factor`` times that long and at least the floor the coordinator gives (a few
/// heartbeats), or ``unknownUsual`` while fewer than ``enough`` of its kind have been answered on
/// the device (a first measurement includes loading and warming up). A lease that expires ends
/// the notice: the coordinator logs `lease expired` and sends the job again.
struct LongHeldJobWatch {
    /// Answered jobs per device and kind whose durations make the usual one.
    static let remembered = 20
    /// Answered jobs a device needs before its usual duration is trusted.
    static let enough = 3
    /// How many times the usual duration a job is held before it is told.
    static let factor = 10
    /// How long a job is held before it is told while its device has too few answered jobs.
    static let unknownUsual: Duration = .seconds(60)

    /// Recent durations by "device/kind", oldest first.
    private var recent: [String: [Duration]] = [:]
    /// Jobs told, by job id, with the start of the lease they were told for.
    private var told: [String: ContinuousClock.Instant] = [:]

    /// Remembers how long an answered job took on its device.
    mutating func answered(_ spec: JobSpec, took duration: Duration) {
        let key = Self.key(spec)
        var durations = recent[key, default: []]
        durations.append(duration)
        if durations.count > Self.remembered { durations.removeFirst(durations.count - Self.remembered) }
        recent[key] = durations
    }

    /// The median of the job's device's recent answered jobs of its kind; nil with fewer than ``enough``.
    func usual(for spec: JobSpec) -> Duration? {
        guard let durations = recent[Self.key(spec)], durations.count >= Self.enough else { return nil }
        let sorted = durations.sorted()
        let middle = sorted.count / 2
        return sorted.count.isMultiple(of: 2) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
    }

    /// How long the job may be held before it is told.
    func limit(for spec: JobSpec, floor: Duration) -> Duration {
        max(floor, usual(for: spec).map { $0 * Self.factor } ?? Self.unknownUsual)
    }

    /// True the first time a lease (a job and the instant it was leased) is told.
    mutating func tell(_ jobID: String, leasedAt since: ContinuousClock.Instant) -> Bool {
        guard told[jobID] != since else { return false }
        told[jobID] = since
        return true
    }

    /// Whether this lease was told; forgets it.
    mutating func end(_ jobID: String, leasedAt since: ContinuousClock.Instant) -> Bool {
        told.removeValue(forKey: jobID) == since
    }

    /// Whether this lease was told (and is still held).
    func wasTold(_ jobID: String, leasedAt since: ContinuousClock.Instant) -> Bool {
        told[jobID] == since
    }

    /// Forgets told jobs whose lease is over (answered, failed, expired or re-leased).
    mutating func forget(unless stillHeld: (String, ContinuousClock.Instant) -> Bool) {
        told = told.filter { stillHeld($0.key, $0.value) }
    }

    private static func key(_ spec: JobSpec) -> String { "\(spec.device ?? "")/\(spec.kind.rawValue)" }
}
