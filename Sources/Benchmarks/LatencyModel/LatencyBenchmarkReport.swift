import Foundation
import LatencyModel

/// Everything `hsconas bench latency` found, and its text table.
public struct LatencyBenchmarkReport: Sendable, Hashable, Codable {
    /// Training sizes N.
    public var sizes: [Int]
    /// Seeds per device and N.
    public var seeds: Int
    /// Wall time of the whole run.
    public var seconds: Double
    /// One per space, device, N and model.
    public var cells: [LatencyBenchmarkCell]

    /// Creates a report from its parts.
    public init(sizes: [Int], seeds: Int, seconds: Double, cells: [LatencyBenchmarkCell]) {
        self.sizes = sizes
        self.seeds = seeds
        self.seconds = seconds
        self.cells = cells
    }

    /// The aim of issue #4 for one device: ±10 % ≥ 95 % and τ ≥ 0.9 from at most 100 samples.
    public func meetsAim(space: String, device: String) -> Bool {
        cells.contains { cell in
            cell.space == space && cell.device == device && cell.samples <= 100 && cell.within10 >= 0.95
                && cell.kendallTau >= 0.9
        }
    }

    /// Per space, one line per device: the ±10 % share and τ for each N, regression / MLP.
    public func text(tables: [LatencyBenchmarkData]) -> String {
        var lines: [String] = []
        for table in tables {
            let mine = cells.filter { $0.space == table.spaceName }
            lines.append("")
            lines.append(
                "\(table.spaceName): \(table.architectures.count) networks; each model fitted on N, scored on all the others; "
                    + "median of \(seeds) seeds; cells are regression/MLP")
            let sizeHeader = sizes.map { "N=\($0)".padded(12) }.joined().padded(max(12 * sizes.count, 16))
            lines.append("device".padded(16) + "±10 % share (%)".padded(max(12 * sizes.count, 16)) + "  Kendall τ")
            lines.append("".padded(16) + sizeHeader + "  " + sizes.map { "N=\($0)".padded(13) }.joined())
            for device in table.devices {
                func cell(_ size: Int, _ model: LatencyModelKind) -> LatencyBenchmarkCell? {
                    mine.first { $0.device == device && $0.samples == size && $0.model == model }
                }
                let shares = sizes.map { size in
                    "\(Self.format(cell(size, .table)?.within10, scale: 100, digits: 1))/\(Self.format(cell(size, .mlp)?.within10, scale: 100, digits: 1))"
                        .padded(12)
                }
                let taus = sizes.map { size in
                    "\(Self.format(cell(size, .table)?.kendallTau, digits: 3))/\(Self.format(cell(size, .mlp)?.kendallTau, digits: 3))"
                        .padded(13)
                }
                let mark = meetsAim(space: table.spaceName, device: device) ? "  ✓" : ""
                lines.append(device.padded(16) + shares.joined().padded(max(12 * sizes.count, 16)) + "  " + taus.joined() + mark)
            }
        }
        let met = Set(cells.map { "\($0.space) \($0.device)" }).filter { key in
            let parts = key.split(separator: " ")
            return meetsAim(space: String(parts[0]), device: String(parts[1]))
        }
        lines.append("")
        lines.append(
            "✓ = meets the aim (±10 % ≥ 95 % and τ ≥ 0.9 with N ≤ 100, either model): \(met.count) of "
                + "\(Set(cells.map { "\($0.space) \($0.device)" }).count) devices. Run time \(String(format: "%.1f", seconds)) s.")
        return lines.joined(separator: "\n")
    }

    private static func format(_ value: Double?, scale: Double = 1, digits: Int) -> String {
        guard let value else { return "-" }
        return String(format: "%.\(digits)f", value * scale)
    }
}
