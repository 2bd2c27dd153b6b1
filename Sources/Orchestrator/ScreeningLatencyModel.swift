import Foundation
import LatencyModel
import Measurement
import SearchSpace

/// A device's latency model inside a search (issue #4): the profiled operator table with the
/// correction a · Σ table + b, re-fitted online from every real measurement of the search. A
/// candidate whose prediction is clearly on one side of the limit is decided on the model; only
/// candidates near the limit are measured, and the answer is confirmed by a measurement at the end.
///
/// "Near" is the model's own prediction interval (issue #11): `confidence` standard deviations of
/// the log of measured / predicted, each measured network predicted by the correction fitted on all
/// the *others* (leave-one-out, so the spread is what the model really misses on a network it has
/// not seen, measurement noise included, and it depends on which networks were measured, never on
/// the order their answers arrived in: a resumed run re-learns stored figures in ask order). A
/// fixed `band` (±10 % …) is used instead when the target sets one.
public final class ScreeningLatencyModel: ScreeningModel {
    /// The device whose candidates the model screens.
    public let device: String
    /// The device's latency limit in ms.
    public let limit: Double
    /// Relative half-width of a fixed band around the limit where candidates are measured; nil
    /// measures where the prediction interval holds the limit.
    public let band: Double?
    /// Standard deviations of the prediction interval (2: about 95 %).
    public let confidence: Double
    private var model: OperatorTableModel
    private var measured: [LatencySample] = []
    /// The table sum of each measured network, in order.
    private var sums: [Double] = []
    /// Whether the current correction is the least-squares a, b (else the median scale alone).
    private var fittedByLeastSquares = false
    /// Indices of measured networks left out of the least-squares fit as outliers (see ``learn(_:measuredMs:)``).
    private var outliers: Set<Int> = []
    /// The leave-one-out errors of the least-squares line the median scale replaced (nil when the
    /// line is the fit, or none could be fitted): σ is never smaller than the line's, so a choice
    /// between two fits that miss differently never makes the model more certain than either.
    private var rejectedLineErrors: [Double]?
    /// ``logSD`` as last computed; nil once a measurement makes it stale.
    private var cachedLogSD: Double??
    /// Candidates decided on the model without a measurement.
    public private(set) var screened = 0
    /// The first candidates are measured whatever their prediction, to fit the correction before
    /// anything is decided on the model (operators timed alone do not add up exactly).
    public let calibration: Int
    private var calibrationRequested = 0

    /// The smallest spread assumed (log units): a few lucky predictions must not look certain.
    static let noiseFloor = 0.02
    /// Measured networks needed before the interval decides anything (the calibration set gives 10).
    static let minimumErrors = 5

    /// - Parameter signatures: an architecture's operator signatures (default: from the space's
    ///   network graph; tests give their own).
    public init(
        device: String, limit: Double, band: Double? = nil, confidence: Double = 2, table: [String: Double],
        space: any NetworkSpace, calibration: Int = 10, signatures: (@Sendable (Architecture) -> [String])? = nil
    ) {
        self.device = device
        self.limit = limit
        self.band = band
        self.confidence = confidence
        self.calibration = calibration
        let fromGraph: @Sendable (Architecture) -> [String] = { [space] architecture in
            (try? space.operatorSignatures(of: architecture)) ?? []
        }
        model = OperatorTableModel(table: table, signatures: signatures ?? fromGraph)
    }

    /// The corrected prediction in ms (the plain table sum until a measurement exists); never ≤ 0
    /// (see ``CorrectedOperatorTable``).
    public func predict(_ architecture: Architecture) -> Double {
        current.predict(architecture)
    }

    /// Median of measured / table sum over the measurements so far (nil before the first).
    private var medianScale: Double? {
        measured.isEmpty ? nil : RankCorrelation.median(zip(measured, sums).map { $0.latencyMs / $1 })
    }

    /// True while the first `calibration` candidates are measured whatever their prediction.
    public var isCalibrating: Bool { calibrationRequested < calibration }

