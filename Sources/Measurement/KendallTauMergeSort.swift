/// Kendall's τ-b in O(n log n) (Knight 1966): sort by one variable, count the swaps a merge
/// sort by the other needs (the discordant pairs), correct for ties in either. Same definition
/// and result as the pairwise count (tested against it); `RankCorrelation.kendallTau` uses it for
/// large inputs without NaN (whose order a sort cannot define).
enum KendallTauMergeSort {
    static func tauB(_ x: [Double], _ y: [Double]) -> Double {
        let n = x.count
        var order = Array(0..<n)
        order.sort { x[$0] != x[$1] ? x[$0] < x[$1] : y[$0] < y[$1] }
        // Pairs tied in x, and tied in both, from runs of the sorted order.
        var tiedX = 0, tiedBoth = 0
        var runX = 1, runBoth = 1
        for index in 1..<n {
            let previous = order[index - 1], current = order[index]
            let sameX = x[current] == x[previous]
            if sameX {
                runX += 1
            } else {
                tiedX += runX * (runX - 1) / 2
                runX = 1
            }
            if sameX && y[current] == y[previous] {
                runBoth += 1
            } else {
                tiedBoth += runBoth * (runBoth - 1) / 2
                runBoth = 1
            }
        }
        tiedX += runX * (runX - 1) / 2
        tiedBoth += runBoth * (runBoth - 1) / 2
        // Discordant pairs: swaps a stable merge sort by y makes on the x-sorted order.
        var values = order.map { y[$0] }
        var buffer = values
        let swaps = Self.mergeSortCountingSwaps(&values, &buffer)
        var tiedY = 0, runY = 1
        for index in 1..<n {
            if values[index] == values[index - 1] {
                runY += 1
            } else {
                tiedY += runY * (runY - 1) / 2
                runY = 1
            }
        }
        tiedY += runY * (runY - 1) / 2
        let pairs = n * (n - 1) / 2
        let numerator = Double(pairs - tiedX - tiedY + tiedBoth - 2 * swaps)
        let denominator = (Double(pairs - tiedX) * Double(pairs - tiedY)).squareRoot()
        return denominator > 0 ? numerator / denominator : 0
    }

    /// Sorts `values` ascending (stable, bottom-up) and returns how many inversions it removed:
    /// pairs `i < j` with `values[i] > values[j]` (equal values are not inversions).
    private static func mergeSortCountingSwaps(_ values: inout [Double], _ buffer: inout [Double]) -> Int {
        let n = values.count
        var swaps = 0
        var width = 1
        while width < n {
            var start = 0
            while start < n {
                let middle = min(start + width, n), end = min(start + 2 * width, n)
                var left = start, right = middle, out = start
                while left < middle && right < end {
                    if values[right] < values[left] {
                        buffer[out] = values[right]
                        swaps += middle - left
                        right += 1
                    } else {
                        buffer[out] = values[left]
                        left += 1
                    }
                    out += 1
                }
                while left < middle {
                    buffer[out] = values[left]
                    left += 1
                    out += 1
                }
                while right < end {
                    buffer[out] = values[right]
                    right += 1
                    out += 1
                }
                start = end
            }
            swap(&values, &buffer)
            width *= 2
        }
        return swaps
    }
}
