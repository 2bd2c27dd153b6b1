import Foundation
import SearchSpace

/// HELP's FBNet latency table: 5,000 sampled ``FBNetSpace`` networks with their measured
/// latency on 27 device configurations (see `Resources/ATTRIBUTION.md`).
public struct FBNetTable: Sendable {
    /// The networks, in file order (the table's `fbnet_index`).
    public let architectures: [Architecture]
    /// Device names that have a latency column (`<device>_ms`), sorted.
    public let devices: [String]
    private let latencyColumns: [String: [Double]]

    /// Where the table shipped with the project lies.
    public static func bundledURL() throws(BenchmarkDataError) -> URL {
        guard let url = Bundle.module.url(forResource: "Resources/fbnet_latency", withExtension: "csv") else {
            throw BenchmarkDataError("the bundled FBNet latency table (Resources/fbnet_latency.csv) is missing")
        }
        return url
    }

    /// Loads the table shipped with the project.
    public static func bundled() throws(BenchmarkDataError) -> FBNetTable {
        try FBNetTable(csv: CSVTable(contentsOf: try bundledURL()))
    }

    /// Reads a table with an `op_idx` column and `<device>_ms` latency columns.
    public init(csv: CSVTable) throws(BenchmarkDataError) {
        let space = FBNetSpace()
        let architectureColumn = try csv.column(named: "op_idx")
        var architectures: [Architecture] = []
        architectures.reserveCapacity(csv.rowCount)
        for row in 0..<csv.rowCount {
            do {
                architectures.append(try space.parse(csv.field(row: row, column: architectureColumn)))
            } catch {
                throw BenchmarkDataError("\(csv.source) \(csv.location(row: row)), column 'op_idx': \(error.description)")
            }
        }
        var columns: [String: [Double]] = [:]
        for (column, name) in csv.header.enumerated() where name.hasSuffix("_ms") {
            var values: [Double] = []
            values.reserveCapacity(csv.rowCount)
            for row in 0..<csv.rowCount {
                let text = csv.field(row: row, column: column)
                guard let value = Double(text), value.isFinite, value > 0 else {
                    throw BenchmarkDataError(
                        "\(csv.source) \(csv.location(row: row)), column '\(name)': '\(text)' is not a positive latency (ms)")
                }
                values.append(value)
            }
            columns[String(name.dropLast(3))] = values
        }
        self.architectures = architectures
        latencyColumns = columns
        devices = columns.keys.sorted()
    }

    /// Latencies (ms) of every network on `device`, in file order.
    public func latencies(device: String) throws(BenchmarkDataError) -> [Double] {
        guard let values = latencyColumns[device] else {
            throw BenchmarkDataError(
                "device '\(device)' is not in the FBNet table; known devices: " + devices.joined(separator: ", "))
        }
        return values
    }
}
