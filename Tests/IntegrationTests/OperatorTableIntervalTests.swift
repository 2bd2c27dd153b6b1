import Foundation
import LatencyModel
import Measurement
import Orchestrator
import SearchSpace
import Testing

/// Issue #11 point 2 on the operator table: past calibration a candidate is measured only where
/// the model's prediction interval (its leave-one-out error) holds the limit, unless a fixed band is set.
@Suite("operator-table model: prediction interval")
struct OperatorTableIntervalTests {
    /// Six genes, each one operator: "a" (1 ms) or "b" (2 ms); a network's table sum is 6…12 ms.
    static let table = ["a": 1.0, "b": 2.0]
    static let signatures: @Sendable (Architecture) -> [String] = { architecture in
        architecture.genes.map { $0 == 0 ? "a" : "b" }
    }

    static func network(_ wide: Int) -> Architecture {
        Architecture(genes: (0..<6).map { $0 < wide ? 1 : 0 })
    }

    /// A model with a limit of 10 ms after `calibration` measurements of a device 1.5× slower than
    /// the table, each off by `noise` (alternating sign).
    static func calibrated(noise: Double, band: Double? = nil, calibration: Int = 10) -> ScreeningLatencyModel {
        let model = ScreeningLatencyModel(
            device: "d", limit: 10, band: band, table: table, space: NB201Space(), calibration: calibration,
            signatures: signatures)
        for index in 0..<calibration {
            let architecture = network(index % 7)
            #expect(model.needsMeasurement(architecture, prediction: model.predict(architecture)), "calibration is measured")
            let truth = 1.5 * Double(6 + index % 7)
            model.learn(architecture, measuredMs: truth * (index % 2 == 0 ? 1 + noise : 1 - noise))
        }
        return model
    }

    @Test("a steady device: σ is its small error, and a candidate 9 % under the limit is decided where the ±10 % band would measure it")
    func steadyDeviceDecidesMore() throws {
        let model = Self.calibrated(noise: 0.005)
        let spread = try #require(model.logSD)
        #expect(spread == 0.02, "the floor holds a near-perfect fit (σ = \(spread))")
        #expect(!model.needsMeasurement(Self.network(0), prediction: 9.1), "0.91 × the limit, 2σ = 4 %: decided")
        #expect(!model.needsMeasurement(Self.network(0), prediction: 10.9), "1.09 × the limit: decided infeasible")
        #expect(model.needsMeasurement(Self.network(0), prediction: 9.7), "0.97 × the limit is inside the interval")
        #expect(model.needsMeasurement(Self.network(0), prediction: .nan), "no prediction: measured")
        let use = model.use
        #expect(use.kind == "table" && use.band == nil && use.confidence == 2 && use.logSD == spread)

        let banded = Self.calibrated(noise: 0.005, band: 0.1)
        #expect(banded.needsMeasurement(Self.network(0), prediction: 9.1), "the fixed band measures 0.91 × the limit")
        #expect(!banded.needsMeasurement(Self.network(0), prediction: 8.9))
        #expect(banded.use.band == 0.1 && banded.use.logSD == nil && banded.use.confidence == nil)
    }

    @Test("a noisy device: σ follows its error, and a candidate 20 % under the limit is still measured")
    func noisyDeviceMeasuresMore() throws {
        let model = Self.calibrated(noise: 0.15)
        let spread = try #require(model.logSD)
        #expect(spread > 0.1, "σ = \(spread)")
        #expect(model.needsMeasurement(Self.network(0), prediction: 8), "0.8 × the limit is inside ±2σ")
        #expect(!model.needsMeasurement(Self.network(0), prediction: 4), "0.4 × the limit is not")
    }

    @Test("with channel scaling's nearly equal table sums, two measurements taken during a load spike do not widen the interval")
    func spikesDoNotWidenTheInterval() throws {
        // Sums 6.00…6.06 ms: too close to tell a scale from an offset, so the median scale is fitted
        // (what dynamic channel scaling makes of every spos search).
        let near = ["a": 1.0, "b": 1.01]
        let model = ScreeningLatencyModel(
            device: "d", limit: 10, table: near, space: NB201Space(), calibration: 0, signatures: Self.signatures)
        for index in 0..<12 {
            let architecture = Self.network(index % 7)
            let sum = Double(6 - index % 7) + 1.01 * Double(index % 7)
            model.learn(architecture, measuredMs: 1.5 * sum * (index % 2 == 0 ? 1.03 : 0.97))
        }
        let before = try #require(model.logSD)
        for wide in [2, 4] {
            let architecture = Self.network(wide)
            model.learn(architecture, measuredMs: 1.8 * model.predict(architecture))
        }
        let after = try #require(model.logSD)
        #expect(model.correction.b == 0, "the median scale is the fit")
        #expect(after < 1.5 * before, "σ \(before) → \(after)")
        #expect(!model.needsMeasurement(Self.network(0), prediction: 7.5), "0.75 × the limit is still decided (σ \(after))")
    }

