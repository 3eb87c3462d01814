/// Splits a command line the way a POSIX shell splits words, without running a shell:
/// single quotes keep everything literally, double quotes keep everything but `\"`, `\\`,
/// `\$` and `` \` ``, a backslash outside quotes keeps the next character. Nothing is
/// expanded (no `$VAR`, no globs, no `~`), so what is written is exactly what runs.
public enum ShellWords {
    public enum SplitError: Error, Equatable, Sendable, CustomStringConvertible {
        case unbalancedSingleQuote, unbalancedDoubleQuote, trailingBackslash
        public var description: String {
            switch self {
            case .unbalancedSingleQuote: "a single quote (') is not closed"
            case .unbalancedDoubleQuote: "a double quote (\") is not closed"
            case .trailingBackslash: "the command ends with a lone backslash"
            }
        }
    }

    public static func split(_ text: String) -> Result<[String], SplitError> {
        var words: [String] = []
        var current = ""
        var inWord = false
        var iterator = text.makeIterator()
        while let ch = iterator.next() {
            switch ch {
            case " ", "\t", "\n":
                if inWord { words.append(current); current = ""; inWord = false }
            case "'":
                inWord = true
                var closed = false
                while let next = iterator.next() {
                    if next == "'" { closed = true; break }
                    current.append(next)
                }
                if !closed { return .failure(.unbalancedSingleQuote) }
            case "\"":
                inWord = true
                var closed = false
                while let next = iterator.next() {
                    if next == "\"" { closed = true; break }
                    if next == "\\" {
                        guard let escaped = iterator.next() else { return .failure(.unbalancedDoubleQuote) }
                        if !["\"", "\\", "$", "`", "\n"].contains(escaped) { current.append("\\") }
                        if escaped != "\n" { current.append(escaped) }
                        continue
                    }
                    current.append(next)
                }
                if !closed { return .failure(.unbalancedDoubleQuote) }
            case "\\":
                guard let escaped = iterator.next() else { return .failure(.trailingBackslash) }
                if escaped != "\n" { current.append(escaped); inWord = true }
            default:
                current.append(ch)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return .success(words)
    }
}
