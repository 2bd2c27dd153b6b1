/// The metric names a search writes to its store (``MetricKey``'s), for readers that check a store.
public enum StoredMetrics {
    /// Every metric name a search may write.
    public static let all: Set<String> = [
        MetricKey.validAccuracy, MetricKey.testAccuracy, MetricKey.proxyScore, MetricKey.latency,
        MetricKey.predictedLatency, MetricKey.discardedLatency,
    ]
}
