/// Identifies one memoized figure: a metric of an architecture, on a device for latency.
struct MetricKey: Hashable, Sendable {
    var architecture: String
    var metric: String
    /// Empty for accuracy, which is shared across devices.
    var device: String

    static let validAccuracy = "valid_accuracy"
    static let testAccuracy = "test_accuracy"
    /// A training-free proxy's score (NASWOT), the selection figure when no validation accuracy
    /// is reported; never called an accuracy.
    static let proxyScore = "proxy_score"
    /// The figures an accuracy job may answer with, preferred first.
    static let selectionMetrics = [validAccuracy, proxyScore]
    static let latency = "latency_ms"
    /// A latency model's prediction, stored next to the measured `latency_ms`.
    static let predictedLatency = "latency_predicted_ms"
    /// The slower of two readings of a network its model had predicted under the limit and whose
    /// first reading was over it (at the answer's confirmation, and during the search when the
    /// reading was also over the model's interval; a load spike is the usual cause); `latency_ms`
    /// holds the faster one.
    static let discardedLatency = "latency_discarded_ms"
}
