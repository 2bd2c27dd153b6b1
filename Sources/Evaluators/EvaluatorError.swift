/// A bad evaluator setting or a failed evaluation, naming the field or the evaluator and the value.
public struct EvaluatorError: Error, CustomStringConvertible, Sendable {
    /// The setting, flag or part of the protocol at fault, e.g. `proxy_batch`.
    public let field: String
    /// What is wrong with it, naming the value.
    public let reason: String

    /// An error about `field`, with `reason` saying what is wrong.
    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    /// `<field>: <reason>`.
    public var description: String { "\(field): \(reason)" }
}
