extension KeyedDecodingContainer {
    /// A config field naming one of a few choices (`space: nb201`, `decide: lazy`); nil when absent.
    /// An unknown name is refused with the value and the choices, which the config loader reports
    /// under the field's path (`config field 'targets[0].decide': unknown rule 'eager' (available: …)`).
    func decodeChoice<Choice: RawRepresentable & CaseIterable & Equatable>(
        _ type: Choice.Type, forKey key: Key, noun: String, allowed: [Choice] = Array(Choice.allCases)
    ) throws -> Choice? where Choice.RawValue == String {
        guard let name = try decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let choice = Choice(rawValue: name), allowed.contains(choice) else {
            let available = allowed.map(\.rawValue).joined(separator: ", ")
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "unknown \(noun) '\(name)' (available: \(available))")
        }
        return choice
    }
}
