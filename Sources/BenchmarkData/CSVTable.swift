import Foundation

/// A comma-separated table as RFC 4180 writes it: a header line, then one record per line;
/// fields may be quoted (`"a, b"`, `"say ""hi"""`, line breaks inside quotes), lines end in
/// LF or CRLF, a UTF-8 byte-order mark and blank lines are skipped.
///
/// The text is split once into field boundaries; a field becomes a `String` only when asked
/// for, so reading two columns of a 15,625 × 53 table does not build 800,000 strings. Rows
/// are numbered from 1 after the header in every message, with the file line they start on.
///
/// Written by hand rather than taken from a CSV package: the ones available (CSV.swift 2.5.2,
/// SwiftCSV 0.10.0) accept an unclosed quote by swallowing the rest of the file and report
/// no position for what they reject, and a table's errors must name the row.
public struct CSVTable: Sendable {
    /// Where the text came from (a path), used in messages.
    public let source: String
    /// Column names from the header line.
    public let header: [String]
    private let bytes: [UInt8]
    /// Per field of every row, in row order: start and end offsets in `bytes`; a negative start
    /// marks a quoted field whose doubled quotes still need collapsing.
    private let starts: [Int]
    private let ends: [Int]
    /// First field of each row in `starts`/`ends`, plus one past the last.
    private let rowStarts: [Int]
    /// The 1-based file line each row starts on.
    private let lines: [Int]

    /// Reads and splits a CSV file.
    public init(contentsOf url: URL) throws(BenchmarkDataError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw BenchmarkDataError("cannot read \(url.path): \(error.localizedDescription)")
        }
        try self.init(bytes: [UInt8](data), source: url.path)
    }

    /// Splits CSV text.
    public init(text: String, source: String = "table") throws(BenchmarkDataError) {
        try self.init(bytes: Array(text.utf8), source: source)
    }

    /// Splits UTF-8 CSV bytes.
    public init(bytes: [UInt8], source: String = "table") throws(BenchmarkDataError) {
        var splitter = CSVSplitter(bytes: bytes, source: source)
        try splitter.split()
        guard !splitter.rowStarts.isEmpty else {
            throw BenchmarkDataError("\(source) is empty; expected a header line naming the columns")
        }
        self.source = source
        self.bytes = bytes
        starts = splitter.starts
        ends = splitter.ends
        let fieldsInHeader = splitter.rowStarts.count > 1 ? splitter.rowStarts[1] : splitter.starts.count
        header = (0..<fieldsInHeader).map { Self.decode(bytes, splitter.starts[$0], splitter.ends[$0]) }
        rowStarts = Array(splitter.rowStarts.dropFirst()) + [splitter.starts.count]
        lines = Array(splitter.lines.dropFirst())
        for row in 0..<rowCount where fieldCount(row: row) != header.count {
            throw BenchmarkDataError(
                "\(source) \(location(row: row)) has \(fieldCount(row: row)) field(s), the header has \(header.count)")
        }
    }

    /// Number of data rows (the header excluded).
    public var rowCount: Int { lines.count }

    private func fieldCount(row: Int) -> Int { rowStarts[row + 1] - rowStarts[row] }

    /// The file line (1-based) data row `row` (0-based) starts on.
    public func line(ofRow row: Int) -> Int { lines[row] }

    /// How messages name data row `row` (0-based): `row 5 (line 6)`.
    public func location(row: Int) -> String { "row \(row + 1) (line \(lines[row]))" }

    /// The index of the column called `name`, or an error listing the columns there are.
    public func column(named name: String) throws(BenchmarkDataError) -> Int {
        let matches = header.indices.filter { header[$0] == name }
        guard matches.count <= 1 else {
            throw BenchmarkDataError("\(source) has \(matches.count) columns called '\(name)'; the column to use is ambiguous")
        }
        guard let index = matches.first else {
            throw BenchmarkDataError("\(source) has no column '\(name)'; available: \(header.joined(separator: ", "))")
        }
        return index
    }

    /// The text of one field (row 0-based, after the header).
    public func field(row: Int, column: Int) -> String {
        let index = rowStarts[row] + column
        return Self.decode(bytes, starts[index], ends[index])
    }

    /// Every row's field in `column`, in row order.
    public func values(column: Int) -> [String] {
        (0..<rowCount).map { field(row: $0, column: column) }
    }

    private static func decode(_ bytes: [UInt8], _ start: Int, _ end: Int) -> String {
        if start >= 0 { return String(decoding: bytes[start..<end], as: UTF8.self) }
        var unescaped: [UInt8] = []
        var index = -start - 1
        while index < end {
            unescaped.append(bytes[index])
            // Inside a quoted field a quote only ever appears doubled (the splitter checked).
            index += bytes[index] == UInt8(ascii: "\"") ? 2 : 1
        }
        return String(decoding: unescaped, as: UTF8.self)
    }
}
