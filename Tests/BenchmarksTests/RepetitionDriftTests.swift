import Benchmarks
import Testing

@Suite("bench engine: machine drift between repetitions")
struct RepetitionDriftTests {
    @Test("a repetition slower for both runtimes shows as a shift of both, and cancels in the ratio")
    func sharedShift() {
        // Three networks, four repetitions; repetition 3 runs 6 % slower for both runtimes.
        let speed = [1.0, 1.0, 1.06, 1.0]
        let native = [4.0, 5.0, 6.0].map { base in speed.map { base * $0 } }
        let ort = [3.0, 5.5, 7.0].map { base in speed.map { base * $0 } }
        let drift = RepetitionDrift(native: native, onnxRuntime: ort)
        #expect(drift.native.count == 4 && drift.onnxRuntime.count == 4)
        #expect(abs(drift.native[2] - 0.06) < 1e-9)
        #expect(abs(drift.onnxRuntime[2] - 0.06) < 1e-9)
        #expect(drift.native[0] == 0 && drift.onnxRuntime[3] == 0)
        #expect(drift.medianRatioCV < 1e-9)
    }

    @Test("a runtime that wobbles alone keeps its spread in the ratio")
    func ownSpread() {
        let native: [[Double]] = [[4, 4.4, 3.6, 4], [5, 5.5, 4.5, 5]]
        let ort: [[Double]] = [[3, 3, 3, 3], [5, 5, 5, 5]]
        let drift = RepetitionDrift(native: native, onnxRuntime: ort)
        #expect(drift.onnxRuntime == [0, 0, 0, 0])
        #expect(abs(drift.native[1] - 0.1) < 1e-9 && abs(drift.native[2] + 0.1) < 1e-9)
        #expect(drift.medianRatioCV > 0.05)
    }

    @Test("one repetition: no shift and no spread")
    func single() {
        let drift = RepetitionDrift(native: [[4], [5]], onnxRuntime: [[3], [5]])
        #expect(drift.native == [0] && drift.medianRatioCV == 0)
    }
}
