import Foundation
import Synchronization

/// Thread-safe line accumulation for a child process's output.
final class LineBuffer: Sendable {
    private let lines = Mutex<[String]>([])
    private let partial = Mutex(Data())
    private let ended = Mutex(false)

    var all: [String] { lines.withLock { $0 } }

    /// True once the writer closed its end (end of file seen).
    var isClosed: Bool { ended.withLock { $0 } }

    /// Marks the end of the output; a last line without a newline is kept.
    func close(with buffer: LineBuffer) {
        let rest = buffer.partial.withLock { data in
            defer { data.removeAll() }
            return data.isEmpty ? nil : String(decoding: data, as: UTF8.self)
        }
        if let rest { append([rest]) }
        ended.withLock { $0 = true }
    }

    func append(_ new: [String]) {
        lines.withLock { $0.append(contentsOf: new) }
    }

    /// Adds a chunk of bytes and returns the complete lines it finished.
    func split(_ chunk: Data) -> [String] {
        partial.withLock { data in
            data.append(chunk)
            var found: [String] = []
            while let newline = data.firstIndex(of: 0x0A) {
                found.append(String(decoding: data[data.startIndex..<newline], as: UTF8.self))
                data.removeSubrange(data.startIndex...newline)
            }
            return found
        }
    }
}
