import Foundation

/// Unbuffered writes to standard output, so the progress line, the summary and logs on
/// standard error interleave in the order they happen (even through a pipe).
enum Console {
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func line(_ text: String) {
        write(text + "\n")
    }
}
