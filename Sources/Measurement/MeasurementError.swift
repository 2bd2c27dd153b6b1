/// A measurement that could not be made, naming the setting or the step.
public enum MeasurementError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidSetting(field: String, value: String, expected: String)
    case pinningFailed(cores: [Int], code: Int32)
    case runtimeFailed(runtime: String, reason: String)

    /// One line naming the setting, the CPUs or the runtime, and what is wrong.
    public var description: String {
        switch self {
        case .invalidSetting(let field, let value, let expected):
            "invalid measurement setting \(field) '\(value)': expected \(expected)"
        case .pinningFailed(let cores, let code):
            "cannot pin the measuring thread to CPUs \(cores.map(String.init).joined(separator: ",")) (error \(code))"
        case .runtimeFailed(let runtime, let reason):
            "\(runtime) runtime failed: \(reason)"
        }
    }
}
