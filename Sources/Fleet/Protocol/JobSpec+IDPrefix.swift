extension JobSpec {
    /// A short random prefix for the ids of one batch of jobs (a search, a profiling pass), so an
    /// answer a worker still holds from an earlier session never matches a job of this one.
    public static func randomIDPrefix() -> String {
        String(UInt32.random(in: 0...UInt32.max), radix: 36)
    }
}
