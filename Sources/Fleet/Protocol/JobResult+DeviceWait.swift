extension JobResult {
    /// The environment key with which a worker reports how long it held the job while its device
    /// was unreachable (`--device-wait`), in milliseconds as a string. The store reads the same key
    /// (`EvaluationRecord.deviceWaitKey`); the thin worker writes it too.
    public static let deviceWaitKey = "device_wait_ms"

    /// The wait the worker reported, bounded by `held` (the job's lease to answer): a worker's
    /// figure must neither trap the conversion (1e300 ms) nor count for more than the job took.
    /// Zero when none was reported or the figure is not a positive number.
    public func deviceWait(boundedBy held: Duration) -> Duration {
        guard let text = environment[Self.deviceWaitKey], let milliseconds = Double(text), milliseconds.isFinite,
            milliseconds > 0
        else { return .zero }
        return min(.milliseconds(min(milliseconds, 1e12)), held)
    }
}
