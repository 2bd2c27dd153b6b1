import Benchmarks
import Fleet
import Testing
import TestSupport

/// The fuzzer's messages straight into the decoder (no sockets): every kind of hostile input is
/// refused with an error, nothing crashes, and the same seed gives the same messages.
@Suite("envelope fuzzing")
struct EnvelopeFuzzTests {
    @Test("50,000 generated messages: hostile ones are refused, impostors' messages are well-formed, a seed replays")
    func decoderSurvives() async throws {
        let tally = try await offPool { () -> [EnvelopeFuzzer.Kind: (decoded: Int, refused: Int)] in
            var fuzzer = EnvelopeFuzzer(seed: 7, hugeFrameEvery: 500)
            var tally: [EnvelopeFuzzer.Kind: (decoded: Int, refused: Int)] = [:]
            for _ in 0..<50_000 {
                let (frames, kind) = fuzzer.next()
                for frame in frames {
                    if (try? Envelope.decode(frame)) != nil {
                        tally[kind, default: (0, 0)].decoded += 1
                    } else {
                        tally[kind, default: (0, 0)].refused += 1
                    }
                }
            }
            return tally
        }
        #expect(Set(tally.keys) == Set(EnvelopeFuzzer.Kind.allCases))
        for kind in [EnvelopeFuzzer.Kind.randomBytes, .brokenJSON, .wrongTypes, .unknownVersion, .deepNesting, .hugeFrame] {
            #expect(tally[kind]?.decoded == 0, "\(kind): \(String(describing: tally[kind]))")
        }
        #expect(tally[.impostor]?.refused == 0)
        #expect((tally[.mutated]?.refused ?? 0) > 0)

        var a = EnvelopeFuzzer(seed: 99)
        var b = EnvelopeFuzzer(seed: 99)
        var c = EnvelopeFuzzer(seed: 100)
        let first = (0..<200).map { _ in a.next().frames }
        #expect(first == (0..<200).map { _ in b.next().frames })
        #expect(first != (0..<200).map { _ in c.next().frames })
    }
}
