/// Takes typed fields out of a parsed JSON object, naming the field on every mistake
/// (`missing field 'body.job_id'`, `field 'body.capacity' should be Int`).
struct FieldReader {
    let fields: [String: JSONValue]
    /// Dotted path of this object, e.g. `body`; empty at the top level.
    let path: String

    init(_ value: JSONValue, path: String) throws(ProtocolError) {
        guard case .object(let fields) = value else {
            throw ProtocolError("\(path.isEmpty ? "the top level" : "field '\(path)'") should be an Object, not \(value.typeName)")
        }
        self.fields = fields
        self.path = path
    }

    private func name(_ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    private func required(_ key: String) throws(ProtocolError) -> JSONValue {
        guard let value = fields[key], !isNull(value) else { throw ProtocolError("missing field '\(name(key))'") }
        return value
    }

    private func isNull(_ value: JSONValue) -> Bool {
        if case .null = value { return true }
        return false
    }

    private func mismatch(_ key: String, _ expected: String, _ value: JSONValue) -> ProtocolError {
        ProtocolError("field '\(name(key))' should be \(expected), not \(value.typeName)")
    }

    func object(_ key: String) throws(ProtocolError) -> FieldReader {
        try FieldReader(try required(key), path: name(key))
    }

    func string(_ key: String) throws(ProtocolError) -> String {
        let value = try required(key)
        guard case .string(let text) = value else { throw mismatch(key, "String", value) }
        return text
    }

    func optionalString(_ key: String) throws(ProtocolError) -> String? {
        guard let value = fields[key], !isNull(value) else { return nil }
        guard case .string(let text) = value else { throw mismatch(key, "String", value) }
        return text
    }

    func int(_ key: String) throws(ProtocolError) -> Int {
        let value = try required(key)
        guard case .number(let number) = value, number.rounded() == number, abs(number) < 9e15 else {
            throw mismatch(key, "Int", value)
        }
        return Int(number)
    }

    func double(_ key: String) throws(ProtocolError) -> Double {
        let value = try required(key)
        guard case .number(let number) = value else { throw mismatch(key, "Double", value) }
        return number
    }

    func bool(_ key: String) throws(ProtocolError) -> Bool {
        let value = try required(key)
        guard case .bool(let flag) = value else { throw mismatch(key, "Bool", value) }
        return flag
    }

    func strings(_ key: String) throws(ProtocolError) -> [String] {
        let value = try required(key)
        guard case .array(let elements) = value else { throw mismatch(key, "Array of String", value) }
        var result: [String] = []
        for (index, element) in elements.enumerated() {
            guard case .string(let text) = element else { throw mismatch("\(key)[\(index)]", "String", element) }
            result.append(text)
        }
        return result
    }

    /// Strings, or nil when the field is absent or null (fields added after protocol v1's first release).
    func optionalStrings(_ key: String) throws(ProtocolError) -> [String]? {
        guard let value = fields[key], !isNull(value) else { return nil }
        return try strings(key)
    }

    func doubles(_ key: String) throws(ProtocolError) -> [Double] {
        let value = try required(key)
        guard case .array(let elements) = value else { throw mismatch(key, "Array of Double", value) }
        var result: [Double] = []
        for (index, element) in elements.enumerated() {
            guard case .number(let number) = element else { throw mismatch("\(key)[\(index)]", "Double", element) }
            result.append(number)
        }
        return result
    }

    func stringMap(_ key: String) throws(ProtocolError) -> [String: String] {
        let map = try object(key)
        var result: [String: String] = [:]
        for entry in map.fields.keys { result[entry] = try map.string(entry) }
        return result
    }

    func doubleMap(_ key: String) throws(ProtocolError) -> [String: Double] {
        let map = try object(key)
        var result: [String: Double] = [:]
        for entry in map.fields.keys { result[entry] = try map.double(entry) }
        return result
    }

    func kind(_ key: String) throws(ProtocolError) -> JobKind {
        let text = try string(key)
        guard let kind = JobKind(rawValue: text) else {
            throw ProtocolError("field '\(name(key))': unknown job kind '\(text)' (expected accuracy, latency or profile)")
        }
        return kind
    }
}