    /// The spread of log(measured / predicted) leave-one-out, as a standard deviation, floored at
    /// ``noiseFloor``; nil until ``minimumErrors`` measured networks are known.
    ///
    /// Estimated robustly, 1.4826 × the median absolute error (σ for normal errors, a bias
    /// included): a board or VM that now and then measures a network 1.8× slow (seen on this
    /// project's KVM machines, two in 40 measurements) would otherwise double σ for the rest of the
    /// search and send every candidate near the limit to the device. When the median scale replaced
    /// a least-squares line, σ is the larger of the two fits' spreads.
    public var logSD: Double? {
        if let cachedLogSD { return cachedLogSD }
        func spread(_ errors: [Double]) -> Double? {
            errors.count >= Self.minimumErrors ? max(Self.noiseFloor, 1.4826 * RankCorrelation.median(errors.map(abs))) : nil
        }
        var result = spread(leaveOneOutErrors())
        if let current = result, let rejected = rejectedLineErrors.flatMap(spread) { result = max(current, rejected) }
        cachedLogSD = .some(result)
        return result
    }

    /// log(measured / predicted) of every measured network, predicted by the current kind of fit on
    /// all the others, in closed form (see ``leastSquaresLeaveOneOutErrors(_:outliers:)`` and
    /// ``medianScaleLeaveOneOutErrors()``).
    private func leaveOneOutErrors() -> [Double] {
        fittedByLeastSquares ? leastSquaresLeaveOneOutErrors(model, outliers: outliers) : medianScaleLeaveOneOutErrors()
    }

    /// The least-squares fit's leave-one-out log errors: the residual over (1 − leverage) for each
    /// network it was fitted on; an outlier left out of the fit is simply predicted by it.
    /// - Parameter failedAs: the error counted for a network the line cannot predict (a prediction
    ///   ≤ 0, or all the leverage); nil leaves it out.
    private func leastSquaresLeaveOneOutErrors(
        _ fitted: OperatorTableModel, outliers: Set<Int>, failedAs: Double? = nil
    ) -> [Double] {
        guard measured.count >= 3 else { return [] }
        let inliers = measured.indices.filter { !outliers.contains($0) }
        var errors = Self.leastSquaresErrors(
            sums: inliers.map { sums[$0] }, latencies: inliers.map { measured[$0].latencyMs }, a: fitted.a, b: fitted.b,
            failedAs: failedAs)
        for index in outliers.sorted() {
            let predicted = fitted.a * sums[index] + fitted.b
            if predicted > 0, predicted.isFinite {
                errors.append(Foundation.log(measured[index].latencyMs / predicted))
            } else if let failedAs {
                errors.append(failedAs)
            }
        }
        return errors
    }

    /// The median scale's leave-one-out log errors: each network's ratio against the median of the
    /// other networks' ratios.
    private func medianScaleLeaveOneOutErrors() -> [Double] {
        let count = measured.count
        guard count >= 3 else { return [] }
        let latencies = measured.map(\.latencyMs)
        var errors: [Double] = []
        errors.reserveCapacity(count)
        let ratios = zip(latencies, sums).map { $0 / $1 }
        let order = ratios.indices.sorted { ratios[$0] < ratios[$1] }
        var rank = [Int](repeating: 0, count: count)
        for (position, index) in order.enumerated() { rank[index] = position }
        for index in ratios.indices {
            // The sorted ratios without this one: position k of the rest is k or k + 1 of all.
            func rest(_ position: Int) -> Double { ratios[order[position < rank[index] ? position : position + 1]] }
            let others = count - 1
            let median = others % 2 == 1 ? rest(others / 2) : (rest(others / 2 - 1) + rest(others / 2)) / 2
            if median > 0 { errors.append(Foundation.log(ratios[index] / median)) }
        }
        return errors
    }

    /// Leave-one-out log errors of the least-squares line `a · sum + b` fitted on exactly these
    /// networks: each residual over (1 − its leverage), so a network is predicted by the line of the others.
    private static func leastSquaresErrors(
        sums: [Double], latencies: [Double], a: Double, b: Double, failedAs: Double? = nil
    ) -> [Double] {
        let count = sums.count
        guard count >= 3 else { return [] }
        let mean = sums.reduce(0, +) / Double(count)
        let spread = sums.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        guard spread > 0 else { return [] }
        var errors: [Double] = []
        errors.reserveCapacity(count)
        for (sum, latency) in zip(sums, latencies) {
            let leverage = 1 / Double(count) + (sum - mean) * (sum - mean) / spread
            guard leverage < 1 else {
                if let failedAs { errors.append(failedAs) }
                continue
            }
            let residual = latency - (a * sum + b)
            let predicted = latency - residual / (1 - leverage)
            if predicted > 0, predicted.isFinite {
                errors.append(Foundation.log(latency / predicted))
            } else if let failedAs {
                errors.append(failedAs)
            }
        }
        return errors
    }

