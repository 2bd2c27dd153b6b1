/// A small, fast, seedable random number generator (xoshiro256**), seeded through SplitMix64.
///
/// Searches must be reproducible from their seed on every platform and Swift version, which
/// `SystemRandomNumberGenerator` cannot give. The state is `Codable` so a search checkpoint
/// resumes the exact random stream.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Codable, Hashable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// A generator whose four state words come from `seed` through SplitMix64.
    public init(seed: UInt64) {
        var splitMix = seed
        func next() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (next(), next(), next(), next())
    }

    /// The next 64 random bits (one xoshiro256** step).
    public mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotate(state.3, 45)
        return result
    }

    private func rotate(_ value: UInt64, _ amount: UInt64) -> UInt64 {
        (value << amount) | (value >> (64 - amount))
    }

    /// A uniformly distributed value in `0..<1`.
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    private enum CodingKeys: String, CodingKey { case state }

    /// Decodes the state stored as `state`, an array of four words; throws on any other count.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let words = try container.decode([UInt64].self, forKey: .state)
        guard words.count == 4 else {
            throw DecodingError.dataCorruptedError(
                forKey: .state, in: container, debugDescription: "expected 4 state words, got \(words.count)")
        }
        state = (words[0], words[1], words[2], words[3])
    }

    /// Encodes the state as `state`, an array of four words.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode([state.0, state.1, state.2, state.3], forKey: .state)
    }

    /// Equal when the states are equal, i.e. the two produce the same stream.
    public static func == (lhs: SeededGenerator, rhs: SeededGenerator) -> Bool {
        lhs.state == rhs.state
    }

    /// Hashes the four state words.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(state.0)
        hasher.combine(state.1)
        hasher.combine(state.2)
        hasher.combine(state.3)
    }
}
