/// The non-dominated points of (latency, score): none other is both faster (or as fast) and
/// better (or as good). Sorted by latency.
enum ParetoFront {
    static func of(_ points: [(latency: Double, score: Double)]) -> [(latency: Double, score: Double)] {
        let sorted = points.sorted { $0.latency != $1.latency ? $0.latency < $1.latency : $0.score > $1.score }
        var front: [(latency: Double, score: Double)] = []
        for point in sorted where front.last.map({ point.score > $0.score }) ?? true {
            front.append(point)
        }
        return front
    }
}
