/// Rank agreement between two sets of figures about the same items.
public enum RankCorrelation {
    /// Kendall's τ-b between `x` and `y` (paired by index): +1 when they order every pair the
    /// same way, −1 when opposite; ties in either count as neither (τ-b's correction). Large
    /// inputs (thousands of held-out networks) take the O(n log n) merge-sort count.
    public static func kendallTau(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count, "kendallTau needs paired samples")
        if x.count > 512, !x.contains(where: \.isNaN), !y.contains(where: \.isNaN) {
            return KendallTauMergeSort.tauB(x, y)
        }
        return pairwiseKendallTau(x, y)
    }

    /// τ-b by comparing every pair: O(n²), the definition itself.
    public static func pairwiseKendallTau(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count, "kendallTau needs paired samples")
        var concordant = 0.0, discordant = 0.0, tiesX = 0.0, tiesY = 0.0
        for i in 0..<x.count {
            for j in (i + 1)..<max(x.count, i + 1) {
                let dx = x[i] - x[j], dy = y[i] - y[j]
                if dx == 0 && dy == 0 { continue }
                if dx == 0 {
                    tiesX += 1
                } else if dy == 0 {
                    tiesY += 1
                } else if (dx > 0) == (dy > 0) {
                    concordant += 1
                } else {
                    discordant += 1
                }
            }
        }
        let denominator = ((concordant + discordant + tiesX) * (concordant + discordant + tiesY)).squareRoot()
        return denominator > 0 ? (concordant - discordant) / denominator : 0
    }

    /// The median of `values` (the mean of the middle two for an even count); 0 when empty.
    public static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