    @Test("networks measured during a load spike are left out of the correction; plain least squares would tilt it")
    func spikeLeftOutOfTheFit() throws {
        // Twelve networks, sums 6…12 ms, a device 1.5× the table + 0.5 ms with ±1 % noise; the widest
        // ones (the most leverage) are measured 1.8× slow.
        var samples: [(Architecture, Double)] = (0..<12).map { index in
            let wide = index % 7
            return (Self.network(wide), (1.5 * Double(6 + wide) + 0.5) * (index % 2 == 0 ? 1.01 : 0.99))
        }
        samples[6] = (Self.network(6), 1.8 * (1.5 * 12 + 0.5))
        // A second spike at the next widest: with it in, a line fitted without the first still leans
        // towards it, so the pair must be judged against a line neither can tilt.
        samples[5] = (Self.network(5), 1.8 * (1.5 * 11 + 0.5))
        let model = ScreeningLatencyModel(
            device: "d", limit: 10, table: Self.table, space: NB201Space(), calibration: 0, signatures: Self.signatures)
        for (architecture, latency) in samples { model.learn(architecture, measuredMs: latency) }
        var plain = OperatorTableModel(table: Self.table, signatures: Self.signatures)
        try plain.fit(samples.map { LatencySample(architecture: $0.0, latencyMs: $0.1) })
        let narrow = Self.network(0)
        let truth = 1.5 * 6 + 0.5
        #expect(abs(plain.predict(narrow) / truth - 1) > 0.1, "plain least squares misses by \(plain.predict(narrow) / truth - 1)")
        #expect(abs(model.predict(narrow) / truth - 1) < 0.02, "the correction: a \(model.correction.a), b \(model.correction.b)")
        #expect(abs(model.correction.a - 1.5) < 0.05)
        let spread = try #require(model.logSD)
        #expect(spread < 0.05, "σ stays the noise's (\(spread)), each spike counts as one large error")
        #expect(!model.needsMeasurement(narrow, prediction: 8.5), "0.85 × the limit is decided")

        // Without the spike nothing is left out: the fit is plain least squares.
        let steady = ScreeningLatencyModel(
            device: "d", limit: 10, table: Self.table, space: NB201Space(), calibration: 0, signatures: Self.signatures)
        var clean = samples
        clean[6] = (Self.network(6), (1.5 * 12 + 0.5) * 1.01)
        clean[5] = (Self.network(5), (1.5 * 11 + 0.5) * 0.99)
        for (architecture, latency) in clean { steady.learn(architecture, measuredMs: latency) }
        try plain.fit(clean.map { LatencySample(architecture: $0.0, latencyMs: $0.1) })
        #expect(abs(steady.correction.a - plain.a) < 1e-12 && abs(steady.correction.b - plain.b) < 1e-12)
    }

    @Test("a machine that drifts while the calibration set is measured gets the median scale, not a flat line with an offset")
    func driftGivesTheScale() throws {
        // A device exactly 1.5× the table, but the three narrowest networks were measured while the
        // machine ran 1.3× slow (a busy neighbour on a shared host): least squares through these
        // figures is nearly flat, with an offset that misses the widest networks.
        let figures = (0..<14).map { index in
            let wide = index % 7
            return (Self.network(wide), 1.5 * Double(6 + wide) * (wide < 3 ? 1.3 : 1) * (index < 7 ? 1.005 : 0.995))
        }
        let model = ScreeningLatencyModel(
            device: "d", limit: 10, table: Self.table, space: NB201Space(), calibration: 0, signatures: Self.signatures)
        for (architecture, latency) in figures { model.learn(architecture, measuredMs: latency) }
        var plain = OperatorTableModel(table: Self.table, signatures: Self.signatures)
        try plain.fit(figures.map { LatencySample(architecture: $0.0, latencyMs: $0.1) })
        #expect(plain.a < 1.2 && plain.b > 2, "the line the drift makes: a \(plain.a), b \(plain.b)")
        #expect(model.correction.b == 0, "the median scale wins leave-one-out: a \(model.correction.a), b \(model.correction.b)")
        // The narrowest network at the device's honest speed: 1.5 × 6 ms.
        let narrowest = Self.network(0)
        #expect(abs(model.predict(narrowest) / 9 - 1) < 0.01, "\(model.predict(narrowest)) ms for 9 ms")
        #expect(abs(plain.predict(narrowest) / 9 - 1) > 0.1, "least squares misses it: \(plain.predict(narrowest)) ms")
        // The scale's own errors are the noise of the honest majority; the line it replaced missed
        // more, and σ is never below that: six of the fourteen networks are 30 % off the scale.
        let spread = try #require(model.logSD)
        #expect(spread > 0.05, "σ \(spread)")
    }