    /// True when the candidate must be measured: one of the first `calibration`, or its prediction
    /// interval (or the fixed band) holds the limit, or the model cannot tell yet.
    public func needsMeasurement(_ architecture: Architecture, prediction: Double) -> Bool {
        if calibrationRequested < calibration {
            calibrationRequested += 1
            return true
        }
        guard prediction.isFinite, prediction > 0 else { return true }
        if let band { return abs(prediction - limit) <= band * limit }
        guard let logSD else { return true }
        return abs(Foundation.log(prediction / limit)) <= confidence * logSD
    }

    /// The prediction × exp(confidence · σ); nil with a fixed band, while calibrating, or before σ is known.
    public func intervalTop(_ architecture: Architecture, prediction: Double) -> Double? {
        guard band == nil, !isCalibrating, prediction.isFinite, prediction > 0, let logSD else { return nil }
        return prediction * Foundation.exp(confidence * logSD)
    }

    /// Counts a candidate told its prediction instead of a measurement (decided, or waiting lazily).
    public func noteScreened() { screened += 1 }
    /// Uncounts a candidate counted by ``noteScreened()`` whose latency is measured after all.
    public func noteMeasuredAfterAll() { screened = Swift.max(0, screened - 1) }

    /// Adds a real measurement and re-fits the correction on all of them.
    ///
    /// a and b are fitted by least squares when the measured networks' table sums are spread
    /// enough to tell a scale from an offset. Dynamic channel scaling makes them nearly equal (every
    /// candidate is widened to the same predicted latency), and a busy machine moves every figure
    /// together; then the scale alone is fitted (a = the median of measured / table sum, b = 0),
    /// which one measurement already determines and a load spike does not move. A least-squares
    /// scale ≤ 0 (noise) is never used. A network the others' line misses by far more than the rest
    /// (a measurement taken during a load spike) is left out of the least-squares fit, which is
    /// then made on the rest: one such figure among ten would otherwise tilt a and b. The line is
    /// kept only while it predicts the measured networks it leaves out better than the median
    /// scale does (``predictsBetter(_:than:)``).
    public func learn(_ architecture: Architecture, measuredMs: Double) {
        guard measuredMs.isFinite, measuredMs > 0 else { return }
        let sum = model.tableSum(architecture)
        guard sum.isFinite, sum > 0 else { return }
        cachedLogSD = nil
        measured.append(LatencySample(architecture: architecture, latencyMs: measuredMs))
        sums.append(sum)
        outliers = []
        rejectedLineErrors = nil
        if Self.relativeSpread(sums) >= Self.minimumSpread, let fitted = robustLeastSquares() {
            // A network the line cannot predict counts as its worst miss in the choice, not as none.
            let lineErrors = leastSquaresLeaveOneOutErrors(fitted.model, outliers: fitted.outliers, failedAs: .infinity)
            guard measured.count < Self.minimumErrors
                || Self.predictsBetter(lineErrors, than: medianScaleLeaveOneOutErrors())
            else {
                rejectedLineErrors = lineErrors.filter(\.isFinite)
                return fitScale()
            }
            model = fitted.model
            outliers = fitted.outliers
            fittedByLeastSquares = true
            return
        }
        fitScale()
    }

    /// The median of measured / table sum as the scale, b = 0.
    private func fitScale() {
        fittedByLeastSquares = false
        // The median ratio: one measurement taken during a load spike must not move every prediction.
        guard let scale = medianScale, scale > 0, scale.isFinite else { return }
        model = OperatorTableModel(
            calibration: OperatorTableCalibration(table: model.table, a: scale, b: 0), signatures: model.signatures)
    }

