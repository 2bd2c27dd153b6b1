import Foundation
import SearchSpace

/// The NAS-Bench-201 benchmark table: every one of the 15,625 cells with its accuracies,
/// parameter and FLOP counts and measured latency on 27 devices (see `Resources/ATTRIBUTION.md`).
///
/// It is also the authority for the standard cell index: `index(of:)` and `architecture(at:)`
/// map between genomes and indices exactly as the published table does.
public final class NB201Table: Sendable {
    /// Numeric column names, in file order.
    public let columns: [String]
    /// Device names that have a latency column (`lat_<device>_ms`), sorted.
    public let devices: [String]
    private let values: [[Float]]
    private let columnIndex: [String: Int]
    private let codeAtIndex: [Int]
    private let indexAtCode: [Int]

    /// Where the table shipped with the project lies.
    public static func bundledURL() throws(BenchmarkDataError) -> URL {
        guard let url = Bundle.module.url(forResource: "Resources/nb201", withExtension: "bin") else {
            throw BenchmarkDataError("the bundled NAS-Bench-201 table (Resources/nb201.bin) is missing")
        }
        return url
    }

    /// Loads the table shipped with the project.
    public static func bundled() throws(BenchmarkDataError) -> NB201Table {
        try NB201Table(contentsOf: try bundledURL())
    }

    /// Loads a table written by `Scripts/compact_nb201.py`.
    public convenience init(contentsOf url: URL) throws(BenchmarkDataError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw BenchmarkDataError("cannot read NAS-Bench-201 table \(url.path): \(error.localizedDescription)")
        }
        try self.init(data: data, source: url.path)
    }

    /// Parses the compact binary form (layout documented in `Scripts/compact_nb201.py`).
    public init(data: Data, source: String = "data") throws(BenchmarkDataError) {
        var reader = LittleEndianReader(bytes: [UInt8](data), source: source)
        guard try reader.bytes(8) == Array("HSNB201\0".utf8) else {
            throw BenchmarkDataError("\(source): not a NAS-Bench-201 table (bad magic)")
        }
        let version = try reader.uint32()
        guard version == 1 else {
            throw BenchmarkDataError("\(source): unsupported table format version \(version)")
        }
        let rows = Int(try reader.uint32())
        let columnCount = Int(try reader.uint32())
        guard rows == NB201Space.cellCount else {
            throw BenchmarkDataError("\(source): expected \(NB201Space.cellCount) rows, found \(rows)")
        }
        let nameBytes = try reader.bytes(Int(try reader.uint32()))
        let names = String(decoding: nameBytes, as: UTF8.self).split(separator: "\n").map(String.init)
        guard names.count == columnCount else {
            throw BenchmarkDataError("\(source): header names \(names.count) columns, expected \(columnCount)")
        }
        var codes: [Int] = []
        codes.reserveCapacity(rows)
        var inverse = [Int](repeating: -1, count: rows)
        for index in 0..<rows {
            let code = Int(try reader.uint16())
            guard code < rows, inverse[code] == -1 else {
                throw BenchmarkDataError("\(source): row \(index) repeats or overflows cell code \(code)")
            }
            inverse[code] = index
            codes.append(code)
        }
        var table: [[Float]] = []
        for _ in 0..<columnCount {
            table.append(try reader.float32s(rows))
        }
        columns = names
        values = table
        codeAtIndex = codes
        indexAtCode = inverse
        columnIndex = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        devices = names.compactMap { name in
            guard name.hasPrefix("lat_"), name.hasSuffix("_ms") else { return nil }
            return String(name.dropFirst(4).dropLast(3))
        }.sorted()
    }

    /// The standard benchmark index (0..<15625) of a cell.
    public func index(of architecture: Architecture) -> Int {
        indexAtCode[NB201Space.code(of: architecture)]
    }

    /// The cell at a standard benchmark index.
    public func architecture(at index: Int) throws(BenchmarkDataError) -> Architecture {
        guard codeAtIndex.indices.contains(index) else {
            throw BenchmarkDataError("NAS-Bench-201 index \(index) is out of range 0...\(codeAtIndex.count - 1)")
        }
        return NB201Space.architecture(code: codeAtIndex[index])
    }

    /// All values of a column, in standard index order.
    public func column(_ name: String) throws(BenchmarkDataError) -> [Float] {
        guard let position = columnIndex[name] else {
            throw BenchmarkDataError("NAS-Bench-201 table has no column '\(name)'")
        }
        return values[position]
    }

    /// Checks a device name against the table, naming the known ones when it is absent.
    public func checkDevice(_ device: String) throws(BenchmarkDataError) {
        guard devices.contains(device) else {
            throw BenchmarkDataError(
                "device '\(device)' is not in the NAS-Bench-201 table; known devices: "
                    + devices.joined(separator: ", "))
        }
    }

    /// Latencies (ms) of every cell on `device`, in standard index order.
    public func latencies(device: String) throws(BenchmarkDataError) -> [Float] {
        try checkDevice(device)
        return try column("lat_\(device)_ms")
    }

    /// One value of a column for one cell.
    public func value(_ name: String, of architecture: Architecture) throws(BenchmarkDataError) -> Double {
        Double(try column(name)[index(of: architecture)])
    }
}
