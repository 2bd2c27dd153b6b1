/// The models that can be fitted from whole-network measurements alone (a benchmark table), by
/// the names the command line uses.
public enum LatencyModelKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// ``PositionTableRegression``: the per-position table by least squares.
    case table
    /// ``MLPLatencyModel``.
    case mlp

    /// An unfitted model of this kind for genes with `layout`; `mlp` shapes and trains the MLP.
    public func makeModel(layout: OneHotLayout, mlp: MLPSettings = MLPSettings()) -> any LatencyPredictor {
        switch self {
        case .table: PositionTableRegression(layout: layout)
        case .mlp: MLPLatencyModel(layout: layout, settings: mlp)
        }
    }
}
