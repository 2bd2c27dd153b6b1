extension MeasurementSettings {
    /// The job-settings keys of a measurement method, as a search config's `fleet.measurement` names them.
    /// A latency or profile job carries them so that every worker of a search times by the search's
    /// method, however it was started; cores, threads and batch stay the worker's, being its machine's.
    public static var methodKeys: [String] { methodKeyOfField.values.sorted() }

    /// ``validate()``'s field names → the key that sets the field in a job's settings and in a config's
    /// `fleet.measurement` (the same names), so an error about either names what the user wrote.
    public static let methodKeyOfField = [
        "warmup": "warmup_runs", "min-runs": "min_runs", "min-seconds": "min_seconds", "max-cv": "max_cv",
        "attempts": "attempts",
    ]

    /// This method as job settings (the keys of ``methodKeys``).
    public var method: [String: String] {
        [
            "warmup_runs": String(warmupRuns), "min_runs": String(minimumRuns), "min_seconds": String(minimumSeconds),
            "max_cv": String(maximumVariation), "attempts": String(attempts),
        ]
    }

    /// These settings with the method a job's `settings` carry; keys it leaves out (and every other
    /// key) keep this worker's values. A value that is not a number, or out of range, is refused
    /// naming `settings.<key>` and the value.
    public func applying(method job: [String: String]) throws(MeasurementError) -> MeasurementSettings {
        var applied = self
        func whole(_ key: String) throws(MeasurementError) -> Int? {
            guard let text = job[key] else { return nil }
            guard let value = Int(text) else {
                throw .invalidSetting(field: "settings.\(key)", value: text, expected: "a whole number")
            }
            return value
        }
        func real(_ key: String) throws(MeasurementError) -> Double? {
            guard let text = job[key] else { return nil }
            // Plain decimal notation only (no hex, inf or nan), the same strings the Python worker takes.
            guard text.allSatisfy({ "0123456789+-.eE".contains($0) }), let value = Double(text), value.isFinite else {
                throw .invalidSetting(field: "settings.\(key)", value: text, expected: "a number")
            }
            return value
        }
        if let value = try whole("warmup_runs") { applied.warmupRuns = value }
        if let value = try whole("min_runs") {
            applied.minimumRuns = value
            // As the worker's flags and the config do: never stop an attempt before its minimum count.
            applied.maximumRuns = max(1000, value)
        }
        if let value = try real("min_seconds") { applied.minimumSeconds = value }
        if let value = try real("max_cv") { applied.maximumVariation = value }
        if let value = try whole("attempts") { applied.attempts = value }
        do {
            try applied.validate()
        } catch {
            // validate() names the field and the parsed value; name the job's key and its text instead.
            guard case .invalidSetting(let field, _, let expected) = error,
                let key = Self.methodKeyOfField[field], let text = job[key]
            else { throw error }
            throw .invalidSetting(field: "settings.\(key)", value: text, expected: expected)
        }
        return applied
    }
}
