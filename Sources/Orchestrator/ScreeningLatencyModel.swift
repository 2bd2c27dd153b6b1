import LatencyModel
import SearchSpace

/// A device's latency model inside a search (issue #4): the profiled operator table with the
/// correction a · Σ table + b, re-fitted online from every real measurement of the search. A
/// candidate whose prediction is clearly on one side of the target (outside `band` around it)
/// is decided on the model; only candidates near the target are measured, and the answer is
/// confirmed by a measurement at the end.
public final class ScreeningLatencyModel {
    public let device: String
    public let limit: Double
    /// Relative half-width of the band around the limit where candidates are measured.
    public let band: Double
    private var model: OperatorTableModel
    private var measured: [LatencySample] = []
    /// Candidates decided on the model without a measurement.
    public private(set) var screened = 0
    /// The first candidates are measured whatever their prediction, to fit the correction before
    /// anything is decided on the model (operators timed alone do not add up exactly).
    public let calibration: Int
    private var calibrationRequested = 0

    /// - Parameter signatures: an architecture's operator signatures (default: from the space's
    ///   network graph; tests give their own).
    public init(
        device: String, limit: Double, band: Double, table: [String: Double], space: any NetworkSpace, calibration: Int = 10,
        signatures: (@Sendable (Architecture) -> [String])? = nil
    ) {
        self.device = device
        self.limit = limit
        self.band = band
        self.calibration = calibration
        let fromGraph: @Sendable (Architecture) -> [String] = { [space] architecture in
            (try? space.operatorSignatures(of: architecture)) ?? []
        }
        model = OperatorTableModel(table: table, signatures: signatures ?? fromGraph)
    }

    /// The corrected prediction in ms (the plain table sum until two measurements exist).
    public func predict(_ architecture: Architecture) -> Double {
        measured.count >= 2 ? model.predict(architecture) : model.tableSum(architecture)
    }

    /// True when the candidate must be measured: one of the first `calibration`, or its prediction
    /// is within the band around the limit.
    public func needsMeasurement(_ prediction: Double) -> Bool {
        if calibrationRequested < calibration {
            calibrationRequested += 1
            return true
        }
        return abs(prediction - limit) <= band * limit || !prediction.isFinite
    }

    public func noteScreened() { screened += 1 }

    /// Adds a real measurement and re-fits the correction on all of them.
    public func learn(_ architecture: Architecture, measuredMs: Double) {
        measured.append(LatencySample(architecture: architecture, latencyMs: measuredMs))
        guard measured.count >= 2 else { return }
        var refitted = model
        do {
            try refitted.fit(measured)
        } catch {
            return
        }
        // A few noisy measurements of similar networks can fit a scale ≤ 0, which would predict
        // every network fast (or negative); keep the last sensible correction until more arrive.
        guard refitted.a > 0, refitted.a.isFinite, refitted.b.isFinite else { return }
        model = refitted
    }

    /// A copy of the model as it stands (the table with the current correction; before two
    /// measurements the plain table sum, exactly as ``predict(_:)``), for a ``LatencyModelSnapshot``.
    public var current: OperatorTableModel { model }

    /// The current correction (a, b).
    public var correction: (a: Double, b: Double) { (model.a, model.b) }
    public var measurements: Int { measured.count }
}
