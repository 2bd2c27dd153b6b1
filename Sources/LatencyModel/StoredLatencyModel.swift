import SearchSpace

/// A fitted latency model in a form a search can store (JSON through `Codable`) and load again.
public enum StoredLatencyModel: Sendable, Hashable, Codable {
    /// A fitted per-position table.
    case regression(PositionTableRegression)
    /// A fitted MLP.
    case mlp(MLPLatencyModel)
    /// The operator table model's table and correction; its signature function comes from the
    /// network graph when it is loaded.
    case operatorTable(OperatorTableCalibration)

    /// The model ready to predict. `signatures` is needed (and used) only for `operatorTable`.
    public func predictor(
        signatures: (@Sendable (Architecture) -> [String])? = nil
    ) throws(LatencyModelError) -> any LatencyPredictor {
        switch self {
        case .regression(let model): return model
        case .mlp(let model): return model
        case .operatorTable(let calibration):
            guard let signatures else {
                throw LatencyModelError("an operator-table model needs the function giving a network's operator signatures")
            }
            return OperatorTableModel(calibration: calibration, signatures: signatures)
        }
    }
}
