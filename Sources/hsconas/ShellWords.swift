/// Words of a command line printed for a user to paste into a POSIX shell.
enum ShellWords {
    /// `word` as it is when every character is one no shell treats specially, else single-quoted
    /// (an endpoint such as `tcp://*:5555` holds a glob).
    static func quoted(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "/._-+:,=@%".unicodeScalars.contains(scalar))
        }
        return plain ? word : "'" + word.replacing("'", with: "'\\''") + "'"
    }

    /// `words` quoted and joined by spaces.
    static func line(_ words: [String]) -> String { words.map(quoted).joined(separator: " ") }
}
