import Foundation

/// A device's operator table as a portable JSON file (`hsconas profile --export/--import`).
public struct OperatorProfileTable: Sendable, Codable, Hashable {
    /// One operator's measurement, with snake_case keys in the file.
    public struct Entry: Sendable, Codable, Hashable {
        /// The operator's signature (`NetworkOperator.signature`).
        public var signature: String
        /// Median latency in milliseconds; `decode(_:path:)` requires it positive and finite.
        public var latencyMs: Double
        /// The measurement's statistics and environment as the worker reported them (JSON object); nil when not reported.
        public var environment: String?
        /// Id of the worker that measured it.
        public var worker: String
        /// When it was measured; ISO 8601 in the file.
        public var measuredAt: Date

        enum CodingKeys: String, CodingKey {
            case signature
            case latencyMs = "latency_ms"
            case environment, worker
            case measuredAt = "measured_at"
        }
    }

    /// The file format tag; `decode(_:path:)` accepts only `hsconas-operator-table-1`.
    public var format = "hsconas-operator-table-1"
    /// The name of the space the operators come from, e.g. `spos`.
    public var space: String
    /// The device the operators were measured on.
    public var device: String
    /// One per operator, in the order the records were given.
    public var entries: [Entry]

    /// The table of `records`, labelled with `space` and `device` (the records' own are not checked).
    public init(space: String, device: String, records: [OperatorProfileRecord]) {
        self.space = space
        self.device = device
        entries = records.map {
            Entry(signature: $0.signature, latencyMs: $0.latencyMs, environment: $0.environment, worker: $0.worker, measuredAt: $0.measuredAt)
        }
    }

    /// The entries as store records.
    public var records: [OperatorProfileRecord] {
        entries.map {
            OperatorProfileRecord(
                space: space, device: device, signature: $0.signature, latencyMs: $0.latencyMs, environment: $0.environment,
                worker: $0.worker, measuredAt: $0.measuredAt)
        }
    }

    /// Signature → milliseconds.
    public var latencies: [String: Double] {
        Dictionary(entries.map { ($0.signature, $0.latencyMs) }, uniquingKeysWith: { first, _ in first })
    }

    /// The table as pretty-printed JSON with sorted keys and ISO 8601 dates, ready to write to a file.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }

    /// Reads a table file, naming what is wrong with it.
    public static func decode(_ data: Data, path: String) throws(StoreError) -> OperatorProfileTable {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let table: OperatorProfileTable
        do {
            table = try decoder.decode(OperatorProfileTable.self, from: data)
        } catch {
            throw StoreError(path: path, message: "not an operator table: \(error)")
        }
        guard table.format == "hsconas-operator-table-1" else {
            throw StoreError(path: path, message: "format '\(table.format)' is not hsconas-operator-table-1")
        }
        for entry in table.entries where !(entry.latencyMs > 0 && entry.latencyMs.isFinite) {
            throw StoreError(path: path, message: "entry '\(entry.signature)' has latency_ms \(entry.latencyMs); expected a positive number")
        }
        return table
    }
}
