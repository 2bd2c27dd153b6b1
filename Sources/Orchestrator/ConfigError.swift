/// A config that cannot be used, naming the field and the value.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Dotted path of the field, e.g. `targets[1].device`.
    public var field: String
    /// What is wrong, for a person.
    public var message: String

    /// An error about `field`: a config path, a `-` flag, or `(…)` for the whole document.
    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    /// `config field 'F': message`; a flag as `F: message`, the whole document as the message alone.
    public var description: String {
        if field.hasPrefix("-") { return "\(field): \(message)" }  // a command-line flag
        if field.hasPrefix("(") { return message }  // the file or document as a whole
        return "config field '\(field)': \(message)"
    }
}
