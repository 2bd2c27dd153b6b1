import ArgumentParser

/// Comma-separated option values (`--sizes 5,10,20`), parsed by swift-argument-parser through
/// `@Option(transform:)`: a bad item fails parsing with the flag, the whole value and the item
/// named, before the command runs.
enum CommaSeparated {
    /// The items of `text`, trimmed; at least one.
    static func items(_ text: String) throws -> [String] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        if let empty = items.firstIndex(of: "") {
            throw ValidationError("item \(empty + 1) is empty (expected a comma-separated list, e.g. a,b)")
        }
        return items
    }

    /// Each item converted by `parse`; an item it refuses is named with what was expected.
    static func values<Value>(_ text: String, expected: String, _ parse: (String) -> Value?) throws -> [Value] {
        try items(text).map { item in
            guard let value = parse(item) else { throw ValidationError("'\(item)' is not \(expected)") }
            return value
        }
    }

    /// Whole numbers of at least `minimum`.
    static func integers(atLeast minimum: Int) -> @Sendable (String) throws -> [Int] {
        { text in try values(text, expected: "a whole number ≥ \(minimum)") { Int($0).flatMap { $0 >= minimum ? $0 : nil } } }
    }

    /// Values of a string-backed enum, listing the allowed ones when an item is not one of them.
    static func cases<Value: RawRepresentable & CaseIterable>(_ text: String, of type: Value.Type) throws -> [Value]
    where Value.RawValue == String {
        let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
        return try values(text, expected: "one of \(allowed)") { Value(rawValue: $0) }
    }

    /// Items that must be among `allowed`.
    static func among(_ allowed: [String]) -> @Sendable (String) throws -> [String] {
        { text in try values(text, expected: "one of \(allowed.joined(separator: ", "))") { allowed.contains($0) ? $0 : nil } }
    }
}