    /// Whether the least-squares line predicts the measured networks it has not seen better than the
    /// median scale does: the smaller median absolute leave-one-out log error, so the offset earns
    /// its place (a tie goes to the simpler scale; no scale errors at all keep the line). On a
    /// machine whose speed drifts while the calibration set is measured (seen on a shared KVM host:
    /// the same networks measured twice agreed 62 % within ±10 %), least squares fitted a ≈ 0.12
    /// with a 14.5 ms offset, a flat line three times as wrong as the table alone; the scale cannot
    /// tilt. ``learn(_:measuredMs:)`` keeps the line before ``minimumErrors`` networks, as the
    /// comparison can tell nothing yet.
    static func predictsBetter(_ lineErrors: [Double], than scaleErrors: [Double]) -> Bool {
        guard !scaleErrors.isEmpty else { return true }
        return RankCorrelation.median(lineErrors.map(abs)) < RankCorrelation.median(scaleErrors.map(abs))
    }

    /// The relative spread (standard deviation / mean) of the measured networks' table sums below
    /// which only the scale is fitted.
    static let minimumSpread = 0.1

    /// Standard deviation / mean of table sums (0 for fewer than two).
    static func relativeSpread(_ sums: [Double]) -> Double {
        guard sums.count > 1 else { return 0 }
        let mean = sums.reduce(0, +) / Double(sums.count)
        return (sums.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(sums.count - 1)).squareRoot() / mean
    }

    /// A network is an outlier when the ``SenLine`` misses it by more than this many robust standard
    /// deviations of its log errors …
    static let outlierDeviations = 4.0
    /// … and by more than this share (log units), so ordinary noise on a steady device is never cut.
    static let outlierFloor = 0.15

    /// Least squares without the outliers: networks a ``SenLine`` through every measured network
    /// misses by more than ``outlierDeviations`` robust standard deviations and ``outlierFloor`` (at most
    /// a third of them, and at least six networks stay). A robust line, because a least-squares line
    /// tilted by two spikes at the widest networks would hide both. nil when no usable fit exists, or
    /// when the rest are not spread enough to tell a scale from an offset (the median scale then).
    private func robustLeastSquares() -> (model: OperatorTableModel, outliers: Set<Int>)? {
        func fitted(_ indices: [Int]) -> OperatorTableModel? {
            var candidate = model
            guard (try? candidate.fit(indices.map { measured[$0] })) != nil,
                candidate.a > 0, candidate.a.isFinite, candidate.b.isFinite
            else { return nil }
            return candidate
        }
        let all = Array(measured.indices)
        guard let plain = fitted(all) else { return nil }
        let latencies = measured.map(\.latencyMs)
        guard measured.count >= 9, let line = SenLine(x: sums, y: latencies) else { return (plain, []) }
        let outliers = line.outliers(
            x: sums, y: latencies, deviations: Self.outlierDeviations, floor: Self.outlierFloor, noiseFloor: Self.noiseFloor)
        guard !outliers.isEmpty, outliers.count * 3 <= measured.count else { return (plain, []) }
        let kept = all.filter { !outliers.contains($0) }
        guard Self.relativeSpread(kept.map { sums[$0] }) >= Self.minimumSpread else { return nil }
        guard kept.count >= 6, let refitted = fitted(kept) else { return (plain, []) }
        return (refitted, outliers)
    }

    /// A copy of the model as it stands (the table with the current correction, exactly as
    /// ``predict(_:)``), for a ``LatencyModelSnapshot``.
    public var current: CorrectedOperatorTable { CorrectedOperatorTable(model: model, fallbackScale: medianScale) }

    /// The current correction (a, b).
    public var correction: (a: Double, b: Double) { (model.a, model.b) }
    /// Real measurements the correction is fitted on.
    public var measurements: Int { measured.count }

    /// Learns a measurement stored before the search (a relative limit's sample); it counts toward
    /// the calibration.
    public func learnEarlierMeasurement(_ architecture: Architecture, measuredMs: Double) {
        calibrationRequested += 1
        learn(architecture, measuredMs: measuredMs)
    }

    /// Answers `table` with the correction (a, b), and `band`, or `confidence` and `log_sd` without one.
    public var use: SearchResult.ModelUse {
        SearchResult.ModelUse(
            kind: "table", screened: screened, measured: measurements, a: correction.a, b: correction.b, band: band,
            confidence: band == nil ? confidence : nil, logSD: band == nil ? logSD : nil)
    }
}
