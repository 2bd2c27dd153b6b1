/// How a device's screening model decides one candidate's latency.
enum ScreeningDecision: Equatable {
    /// Measure it: calibration, or the model cannot decide (and the target is not lazy, or the
    /// prediction is over the limit).
    case measure
    /// Clearly on one side of the limit: decided on the prediction for good.
    case decided
    /// Undecided but predicted under the limit on a lazy target (`decide: lazy`), or on either side
    /// (`lazy-all`): told on the prediction (at most the limit) for now, measured once its
    /// accuracy would make it a parent.
    case waitsForAccuracy
}