    @Test("a line whose slope rests on one network cannot check it leave-one-out: that network counts as a miss, and the scale wins")
    func uncheckableNetworkCountsAsAMiss() throws {
        // Five networks of one table sum (channel scaling widens candidates to the same prediction)
        // and one wider network: least squares passes through that one exactly, and without it the
        // others cannot draw a line, so its leave-one-out prediction does not exist.
        let cluster = [8.64, 9.0, 9.0, 9.0, 9.18]
        let figures = cluster.map { (Self.network(0), $0) } + [(Self.network(6), 24.0)]
        let model = ScreeningLatencyModel(
            device: "d", limit: 10, table: Self.table, space: NB201Space(), calibration: 0, signatures: Self.signatures)
        for (architecture, latency) in figures { model.learn(architecture, measuredMs: latency) }
        var plain = OperatorTableModel(table: Self.table, signatures: Self.signatures)
        try plain.fit(figures.map { LatencySample(architecture: $0.0, latencyMs: $0.1) })
        #expect(abs(plain.a - 2.506) < 1e-3 && abs(plain.b + 6.072) < 1e-3, "the line: a \(plain.a), b \(plain.b)")

        // On the cluster the line predicts each network by the mean of the other four (it passes
        // through the wide network), the scale by the median ratio of the other five networks.
        let lineErrors = cluster.indices.map { index in
            Foundation.log(cluster[index] / ((cluster.reduce(0, +) - cluster[index]) / 4))
        }
        let tableSums = cluster.map { _ in 6.0 } + [12.0]
        let ratios = zip(figures, tableSums).map { $0.1 / $1 }
        let scaleErrors = ratios.indices.map { index in
            Foundation.log(ratios[index] / RankCorrelation.median(ratios.enumerated().filter { $0.offset != index }.map(\.element)))
        }
        func medianMiss(_ errors: [Double]) -> Double { RankCorrelation.median(errors.map(abs)) }
        // Were the unpredictable network left out, the line would win on the five it can check …
        #expect(medianMiss(lineErrors) < medianMiss(scaleErrors) / 1.5, "\(medianMiss(lineErrors)) vs \(medianMiss(scaleErrors))")
        // … counted as a miss, its median error is over the scale's: the scale is fitted.
        #expect(medianMiss(lineErrors + [.infinity]) > medianMiss(scaleErrors) * 1.5)
        #expect(model.correction.b == 0, "a \(model.correction.a), b \(model.correction.b)")
        #expect(abs(model.correction.a - 1.5) < 1e-12, "the median of measured / table sum")
    }

    @Test("σ and every decision depend on which networks were measured, not on the order their answers came in (resume)")
    func orderDoesNotMatter() throws {
        let figures = (0..<24).map { index in
            (Self.network(index % 7), 1.5 * Double(6 + index % 7) * (1 + 0.04 * Foundation.sin(Double(index) * 1.7)))
        }
        func model(_ order: [(Architecture, Double)]) -> ScreeningLatencyModel {
            let model = ScreeningLatencyModel(
                device: "d", limit: 10, table: Self.table, space: NB201Space(), calibration: 0, signatures: Self.signatures)
            for (architecture, latency) in order { model.learn(architecture, measuredMs: latency) }
            return model
        }
        let arrived = model(figures)
        let resumed = model(figures.reversed())
        let spread = try #require(arrived.logSD)
        #expect(spread > Self.noiseFloor, "the noise is above the floor, so the test sees the estimate (σ = \(spread))")
        #expect(abs(spread - (try #require(resumed.logSD))) < 1e-12)
        for prediction in stride(from: 8.0, through: 12.0, by: 0.05) {
            let architecture = Self.network(0)
            #expect(arrived.needsMeasurement(architecture, prediction: prediction) == resumed.needsMeasurement(architecture, prediction: prediction))
        }
    }

    static let noiseFloor = 0.02

    @Test("its interval top: the prediction × exp(confidence · σ) past calibration; none while calibrating or with a fixed band")
    func intervalTop() throws {
        let model = Self.calibrated(noise: 0.05)
        let spread = try #require(model.logSD)
        let top = try #require(model.intervalTop(Self.network(2), prediction: 9))
        #expect(abs(top - 9 * Foundation.exp(2 * spread)) < 1e-9, "\(top) for σ \(spread)")
        #expect(Self.calibrated(noise: 0.05, band: 0.1).intervalTop(Self.network(2), prediction: 9) == nil)
        let calibrating = ScreeningLatencyModel(
            device: "d", limit: 10, table: Self.table, space: NB201Space(), calibration: 3, signatures: Self.signatures)
        #expect(calibrating.intervalTop(Self.network(2), prediction: 9) == nil)
    }

    @Test("until enough measured networks are known nothing is decided on the model")
    func fewErrorsMeasureEverything() {
        let model = Self.calibrated(noise: 0.005, calibration: 3)
        #expect(model.logSD == nil, "three measured networks so far")
        #expect(model.needsMeasurement(Self.network(0), prediction: 2), "0.2 × the limit, but σ is unknown")
    }
}
