import Benchmarks
import Glibc
import Testing
import ZeroMQ

@Suite("Round-trip benchmark", .timeLimit(.minutes(1)))
struct ZMQRoundTripBenchmarkTests {
    @Test(arguments: [1, 64, 5000])
    func completesEveryRoundTrip(window: Int) throws {
        // A window larger than the count and than libzmq's default high-water mark must work too.
        let rate = try ZMQRoundTripBenchmark.measure(roundTrips: 2000, window: window)
        #expect(rate.isFinite && rate > 0)
    }

    @Test func refusesEmptyRuns() {
        let error = #expect(throws: ZMQError.self) { try ZMQRoundTripBenchmark.measure(roundTrips: 0, window: 1) }
        #expect(error?.code == EINVAL)
    }
}
