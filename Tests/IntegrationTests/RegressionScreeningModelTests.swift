import Foundation
import Orchestrator
import SearchSpace
import Store
import Testing

@Suite("regression screening model and device cost")
struct RegressionScreeningModelTests {
    /// Every network takes 5 ms, 7 ms with a 3×3 convolution on the first edge.
    static func latency(_ architecture: Architecture) -> Double { architecture.genes[0] == 3 ? 7 : 5 }

    @Test("after calibration it measures only candidates whose interval holds the limit")
    func measuresNearTheLimit() {
        let space = NB201Space()
        let far = RegressionScreeningModel(device: "d", limit: 50, space: space, calibration: 4)
        let near = RegressionScreeningModel(device: "d", limit: 5.2, space: space, calibration: 4)
        var generator = SeededGenerator(seed: 11)
        let mask = ChoiceMask(space: space)
        for _ in 0..<4 {
            let architecture = mask.sample(using: &generator)
            for model in [far, near] {
                #expect(model.needsMeasurement(architecture, prediction: model.predict(architecture)), "calibration")
                model.learn(architecture, measuredMs: Self.latency(architecture))
            }
        }
        for model in [far, near] {
            for _ in 0..<30 {
                let architecture = mask.sample(using: &generator)
                if model.needsMeasurement(architecture, prediction: model.predict(architecture)) {
                    model.learn(architecture, measuredMs: Self.latency(architecture))
                } else {
                    model.noteScreened()
                }
            }
        }
        #expect(far.measurements == 4 && far.screened == 30, "a limit 10× above every network needs no measurement")
        #expect(near.measurements > 10, "a limit within the noise of the figures keeps asking (\(near.measurements))")
        #expect(far.use.kind == "regression" && far.use.confidence == 2 && far.use.band == nil)
        #expect(far.predict(Architecture(genes: [3, 0, 0, 0, 0, 0])) > 0)
    }

    @Test("its interval top: none while calibrating, then the top of its own interval of `confidence` σ")
    func intervalTop() throws {
        let space = NB201Space()
        let model = RegressionScreeningModel(device: "d", limit: 6, space: space, calibration: 4)
        var generator = SeededGenerator(seed: 5)
        let mask = ChoiceMask(space: space)
        let probe = mask.sample(using: &generator)
        for _ in 0..<4 {
            #expect(model.intervalTop(probe, prediction: 5) == nil, "calibrating")
            let architecture = mask.sample(using: &generator)
            _ = model.needsMeasurement(architecture, prediction: model.predict(architecture))
            model.learn(architecture, measuredMs: Self.latency(architecture))
        }
        let prediction = try #require(model.prediction(probe))
        let top = try #require(model.intervalTop(probe, prediction: 1))
        #expect(abs(top - prediction.interval(z: 2).upperBound) < 1e-12, "its own median's interval, whatever prediction is passed")
        #expect(top > prediction.medianMs)
    }

    @Test("device cost: measured seconds, replayed look-ups at the table's latency, decisions on the model")
    func deviceCost() {
        let start = Date(timeIntervalSince1970: 1_000)
        func record(
            _ architecture: String, _ metric: String, _ device: String, _ value: Double?, _ source: EvaluationSource?,
            seconds: Double = 0, environment: String? = nil
        ) -> EvaluationRecord {
            EvaluationRecord(
                space: "nb201", architecture: architecture, metric: metric, device: device, value: value, source: source,
                worker: "w", startedAt: start, finishedAt: start.addingTimeInterval(seconds), error: value == nil ? "failed" : nil,
                environment: environment)
        }
        let records = [
            record("a", "latency_predicted_ms", "cpu", 4, .predicted),
            record("a", "latency_ms", "cpu", 4.5, .measured, seconds: 1.5),
            record("b", "latency_predicted_ms", "cpu", 9, .predicted),
            record("c", "latency_ms", "cpu", nil, nil, seconds: 0.5),
            // 3 s from lease to answer, 1 s of them waiting for the host's measurement lock; a wait of 0 is none.
            record("d", "latency_ms", "cpu", 5, .measured, seconds: 3, environment: #"{"host_lock":"/tmp/l","lock_wait_ms":"1000.000"}"#),
            record("e", "latency_ms", "cpu", 5, .measured, seconds: 1, environment: #"{"lock_wait_ms":"0.000"}"#),
            record("a", "latency_ms", "pi", 20, .replay),
            record("b", "latency_ms", "pi", 30, .replay),
            record("a", "valid_accuracy", "", 90, .table),
            // Held 12.5 s while the phone was away (--device-wait), measured in 0.5 s.
            record("a", "latency_ms", "phone", 7, .measured, seconds: 13, environment: #"{"device_wait_ms":"12500","runs":"10"}"#),
            record("b", "latency_ms", "phone", 8, .measured, seconds: 0.5, environment: #"{"runs":"10"}"#),
            // A worker's absurd figure: the wait is bounded by the job's own 2 s, which leaves nothing for the lock wait.
            record(
                "c", "latency_ms", "phone", 9, .measured, seconds: 2, environment: #"{"device_wait_ms":"1e300","lock_wait_ms":"500"}"#),
        ]
        let costs = DeviceCost.tally(records, devices: ["cpu", "pi", "phone", "absent"])
        #expect(
            costs["phone"]
                == DeviceCost(
                    measurements: 3, deviceSeconds: 1, decidedOnModel: 0, replayed: false, deviceWaitSeconds: 14.5))
        #expect(
            costs["cpu"] == DeviceCost(measurements: 4, deviceSeconds: 5, decidedOnModel: 1, replayed: false, hostLockWaitSeconds: 1))
        #expect(costs["pi"] == DeviceCost(measurements: 2, deviceSeconds: 0.05, decidedOnModel: 0, replayed: true))
        #expect(costs["absent"] == nil && costs[""] == nil)
        // As the summary says it; a wait too short to show is not said.
        #expect(costs["phone"]?.waitsLeftOut == "14.5 s waiting for it to come back")
        #expect(costs["cpu"]?.waitsLeftOut == "1.0 s for the host's measurement lock")
        #expect(
            DeviceCost(measurements: 1, deviceSeconds: 1, decidedOnModel: 0, replayed: false, deviceWaitSeconds: 31.5, hostLockWaitSeconds: 12.1)
                .waitsLeftOut == "31.5 s waiting for it to come back, 12.1 s for the host's measurement lock")
        #expect(DeviceCost(measurements: 1, deviceSeconds: 1, decidedOnModel: 0, replayed: false, hostLockWaitSeconds: 0.002).waitsLeftOut == nil)
    }
}
