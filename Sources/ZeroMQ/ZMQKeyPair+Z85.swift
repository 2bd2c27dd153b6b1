import CZeroMQ

extension ZMQKeyPair {
    /// The 40-character Z85 text of a 32-byte binary CURVE key (`zmq_z85_encode`), or `nil` when
    /// `bytes` is not 32 bytes long.
    public static func z85(_ bytes: [UInt8]) -> String? {
        guard bytes.count == 32 else { return nil }
        var text = [CChar](repeating: 0, count: 41)
        guard zmq_z85_encode(&text, bytes, bytes.count) != nil else { return nil }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The 32 binary bytes of a 40-character Z85 CURVE key (`zmq_z85_decode`), or `nil` when the
    /// text is not a valid Z85 key.
    public static func binary(z85 text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        // zmq_z85_decode accepts any length divisible by 5; a CURVE key is exactly 40 characters
        // of the Z85 alphabet (it does not check the alphabet itself).
        guard utf8.count == 40, utf8.allSatisfy(Self.isZ85) else { return nil }
        var bytes = [UInt8](repeating: 0, count: 32)
        let decoded = (utf8 + [0]).withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { zmq_z85_decode(&bytes, $0.baseAddress) }
        }
        return decoded == nil ? nil : bytes
    }

    /// Whether `text` is a well-formed 40-character Z85 CURVE key.
    public static func isValidKey(_ text: String) -> Bool {
        binary(z85: text) != nil
    }

    private static func isZ85(_ byte: UInt8) -> Bool {
        // 0-9 a-z A-Z .-:+=^!/*?&<>()[]{}@%$#
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return true
        default:
            return Array(".-:+=^!/*?&<>()[]{}@%$#".utf8).contains(byte)
        }
    }
}
