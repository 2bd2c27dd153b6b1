/// Splits CSV bytes into field boundaries for ``CSVTable``, one pass, no copies.
struct CSVSplitter {
    let bytes: [UInt8]
    let source: String
    /// Field start offsets (negative, `-(offset + 1)`, for a quoted field with doubled quotes).
    private(set) var starts: [Int] = []
    private(set) var ends: [Int] = []
    /// First field of each record (the header is record 0).
    private(set) var rowStarts: [Int] = []
    /// The 1-based line each record starts on.
    private(set) var lines: [Int] = []

    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"),
        carriageReturn = UInt8(ascii: "\r")

    init(bytes: [UInt8], source: String) {
        self.bytes = bytes
        self.source = source
    }

    mutating func split() throws(BenchmarkDataError) {
        let count = bytes.count
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        while index < count {
            // Blank lines separate nothing; skip them rather than read a one-field row.
            if bytes[index] == Self.newline {
                index += 1
                line += 1
                continue
            }
            if bytes[index] == Self.carriageReturn, index + 1 < count, bytes[index + 1] == Self.newline {
                index += 2
                line += 1
                continue
            }
            rowStarts.append(starts.count)
            lines.append(line)
            // One record: fields until a line end outside quotes.
            while true {
                let fieldNumber = starts.count - rowStarts[rowStarts.count - 1] + 1
                if index < count, bytes[index] == Self.quote {
                    let openedOn = line
                    var cursor = index + 1
                    var doubled = false
                    while true {
                        guard cursor < count else {
                            throw failure("field \(fieldNumber) opens a quote on line \(openedOn) that is never closed")
                        }
                        let byte = bytes[cursor]
                        if byte == Self.quote {
                            if cursor + 1 < count, bytes[cursor + 1] == Self.quote {
                                doubled = true
                                cursor += 2
                                continue
                            }
                            break
                        }
                        if byte == Self.newline { line += 1 }
                        cursor += 1
                    }
                    let contentStart = index + 1
                    starts.append(doubled ? -contentStart - 1 : contentStart)
                    ends.append(cursor)
                    index = cursor + 1
                    if index < count, !isDelimiter(at: index) {
                        throw failure(
                            "field \(fieldNumber) has '\(Character(Unicode.Scalar(bytes[index])))' after its closing quote "
                                + "(a quote inside a quoted field is written twice)")
                    }
                } else {
                    let start = index
                    while index < count, !isDelimiter(at: index) {
                        if bytes[index] == Self.quote {
                            throw failure("field \(fieldNumber) has a quote inside an unquoted field (quote the whole field)")
                        }
                        index += 1
                    }
                    starts.append(start)
                    ends.append(index)
                }
                if index < count, bytes[index] == Self.comma {
                    index += 1
                    continue
                }
                // End of line or of text.
                if index < count {
                    index += bytes[index] == Self.carriageReturn ? 2 : 1
                    line += 1
                }
                break
            }
        }
    }

    private func isDelimiter(at index: Int) -> Bool {
        let byte = bytes[index]
        if byte == Self.comma || byte == Self.newline { return true }
        return byte == Self.carriageReturn && index + 1 < bytes.count && bytes[index + 1] == Self.newline
    }

    private func failure(_ reason: String) -> BenchmarkDataError {
        let record = rowStarts.count - 1
        let row = record == 0 ? "header" : "row \(record)"
        return BenchmarkDataError("\(source) \(row) (line \(lines[record])): \(reason)")
    }
}
