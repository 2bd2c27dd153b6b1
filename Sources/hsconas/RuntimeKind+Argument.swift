import ArgumentParser
import Measurement

/// `--runtime NAME`, parsed through `@Option(transform:)` rather than `ExpressibleByArgument`: the
/// parser would list every kind in help and errors, while each command accepts only some. A known
/// kind the command refuses is left to its `validate()`, which says why.
extension RuntimeKind {
    /// Parses a runtime name; an unknown one is refused listing `accepted`, the command's runtimes.
    static func argument(accepting accepted: [RuntimeKind]) -> @Sendable (String) throws -> RuntimeKind {
        { text in
            guard let kind = RuntimeKind(rawValue: text) else {
                throw ValidationError("'\(text)' is not a runtime (available: \(list(accepted)))")
            }
            return kind
        }
    }

    /// Shell completion offering only `accepted`.
    static func completion(accepting accepted: [RuntimeKind]) -> CompletionKind {
        .list(accepted.map(\.rawValue))
    }
}
