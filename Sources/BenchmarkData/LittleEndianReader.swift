/// Reads little-endian integers and floats from a byte buffer, failing cleanly at its end.
struct LittleEndianReader {
    let bytes: [UInt8]
    let source: String
    var offset = 0

    mutating func bytes(_ count: Int) throws(BenchmarkDataError) -> [UInt8] {
        guard count >= 0, offset + count <= bytes.count else {
            throw BenchmarkDataError("\(source): truncated at byte \(offset) (wanted \(count) more)")
        }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func uint16() throws(BenchmarkDataError) -> UInt16 {
        let raw = try bytes(2)
        return UInt16(raw[0]) | UInt16(raw[1]) << 8
    }

    mutating func uint32() throws(BenchmarkDataError) -> UInt32 {
        let raw = try bytes(4)
        return raw.enumerated().reduce(0) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
    }

    mutating func float32s(_ count: Int) throws(BenchmarkDataError) -> [Float] {
        guard offset + 4 * count <= bytes.count else {
            throw BenchmarkDataError("\(source): truncated at byte \(offset) (wanted \(4 * count) more)")
        }
        let result = bytes.withUnsafeBytes { raw in
            (0..<count).map { i in
                Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 4 * i, as: UInt32.self)))
            }
        }
        offset += 4 * count
        return result
    }
}
