import Foundation
import ZeroMQ

/// Reads the key files `hsconas keys generate` writes: `NAME.pub` holds the public key on one
/// line; `NAME.key` holds `public-key = …` and `secret-key = …` lines. Every error names the file.
public enum CurveKeyFile {
    /// The key pair in a secret key file. The public key is derived from the secret one and, if
    /// the file also states it, must match.
    public static func keyPair(path: String) throws(FleetError) -> ZMQKeyPair {
        let fields = keyValues(try text(path: path, what: "secret key file"))
        guard let secret = fields["secret-key"] else {
            throw FleetError("secret key file \(path) has no 'secret-key = <40 Z85 characters>' line; write one with 'hsconas keys generate'")
        }
        guard ZMQKeyPair.isValidKey(secret) else {
            throw FleetError("secret key file \(path): 'secret-key' is not a 40-character Z85 key")
        }
        let derived: String
        do {
            derived = try ZMQKeyPair.publicKey(fromSecret: secret)
        } catch {
            throw FleetError("secret key file \(path): \(error)")
        }
        if let stated = fields["public-key"], stated != derived {
            throw FleetError("secret key file \(path): 'public-key' \(stated) does not belong to its secret key (expected \(derived))")
        }
        return ZMQKeyPair(publicKey: derived, secretKey: secret)
    }

    /// The public key in a `.pub` file (one Z85 key), or the `public-key` line of a secret key file.
    public static func publicKey(path: String) throws(FleetError) -> String {
        let content = try text(path: path, what: "public key file")
        let trimmed = content.trimmingCharacters(in: .whitespacesAndNewlines)
        let key = trimmed.hasPrefix("public-key") || trimmed.contains("secret-key") ? (keyValues(content)["public-key"] ?? "") : trimmed
        guard ZMQKeyPair.isValidKey(key) else {
            throw FleetError("public key file \(path) does not hold a 40-character Z85 CURVE key (found \(key.count) characters)")
        }
        return key
    }

    /// Every `*.pub` file in `directory`: public key → file name (the label used in logs).
    public static func allowList(directory: String) throws(FleetError) -> [String: String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw FleetError("allowed keys folder \(directory) does not exist or is not a folder")
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".pub") }.sorted()
        } catch {
            throw FleetError("allowed keys folder \(directory) cannot be read: \(error.localizedDescription)")
        }
        guard !names.isEmpty else {
            throw FleetError("allowed keys folder \(directory) holds no *.pub files, so no worker could connect; copy the workers' public keys there")
        }
        var keys: [String: String] = [:]
        for name in names {
            let path = URL(fileURLWithPath: directory).appendingPathComponent(name).path
            let key = try publicKey(path: path)
            if let other = keys[key] {
                throw FleetError("allowed keys folder \(directory): \(name) holds the same key as \(other)")
            }
            keys[key] = name
        }
        return keys
    }

    private static func text(path: String, what: String) throws(FleetError) -> String {
        guard FileManager.default.fileExists(atPath: path) else {
            throw FleetError("\(what) \(path) does not exist")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FleetError("\(what) \(path) cannot be read (check its permissions)")
        }
        guard data.count <= 4096, let text = String(data: data, encoding: .utf8) else {
            throw FleetError("\(what) \(path) is not a key file (expected a few lines of text, found \(data.count) bytes)")
        }
        return text
    }

    /// `name = value` lines; blank lines and `#` comments are skipped.
    private static func keyValues(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            guard let equals = trimmed.firstIndex(of: "=") else { continue }
            let name = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
            // Z85 keys may themselves contain '=', so split at the first one only.
            let value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            fields[name] = value
        }
        return fields
    }
}
