import BenchmarkData
import Foundation
import SearchSpace

/// Measured networks read from a CSV table: one architecture column, one latency column.
public enum LatencyDataset {
    /// Every row of `csv` as a sample, or an error naming the row, the column and the value
    /// that is wrong (or the column that is missing, with those there are).
    public static func samples(
        from csv: CSVTable, space: some SearchSpace, architectureColumn: String, latencyColumn: String
    ) throws(LatencyModelError) -> [LatencySample] {
        let architectureIndex: Int, latencyIndex: Int
        do {
            architectureIndex = try csv.column(named: architectureColumn)
            latencyIndex = try csv.column(named: latencyColumn)
        } catch {
            throw LatencyModelError(error.message)
        }
        guard csv.rowCount > 0 else {
            throw LatencyModelError("\(csv.source) has a header but no rows")
        }
        var samples: [LatencySample] = []
        samples.reserveCapacity(csv.rowCount)
        for row in 0..<csv.rowCount {
            let architectureText = csv.field(row: row, column: architectureIndex)
            let architecture: Architecture
            do {
                architecture = try space.parse(architectureText)
            } catch {
                throw LatencyModelError(
                    "\(csv.source) \(csv.location(row: row)), column '\(architectureColumn)': \(error.description)")
            }
            let latencyText = csv.field(row: row, column: latencyIndex)
            guard let latency = Double(latencyText.trimmingCharacters(in: .whitespaces)), latency.isFinite else {
                throw LatencyModelError(
                    "\(csv.source) \(csv.location(row: row)), column '\(latencyColumn)': '\(latencyText)' is not a number")
            }
            guard latency > 0 else {
                throw LatencyModelError(
                    "\(csv.source) \(csv.location(row: row)), column '\(latencyColumn)': latency \(latencyText) ms is not positive")
            }
            samples.append(LatencySample(architecture: architecture, latencyMs: latency))
        }
        return samples
    }
}
