import SearchSpace

extension ScreeningModel {
    /// The reading above which a candidate sent to the device is read again during the search: the
    /// top of its prediction interval, for one the model could not decide (`decided` false) past
    /// calibration (`calibrating`, read before deciding) and predicted under the limit; nil otherwise.
    public func unexpectedAbove(
        _ architecture: Architecture, prediction: Double, decided: Bool, calibrating: Bool
    ) -> Double? {
        guard !decided, !calibrating, prediction <= limit else { return nil }
        return intervalTop(architecture, prediction: prediction)
    }

    /// Whether a reading is one the model did not expect: over both the limit and `top`
    /// (``unexpectedAbove(_:prediction:decided:calibrating:)``).
    public func isUnexpected(_ readingMs: Double, above top: Double) -> Bool {
        readingMs.isFinite && readingMs > Swift.max(limit, top)
    }
}
