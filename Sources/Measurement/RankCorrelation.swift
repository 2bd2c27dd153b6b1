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

    /// Spearman's ρ between `x` and `y` (paired by index): Pearson's correlation of their ranks,
    /// tied values sharing the mean of their ranks; 0 when either side is constant.
    public static func spearmanRho(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count, "spearmanRho needs paired samples")
        let rx = ranks(x), ry = ranks(y)
        let n = Double(x.count)
        guard n > 1 else { return 0 }
        let mx = rx.reduce(0, +) / n, my = ry.reduce(0, +) / n
        var covariance = 0.0, vx = 0.0, vy = 0.0
        for index in rx.indices {
            let dx = rx[index] - mx, dy = ry[index] - my
            covariance += dx * dy
            vx += dx * dx
            vy += dy * dy
        }
        let denominator = (vx * vy).squareRoot()
        return denominator > 0 ? covariance / denominator : 0
    }

    /// 1-based ranks of `values`, ties given the mean of the ranks they span.
    public static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var result = Array(repeating: 0.0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
            let rank = Double(start + end) / 2 + 1
            for position in start...end { result[order[position]] = rank }
            start = end + 1
        }
        return result
    }

    /// The median of `values` (the mean of the middle two for an even count); 0 when empty.
    public static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
