import Foundation
import Synchronization

/// Thread-safe line accumulation for a child process's output.
final class LineBuffer: Sendable {
    private let lines = Mutex<[String]>([])
    private let partial = Mutex(Data())

    var all: [String] { lines.withLock { $0 } }

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
